import { createHash } from 'node:crypto';
import { EventMetadata } from '../envelope';

/**
 * The per-stream hash chain of ARCHITECTURE.md §3, computed in TypeScript exactly as the PostgreSQL
 * adapter computes it in SQL (`es_event_content` and `es_append` in postgres/schema.ts):
 *
 *   content(e) = id ‖ stream ‖ revision ‖ type ‖ schema version ‖ occurred-at (µs since epoch)
 *                ‖ data as jsonb text ‖ metadata as jsonb text          (joined by "\n", UTF-8)
 *   hash(e₀)   = sha256(sha256(content(e₀)))
 *   hash(eₙ)   = sha256(hash(eₙ₋₁) ‖ sha256(content(eₙ)))
 *
 * KurrentDB chains nothing itself, so its adapter computes the chain on append and stores it with
 * the event. Both adapters therefore give the same hash for the same event, and one verifier (the
 * audit service, the sealer) serves both: it recomputes the chain from what it reads.
 */

/** The fields of an event that its hash covers. */
export interface HashedFields {
  id: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  occurredAt: Date;
  data: unknown;
  metadata: EventMetadata;
}

export function eventContent(event: HashedFields): Buffer {
  const micros = BigInt(event.occurredAt.getTime()) * 1000n;
  return Buffer.from(
    [
      event.id.toLowerCase(),
      event.streamId,
      String(event.revision),
      event.type,
      String(event.schemaVersion),
      String(micros),
      jsonbText(event.data),
      jsonbText(event.metadata),
    ].join('\n'),
    'utf8',
  );
}

/** Hash of `event` chained to the hash of the event before it in its stream (hex; '' for revision 0). */
export function chainHash(previousHash: string, event: HashedFields): string {
  const inner = createHash('sha256').update(eventContent(event)).digest();
  return createHash('sha256').update(Buffer.from(previousHash, 'hex')).update(inner).digest('hex');
}

/** The hashes of events appended in one go after an event whose hash is `previousHash`. */
export function chainHashes(previousHash: string, events: HashedFields[]): string[] {
  const hashes: string[] = [];
  let previous = previousHash;
  for (const event of events) {
    previous = chainHash(previous, event);
    hashes.push(previous);
  }
  return hashes;
}

/**
 * The text PostgreSQL prints for `value::jsonb` after the value went through JSON.stringify (which
 * is what both adapters store): object keys ordered by UTF-8 length, then bytewise; ", " and ": "
 * separators; numbers in plain decimal notation (jsonb keeps them as numeric, which never prints
 * an exponent).
 */
export function jsonbText(value: unknown): string {
  const json = JSON.stringify(value);
  return render(json === undefined ? null : JSON.parse(json));
}

function render(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return plainDecimal(JSON.stringify(value));
    case 'string':
      // JSON.stringify escapes exactly the characters jsonb escapes (", \, control characters).
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
      const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareJsonbKeys(a, b));
      return `{${entries.map(([key, v]) => `${JSON.stringify(key)}: ${render(v)}`).join(', ')}}`;
    }
    default:
      throw new Error(`not a JSON value: ${typeof value}`);
  }
}

/** jsonb's key order: shorter UTF-8 byte length first, then byte order. */
export function compareJsonbKeys(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length !== y.length ? x.length - y.length : Buffer.compare(x, y);
}

/**
 * `1e+21` → `1000000000000000000000`, `1.5e-7` → `0.00000015`: what PostgreSQL's numeric prints for
 * the shortest round-trip text JavaScript gives a number (the digits kept, the exponent spelled out).
 */
export function plainDecimal(json: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(json);
  if (!match) return json;
  const [, sign, whole, fraction = '', exponent] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
