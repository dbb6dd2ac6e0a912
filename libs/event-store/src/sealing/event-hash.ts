import { createHash } from 'node:crypto';

/**
 * An event's columns as text, exactly as `es_event_content` (postgres/schema.ts) renders them. The
 * JSON must be PostgreSQL's own `jsonb::text` rendering, never a JSON.stringify of parsed values:
 * jsonb normalises key order, spacing and numbers its own way, and the hash covers its text.
 */
export interface EventHashInput {
  eventId: string;
  streamId: string;
  revision: string;
  type: string;
  schemaVersion: string;
  occurredAtMicros: string;
  dataText: string;
  metadataText: string;
}

/** Select list (for `es_events e`) that yields an EventHashInput plus the stored hash and position. */
export const EVENT_HASH_COLUMNS = /* sql */ `
  e.event_id::text AS event_id, e.stream_id, e.revision::text AS revision, e.type,
  e.schema_version::text AS schema_version,
  (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text AS occurred_at_micros,
  e.data::text AS data_text, e.metadata::text AS metadata_text, e.hash,
  e.transaction_id::text AS transaction_id, e.global_position::text AS global_position`;

export interface EventHashRow {
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: string;
  occurred_at_micros: string;
  data_text: string;
  metadata_text: string;
  hash: Buffer;
  transaction_id: string;
  global_position: string;
}

export function hashInputOf(row: EventHashRow): EventHashInput {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    schemaVersion: row.schema_version,
    occurredAtMicros: row.occurred_at_micros,
    dataText: row.data_text,
    metadataText: row.metadata_text,
  };
}

/** The bytes `es_event_content` returns: eight fields joined by LF, UTF-8. */
export function eventContent(input: EventHashInput): Buffer {
  return Buffer.from(
    [
      input.eventId,
      input.streamId,
      input.revision,
      input.type,
      input.schemaVersion,
      input.occurredAtMicros,
      input.dataText,
      input.metadataText,
    ].join('\n'),
    'utf8',
  );
}

export function contentDigest(input: EventHashInput): Buffer {
  return createHash('sha256').update(eventContent(input)).digest();
}

/** The genesis "previous hash" of every stream: no bytes at all. */
export const GENESIS_HASH: Buffer = Buffer.alloc(0);

/** hash = sha256(previous_hash || sha256(content)), as es_append computes it. */
export function chainHash(previousHash: Uint8Array, digest: Uint8Array): Buffer {
  return createHash('sha256').update(previousHash).update(digest).digest();
}

/** The hash an event must carry, given the stored hash of the previous event of its stream. */
export function expectedEventHash(input: EventHashInput, previousHash: Uint8Array = GENESIS_HASH): Buffer {
  return chainHash(previousHash, contentDigest(input));
}
