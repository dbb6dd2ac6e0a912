// Helpers for this library's integration tests (not a test file itself: no .int/.unit suffix).
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ensureEventStoreSchema,
  EventStore,
  NewEvent,
  PostgresEventStore,
  ProtectedEventStore,
  RecordedEvent,
} from '@app/event-store';
import { VILLAGE_OFFICER } from '@app/event-store/contract/fixtures';
import { createTestDatabase, testSettings, uniqueName, withDatabase } from '@app/testing';
import mongoose, { Connection } from 'mongoose';
import { Pool } from 'pg';
import { STREAM_SUMMARIES } from './examples/stream-summaries.projection';

export interface TestEventStore {
  store: EventStore;
  url: string;
  pool: Pool;
  close(): Promise<void>;
}

/** An event store in a PostgreSQL database of this test file's own. */
export async function testEventStore(): Promise<TestEventStore> {
  const database = await createTestDatabase('projections');
  const pool = new Pool({ connectionString: database.url, max: 5 });
  await ensureEventStoreSchema(pool);
  return {
    store: new ProtectedEventStore(new PostgresEventStore(pool)),
    url: database.url,
    pool,
    close: async () => {
      await pool.end();
      await database.drop();
    },
  };
}

/** A MongoDB database of its own on the given server (the shared FerretDB by default). */
export async function testMongo(serverUrl = testSettings().MONGO_URL): Promise<Connection> {
  const connection = mongoose.createConnection(withDatabase(serverUrl, uniqueName('proj')), {
    serverSelectionTimeoutMS: 30_000,
  });
  await connection.asPromise();
  return connection;
}

export async function dropMongo(connection: Connection): Promise<void> {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close(true);
}

/** A category no other test run uses, so that readAll sees only this run's events. */
export const testCategory = () => `t${randomBytes(4).toString('hex')}`;

const TYPES = ['ChildRegistered', 'GuardianAdded', 'ChildClassified', 'AllowanceApproved', 'FollowUpRecorded'];

function newEvent(type: string, n: number): NewEvent {
  const id = randomUUID();
  return {
    id,
    type,
    schemaVersion: 1,
    data: { n },
    metadata: { correlationId: id, causationId: id, decision: VILLAGE_OFFICER },
  };
}

/**
 * Appends `total` events round-robin over `streams` streams of the category, `perAppend` per
 * append, with event types that vary so that "last event type" means something.
 */
export async function appendEvents(
  store: EventStore,
  category: string,
  { streams, total, perAppend = 25 }: { streams: number; total: number; perAppend?: number },
): Promise<void> {
  const ids = Array.from({ length: streams }, (_, i) => `${category}-s${String(i).padStart(3, '0')}`);
  for (let start = 0, append = 0; start < total; append++) {
    const count = Math.min(perAppend, total - start);
    const events = Array.from({ length: count }, (_, i) => newEvent(TYPES[(start + i * 7) % TYPES.length], start + i));
    await store.append(ids[append % streams], events, 'any');
    start += count;
  }
}

export async function allEvents(store: EventStore, category: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ categories: [category], from: events.at(-1)?.position, maxCount: 1000 });
    if (!page.length) return events;
    events.push(...page);
  }
}

/** What the events say the stream summaries are, computed without the projection code. */
export function expectedSummaries(events: RecordedEvent[]): Record<string, unknown>[] {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  return [...byStream.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([streamId, ofStream]) => ({
      _id: streamId,
      category: streamId.split('-')[0],
      eventCount: ofStream.length,
      firstEventType: ofStream[0].type,
      lastEventType: ofStream.at(-1)!.type,
      lastRevision: ofStream.at(-1)!.revision,
      lastOccurredAt: ofStream.at(-1)!.occurredAt,
    }));
}

/** Every document of a collection, by id, as stored. */
export async function documents(
  connection: Connection,
  collection = STREAM_SUMMARIES,
): Promise<Record<string, unknown>[]> {
  return connection.collection(collection).find({}).sort({ _id: 1 }).toArray() as Promise<Record<string, unknown>[]>;
}

/** Documents without the position field, to compare with what the events say. */
export const withoutPosition = (docs: Record<string, unknown>[]) =>
  docs.map(({ lastPosition: _ignored, ...rest }) => rest);
