import type {
  AppendStreamState,
  CurrentStreamState,
  EventData,
  Filter,
  JSONEventData,
  Position as KurrentPosition,
  RecordedEvent as KurrentRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { EventMetadata, ExpectedRevision, NewEvent, Position, RecordedEvent } from '../envelope';
import { makePosition, parsePosition } from '../position';
import { chainHashes } from './event-hash';

/**
 * Pure translations between the event store port and @kurrent/kurrentdb-client. Only types are
 * imported from the client here, so this module (and its unit tests) never loads the gRPC client.
 */

// The client's constants, spelled out so that no runtime import of the client is needed.
const ANY = 'any' satisfies AppendStreamState;
const NO_STREAM = 'no_stream' satisfies AppendStreamState;
const STREAM_EXISTS = 'stream_exists' satisfies AppendStreamState;

/**
 * Streams this adapter keeps for itself. Domain stream ids never contain a dot (see
 * assertAppendable), so the `es.` prefix cannot collide with a category.
 */
export const INTERNAL_STREAM_PREFIX = 'es.';
/** One stream per event id, written in the same atomic append as the event: see reservationStream. */
export const RESERVATION_STREAM_PREFIX = `${INTERNAL_STREAM_PREFIX}eventid-`;
export const CHECKPOINT_STREAM_PREFIX = `${INTERNAL_STREAM_PREFIX}checkpoint-`;
export const RESERVATION_EVENT_TYPE = 'EventIdReserved';

/**
 * The stream that reserves an event id. KurrentDB only deduplicates ids within one stream (and, for
 * `any`, only while its cache remembers them), so the adapter makes ids unique store-wide itself:
 * every append also writes, atomically, one event to the reservation stream of each of its ids
 * with `no_stream`. A second use of an id then fails, and the reservation tells the adapter whether
 * it was a retry of the same append (same stream, same revisions) or a different event.
 */
export function reservationStream(eventId: string): string {
  return `${RESERVATION_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

export interface Reservation {
  streamId: string;
  revision: number;
}

/** Event properties the adapter stores; KurrentDB's multi-stream append takes string values only. */
export const PROPERTY = {
  eventId: 'eventId',
  schemaVersion: 'schemaVersion',
  occurredAt: 'occurredAt',
  metadata: 'metadata',
  hash: 'hash',
} as const;

/** Our expectation → the client's stream state. */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < -1) throw new RangeError(`not a revision: ${expected}`);
      return expected === -1 ? NO_STREAM : BigInt(expected);
  }
}

/** The client's stream state → our expectation. */
export function fromStreamState(state: AppendStreamState): ExpectedRevision {
  return typeof state === 'bigint' ? Number(state) : state;
}

/** The client's view of a stream's current state → our revision (-1: no stream). */
export function actualRevision(state: CurrentStreamState): number {
  return state === NO_STREAM ? -1 : Number(state);
}

export function toPosition(position: KurrentPosition): Position {
  return makePosition(position.commit, position.prepare);
}

/** Our `commit:prepare` position → the client's. */
export function toKurrentPosition(position: Position): KurrentPosition {
  const [commit, prepare] = parsePosition(position);
  return { commit, prepare };
}

/** Only streams of these categories: `child` reads `child-…`, as categoryOf splits at the first dash. */
export function categoryFilter(categories: string[]): Filter {
  return { filterOn: 'streamName', prefixes: categories.map((c) => `${c}-`), checkpointInterval: 1 };
}

/** Every stream except KurrentDB's own (`$…`) and this adapter's (`es.…`); a server-side .NET regex. */
export const DOMAIN_STREAMS_REGEX = '^(?![$]|es[.])';

export function domainStreamsFilter(): Filter {
  return { filterOn: 'streamName', regex: DOMAIN_STREAMS_REGEX, checkpointInterval: 1 };
}

export function isDomainStream(streamId: string): boolean {
  return !streamId.startsWith('$') && !streamId.startsWith(INTERNAL_STREAM_PREFIX);
}

/**
 * The events of one append as KurrentDB events: revisions `previousRevision + 1 …`, each with the
 * hash chained to `previousHash` (the hash of the event at `previousRevision`, '' when none).
 *
 * The event's own id travels as a property; the id KurrentDB sees is fresh for every attempt. That
 * keeps KurrentDB's per-stream idempotency out of the way, which in a multi-stream append does
 * harm: a request in which one stream is an idempotent repeat and another fails is answered with
 * an error that names no stream, and a repeat of a write not yet replicated is dropped unanswered
 * until the client's deadline (StorageWriterService.VerifyCommitChecks). Retries are recognised
 * by the reservations instead, exactly and store-wide.
 */
export function toEventData(
  streamId: string,
  events: NewEvent[],
  previousRevision: number,
  previousHash: string,
  now = new Date(),
): JSONEventData[] {
  const fields = events.map((event, i) => ({
    id: event.id.toLowerCase(),
    streamId,
    revision: previousRevision + 1 + i,
    type: event.type,
    schemaVersion: event.schemaVersion,
    // Milliseconds, as a JavaScript Date holds them: the hash covers exactly what is read back.
    occurredAt: event.occurredAt ?? now,
    data: event.data ?? null,
    metadata: event.metadata,
  }));
  const hashes = chainHashes(previousHash, fields);
  return fields.map((f, i) => ({
    id: randomUUID(),
    contentType: 'application/json',
    type: f.type,
    data: f.data as JSONEventData['data'],
    metadata: {
      [PROPERTY.eventId]: f.id,
      [PROPERTY.schemaVersion]: String(f.schemaVersion),
      [PROPERTY.occurredAt]: f.occurredAt.toISOString(),
      [PROPERTY.metadata]: JSON.stringify(f.metadata),
      [PROPERTY.hash]: hashes[i],
    },
  }));
}

export function reservationEventData(reservation: Reservation): EventData {
  return {
    // A fresh id, never a repeated one: a retry must fail on the reservation stream (and be
    // recognised as a retry by reading it), never be taken by the server as an idempotent write.
    id: randomUUID(),
    contentType: 'application/json',
    type: RESERVATION_EVENT_TYPE,
    data: { streamId: reservation.streamId, revision: reservation.revision },
    metadata: undefined,
  };
}

export function toReservation(event: KurrentRecordedEvent): Reservation {
  const data = jsonData(event) as Partial<Reservation>;
  if (typeof data?.streamId !== 'string' || typeof data.revision !== 'number')
    throw new Error(`malformed reservation in ${event.streamId}`);
  return { streamId: data.streamId, revision: data.revision };
}

/**
 * A KurrentDB event → our RecordedEvent. Events written by something other than this adapter carry
 * none of its properties; they are mapped as far as possible and get an empty hash (no chain).
 */
export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  if (!event.position) throw new Error(`KurrentDB returned ${event.streamId}@${event.revision} without a position`);
  const properties = propertiesOf(event.metadata);
  const metadata = properties[PROPERTY.metadata];
  return {
    id: properties[PROPERTY.eventId] ?? event.id,
    type: event.type,
    schemaVersion: Number(properties[PROPERTY.schemaVersion] ?? 1),
    streamId: event.streamId,
    revision: Number(event.revision),
    position: toPosition(event.position),
    occurredAt: new Date(properties[PROPERTY.occurredAt] ?? event.created),
    data: jsonData(event),
    metadata: (metadata ? JSON.parse(metadata) : {}) as EventMetadata,
    hash: properties[PROPERTY.hash] ?? '',
  };
}

/** Our id of a KurrentDB event: the one it was appended with (KurrentDB's own for foreign events). */
export function eventIdOf(event: KurrentRecordedEvent): string {
  return propertiesOf(event.metadata)[PROPERTY.eventId] ?? event.id;
}

/** The stored hash of an event (the previous link of the chain), '' when it has none. */
export function storedHash(event: KurrentRecordedEvent): string {
  return propertiesOf(event.metadata)[PROPERTY.hash] ?? '';
}

function propertiesOf(metadata: unknown): Record<string, string | undefined> {
  if (metadata instanceof Uint8Array) metadata = parseJson(Buffer.from(metadata).toString('utf8'));
  return metadata && typeof metadata === 'object' && !Array.isArray(metadata)
    ? (metadata as Record<string, string | undefined>)
    : {};
}

/** The client parses JSON data only when the event is flagged as JSON; take it either way. */
function jsonData(event: KurrentRecordedEvent): unknown {
  const { data } = event as { data: unknown };
  if (data instanceof Uint8Array) return data.length ? JSON.parse(Buffer.from(data).toString('utf8')) : null;
  return data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Client errors are recognised by their `type`, so a second copy of the client module still matches. */
export function clientErrorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

export const isWrongExpectedVersionError = (error: unknown) => clientErrorType(error) === 'wrong-expected-version';
export const isStreamNotFoundError = (error: unknown) => clientErrorType(error) === 'stream-not-found';
export const isUnsupportedError = (error: unknown) => clientErrorType(error) === 'unsupported';
