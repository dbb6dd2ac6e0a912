import { createHash } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function isValidTraceparent(value: string | undefined): value is string {
  const match = value ? TRACEPARENT.exec(value) : null;
  return !!match && !/^0+$/.test(match[1]) && !/^0+$/.test(match[2]);
}

const hexOf = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length);

/**
 * The W3C traceparent a message carries: the one stored with the event when the request had one;
 * otherwise one derived from the correlation id (trace) and the event id (parent), not sampled. It is
 * derived rather than random so that a redelivered message carries the same header.
 */
export function traceparentOf(event: {
  id: string;
  metadata: { correlationId: string; traceparent?: string };
}): string {
  if (isValidTraceparent(event.metadata.traceparent)) return event.metadata.traceparent;
  return `00-${hexOf(event.metadata.correlationId, 32)}-${hexOf(event.id, 16)}-00`;
}
