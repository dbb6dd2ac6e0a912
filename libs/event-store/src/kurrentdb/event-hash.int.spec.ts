import { Pool } from 'pg';
import { createTestDatabase } from '@app/testing';
import { newEvent } from '../contract/fixtures';
import { NewEvent } from '../envelope';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { ensureEventStoreSchema } from '../postgres/schema';
import { chainHashes, jsonbText } from './event-hash';

// The KurrentDB adapter computes in TypeScript the hash chain PostgreSQL computes in SQL; the audit
// verifier relies on both giving the same hash for the same event. Checked here against PostgreSQL.

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('es_hash');
  pool = new Pool({ connectionString: database.url, max: 4 });
  await ensureEventStoreSchema(pool);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** Data that exercises jsonb's text form: key order, numbers, escapes, non-ASCII. */
const AWKWARD: unknown[] = [
  { zz: 1, a: 2, bb: [3, 4.5, -0.25], 张: '三', é: 'x', b: { y: null, x: true } },
  { big: 1e21, bigger: -2.5e25, small: 1.5e-7, tiny: 5e-324, third: 1 / 3, max: Number.MAX_SAFE_INTEGER },
  { text: 'quote " backslash \\ newline \n tab \t bell \u0007 del \u007f emoji 😀 sep \u2028' },
  { empty: {}, none: [], nested: [[], [{}], { '': '' }] },
  'a bare string',
  42,
  [1, 'two', { three: 3 }],
  { when: new Date('2026-03-01T08:00:00.123Z'), dropped: undefined },
];

describe('the event hash chain, computed for KurrentDB as PostgreSQL computes it', () => {
  it('renders data as jsonb text, byte for byte', async () => {
    for (const data of AWKWARD) {
      const { rows } = await pool.query<{ text: string }>('SELECT ($1::jsonb)::text AS text', [JSON.stringify(data)]);
      expect(jsonbText(data)).toBe(rows[0].text);
    }
  });

  it('gives every event of a stream the hash PostgreSQL stored for it', async () => {
    const stream = 'hashcheck-1';
    const written: NewEvent[] = AWKWARD.map((data, i) => {
      const event = newEvent(`Awkward${i}`, data);
      event.occurredAt = new Date(Date.UTC(2026, 0, 1 + i, 9, 30, 15, 7 * i));
      event.schemaVersion = 1 + (i % 3);
      return event;
    });
    written[0].id = written[0].id.toUpperCase(); // PostgreSQL hashes the uuid's text, which is lower case
    const store = new PostgresEventStore(pool);
    await store.append(stream, written.slice(0, 3), 'no_stream');
    await store.append(stream, written.slice(3), 'any');

    const read = await store.readStream(stream);
    expect(chainHashes('', read)).toEqual(read.map((e) => e.hash));
    // What the KurrentDB adapter hashes is the event it is given, before anything is stored.
    const fromWritten = chainHashes(
      '',
      written.map((e, i) => ({ ...e, streamId: stream, revision: i, occurredAt: e.occurredAt! })),
    );
    expect(fromWritten).toEqual(read.map((e) => e.hash));
  });
});
