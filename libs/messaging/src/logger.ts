/** What messaging logs through: Nest's Logger fits, and so does console. */
export interface MessagingLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export const consoleLogger = (context: string): MessagingLogger => ({
  log: (message) => console.log(`[${context}] ${message}`),
  warn: (message) => console.warn(`[${context}] ${message}`),
  error: (message, stack) => console.error(`[${context}] ${message}${stack ? `\n${stack}` : ''}`),
});

export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
