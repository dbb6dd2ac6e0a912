import type { IHeaders } from 'kafkajs';
import { AnyContract, MESSAGE_HEADERS as H } from '@app/contracts';
import type { RecordedEvent } from '@app/event-store';
import { traceparentOf } from './trace-context';

/** The headers of a message, read and checked. */
export interface MessageHeaders {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  contract: string;
  contractVersion: number;
  correlationId: string;
  causationId: string;
  traceparent?: string;
  occurredAt: string;
  sourceStream: string;
  sourceRevision: number;
}

/** Headers of the message relayed for a stored event (all strings: Kafka headers are bytes). */
export function buildHeaders(event: RecordedEvent, contract: AnyContract): Record<string, string> {
  return {
    [H.eventId]: event.id,
    [H.eventType]: event.type,
    [H.schemaVersion]: String(event.schemaVersion),
    [H.contract]: contract.name,
    [H.contractVersion]: String(contract.version),
    [H.correlationId]: event.metadata.correlationId,
    [H.causationId]: event.metadata.causationId,
    [H.traceparent]: traceparentOf(event),
    [H.occurredAt]: event.occurredAt.toISOString(),
    [H.sourceStream]: event.streamId,
    [H.sourceRevision]: String(event.revision),
  };
}

/** A header's value as text; kafkajs hands them over as Buffers (or arrays for repeated headers). */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MalformedMessage extends Error {
  readonly code = 'MESSAGING.MALFORMED_MESSAGE';
}

/** Reads the headers a consumer needs; a message without them cannot be processed by anyone. */
export function readHeaders(headers: IHeaders | undefined): MessageHeaders {
  const text = (name: string) => {
    const value = headerText(headers, name);
    if (!value) throw new MalformedMessage(`header ${name} is missing`);
    return value;
  };
  const whole = (name: string) => {
    const value = Number(text(name));
    if (!Number.isInteger(value) || value < 0) throw new MalformedMessage(`header ${name} is not a whole number`);
    return value;
  };
  const eventId = text(H.eventId);
  if (!UUID.test(eventId)) throw new MalformedMessage(`header ${H.eventId} is not a UUID: ${eventId}`);
  return {
    eventId,
    eventType: text(H.eventType),
    schemaVersion: whole(H.schemaVersion),
    contract: text(H.contract),
    contractVersion: whole(H.contractVersion),
    correlationId: text(H.correlationId),
    causationId: text(H.causationId),
    traceparent: headerText(headers, H.traceparent),
    occurredAt: text(H.occurredAt),
    sourceStream: text(H.sourceStream),
    sourceRevision: whole(H.sourceRevision),
  };
}
