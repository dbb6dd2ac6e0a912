/**
 * A handler throws PermanentError when retrying cannot help (the event refers to something this
 * service will never accept): the message goes to the dead-letter topic at once.
 */
export class PermanentError extends Error {
  readonly code: string = 'MESSAGING.PERMANENT';
}

const NODE_CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
// PostgreSQL: admin/crash shutdown, cannot connect now, too many connections, out of resources.
const PG_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53200', '53100']);

/**
 * An error that says the infrastructure is unavailable, not that the message is bad: the message is
 * retried for as long as it takes (the partition waits), and never counted towards the dead-letter
 * limit — an outage of PostgreSQL must not move every message of the hour to the dead-letter topic.
 */
export function isInfrastructureError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NODE_CONNECTION_CODES.has(code) || PG_UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
  }
  // node-postgres reports a lost connection and a pool timeout without a code.
  if (
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      error.message,
    )
  ) {
    return true;
  }
  return error.cause !== undefined && error.cause !== error && isInfrastructureError(error.cause);
}
