import { MessagingLogger } from '../logger';

/** A logger that keeps lines for assertions instead of printing them. */
export function quietLogger(): MessagingLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (message) => void lines.push(`log ${message}`),
    warn: (message) => void lines.push(`warn ${message}`),
    error: (message) => void lines.push(`error ${message}`),
  };
}
