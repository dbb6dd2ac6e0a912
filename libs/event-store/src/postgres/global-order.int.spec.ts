import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Pool } from 'pg';
import { createTestDatabase } from '@app/testing';
import { events, testCategory, VILLAGE_OFFICER } from '../contract/fixtures';
import { ExpectedRevision, RecordedEvent } from '../envelope';
import { WrongExpectedVersion } from '../errors';
import { CatchUpSubscription } from '../subscription';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { PostgresEventStore } from './postgres-event-store';
import { ensureEventStoreSchema } from './schema';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let store: PostgresEventStore;

beforeAll(async () => {
  database = await createTestDatabase('es_order');
  pool = new Pool({ connectionString: database.url, max: 30 });
  await ensureEventStoreSchema(pool);
  store = new PostgresEventStore(pool);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const random = (max: number) => Math.floor(Math.random() * max);

/**
 * One writer transaction with delays inside it, so that transactions overlap and commit in another
 * order than they started; `commit: false` rolls back after writing.
 */
async function slowAppend(streamId: string, count: number, commit: boolean): Promise<string[]> {
  const client = await pool.connect();
  const ids = Array.from({ length: count }, () => randomUUID());
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_sleep($1)', [random(15) / 1000]);
    const metadata = { correlationId: ids[0], causationId: ids[0], decision: VILLAGE_OFFICER };
    await client.query(`SELECT * FROM es_append($1, $2, 'any', $3::jsonb)`, [
      streamId,
      streamId.split('-')[0],
      JSON.stringify(ids.map((id, i) => ({ id, type: 'Written', version: 1, at: new Date(), data: { i }, metadata }))),
    ]);
    await client.query('SELECT pg_sleep($1)', [random(25) / 1000]);
    await client.query(commit ? 'COMMIT' : 'ROLLBACK');
    return ids;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describe('global order under concurrent writers (PostgreSQL)', () => {
  it('a subscriber receives every committed event exactly once, in order, and never a rolled-back one', async () => {
    const category = testCategory();
    const received: RecordedEvent[] = [];
    const subscription = new CatchUpSubscription(store, {
      subscriptionId: `order-${category}`,
      categories: [category],
      checkpoints: new PostgresCheckpointStore(pool),
      batchSize: 7,
      idleDelayMs: 5,
      handle: async (batch) => void received.push(...batch),
    });
    await subscription.start();

    const rolledBack = new Set<string>();
    const writers = Array.from({ length: 12 }, async () => {
      for (let i = 0; i < 20; i++) {
        const commit = Math.random() > 0.2;
        const ids = await slowAppend(`${category}-${random(5)}`, 1 + random(3), commit);
        if (!commit) ids.forEach((id) => rolledBack.add(id));
      }
    });
    await Promise.all(writers);

    const { rows } = await pool.query<{ event_id: string }>(
      'SELECT event_id FROM es_events WHERE category = $1 ORDER BY transaction_id, global_position',
      [category],
    );
    const committed = rows.map((r) => r.event_id);
    const deadline = Date.now() + 20_000;
    while (received.length < committed.length && Date.now() < deadline) await sleep(20);
    await sleep(100); // anything extra would arrive now
    await subscription.stop();

    expect(rolledBack.size).toBeGreaterThan(0);
    expect(received.map((e) => e.id)).toEqual(committed);
    expect(received.some((e) => rolledBack.has(e.id))).toBe(false);
    for (let i = 1; i < received.length; i++) {
      expect(store.comparePositions(received[i - 1].position, received[i].position)).toBe(-1);
    }
    // Per stream, revisions are contiguous despite the rollbacks.
    const byStream = new Map<string, number[]>();
    for (const e of received) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
    for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
  });

  it('does not hand out events of a transaction still open, and delivers them once it commits', async () => {
    const category = testCategory();
    await store.append(`${category}-1`, events(1), 'no_stream');
    const open = await pool.connect();
    try {
      await open.query('BEGIN');
      await open.query(`SELECT * FROM es_append($1, $2, 'any', $3::jsonb)`, [
        `${category}-2`,
        category,
        JSON.stringify([
          {
            id: randomUUID(),
            type: 'Written',
            version: 1,
            at: new Date(),
            data: {},
            metadata: { correlationId: 'c', causationId: 'c', decision: VILLAGE_OFFICER },
          },
        ]),
      ]);
      // A later, committed append must wait behind the open transaction: handing it out now would
      // let a reader's checkpoint pass the open transaction's event, which would then never be read.
      await store.append(`${category}-3`, events(1), 'no_stream');
      const visible = await store.readAll({ categories: [category] });
      expect(visible.map((e) => e.streamId)).toEqual([`${category}-1`]);
      await open.query('COMMIT');
    } finally {
      open.release();
    }
    const after = await store.readAll({ categories: [category] });
    expect(after.map((e) => e.streamId)).toEqual([`${category}-1`, `${category}-2`, `${category}-3`]);
  });
});

type Expectation = 'correct' | 'stale' | 'any' | 'no_stream' | 'stream_exists';

describe('revision invariants (property-based, fast-check)', () => {
  it('every append succeeds or fails exactly as a model of stream revisions predicts', async () => {
    const command = fc.record({
      stream: fc.integer({ min: 0, max: 2 }),
      count: fc.integer({ min: 1, max: 3 }),
      expectation: fc.constantFrom<Expectation>('correct', 'stale', 'any', 'no_stream', 'stream_exists'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
        const category = testCategory();
        const model = [-1, -1, -1];
        for (const { stream, count, expectation } of commands) {
          const current = model[stream];
          const expected: ExpectedRevision =
            expectation === 'correct'
              ? current
              : expectation === 'stale'
                ? current - 1 + (current < 0 ? 3 : 0)
                : expectation;
          const accepted =
            expectation === 'correct' && current >= 0
              ? true
              : expectation === 'correct'
                ? false // a numeric expectation for a missing stream is a lost race
                : expectation === 'stale'
                  ? false
                  : expectation === 'any'
                    ? true
                    : expectation === 'no_stream'
                      ? current === -1
                      : current >= 0;
          const attempt = store.append(`${category}-${stream}`, events(count), expected);
          if (accepted) {
            const result = await attempt;
            model[stream] = current + count;
            expect(result.nextExpectedRevision).toBe(model[stream]);
          } else {
            await expect(attempt).rejects.toMatchObject({ constructor: WrongExpectedVersion, actual: current });
          }
        }
        for (let stream = 0; stream < 3; stream++) {
          const read = await store.readStream(`${category}-${stream}`);
          expect(read.map((e) => e.revision)).toEqual(Array.from({ length: model[stream] + 1 }, (_, i) => i));
          expect(await store.streamRevision(`${category}-${stream}`)).toBe(model[stream]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
