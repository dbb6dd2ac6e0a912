import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { MESSAGE_HEADERS as H } from '@app/contracts';
import {
  ensureEventStoreSchema,
  PostgresCheckpointStore,
  PostgresEventStore,
  ProtectedEventStore,
} from '@app/event-store';
import { createTestDatabase, eventually, testSettings, uniqueName } from '@app/testing';
import { caseClosed, caseMapper, caseNoteAdded, caseOpened, caseStream } from '../testing/case-events';
import { readTopic } from '../testing/kafka-probe';
import { quietLogger } from '../testing/quiet-logger';
import { Relay, RelayOptions } from './relay';
import { PostgresRelayLease } from './relay-lease';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let store: ProtectedEventStore;
let checkpoints: PostgresCheckpointStore;
const brokers = testSettings().KAFKA_BROKERS.split(',');
const kafka = new Kafka({ clientId: 'relay-test', brokers, logLevel: logLevel.NOTHING });

beforeAll(async () => {
  database = await createTestDatabase('msg_relay');
  pool = new Pool({ connectionString: database.url, max: 10 });
  await ensureEventStoreSchema(pool);
  store = new ProtectedEventStore(new PostgresEventStore(pool));
  checkpoints = new PostgresCheckpointStore(pool);
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

function relay(topic: string, service: string, overrides: Partial<RelayOptions> = {}): Relay {
  return new Relay({
    service,
    store,
    checkpoints,
    kafka,
    categories: ['case'],
    mapper: caseMapper(topic),
    batchSize: 4,
    idleDelayMs: 20,
    logger: quietLogger(),
    ...overrides,
  });
}

/** Each test relays its own service's events: the category is shared, so its checkpoint starts at the end. */
async function startAtTheEnd(service: string): Promise<void> {
  const [last] = await store.readAll({ categories: ['case'], maxCount: 1_000_000 }).then((all) => all.slice(-1));
  if (last) await checkpoints.store(`relay:${service}`, last.position);
}

describe('the relay', () => {
  it('publishes each mapped event once, keyed by its stream id, with the envelope in headers', async () => {
    const topic = uniqueName('cases');
    const service = uniqueName('svc');
    await startAtTheEnd(service);
    const cases = [randomUUID(), randomUUID(), randomUUID()];
    const stored = new Map<string, ReturnType<typeof caseOpened>[]>();
    for (const caseId of cases) {
      const events = [caseOpened(caseId), caseNoteAdded(caseId), caseClosed(caseId)];
      stored.set(caseId, events);
      await store.append(caseStream(caseId), events, 'no_stream');
    }
    // Another service's category: not this relay's to publish.
    await store.append(`child-${randomUUID()}`, [caseOpened(randomUUID())], 'no_stream');

    const first = relay(topic, service);
    await first.start();
    await eventually(async () => (first.status().published === 6 ? true : undefined), 30_000, 'six messages');
    await first.stop();

    const messages = await readTopic(kafka, topic);
    expect(messages).toHaveLength(6);
    for (const caseId of cases) {
      const [opened, , closed] = stored.get(caseId)!;
      const ofCase = messages.filter((m) => m.key === caseStream(caseId));
      // One key, one partition, in the order of the stream.
      expect(new Set(ofCase.map((m) => m.partition)).size).toBe(1);
      expect(ofCase.map((m) => m.headers[H.eventId])).toEqual([opened.id, closed.id]);
      expect(ofCase[0].headers).toMatchObject({
        [H.eventType]: 'CaseOpened',
        [H.schemaVersion]: '1',
        [H.contract]: 'example.CaseOpened',
        [H.contractVersion]: '1',
        [H.correlationId]: opened.metadata.correlationId,
        [H.causationId]: opened.metadata.causationId,
        [H.sourceStream]: caseStream(caseId),
        [H.sourceRevision]: '0',
      });
      expect(ofCase[0].headers[H.traceparent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
      expect(JSON.parse(ofCase[0].value!)).toEqual({
        caseId,
        jurisdiction: '330602001001',
        category: 'orphan',
        openedOn: '2025-03-01',
      });
      expect(ofCase[1].headers[H.sourceRevision]).toBe('2');
    }
    expect(messages.some((m) => m.value!.includes('王小明'))).toBe(false);

    // Restarted, it continues from its checkpoint: only what was appended since.
    const later = randomUUID();
    const laterEvent = caseOpened(later);
    await store.append(caseStream(later), [laterEvent], 'no_stream');
    const second = relay(topic, service);
    await second.start();
    await eventually(async () => (second.status().published === 1 ? true : undefined), 30_000, 'one more message');
    await second.stop();
    const after = await readTopic(kafka, topic);
    expect(after).toHaveLength(7);
    expect(after.filter((m) => m.headers[H.eventId] === laterEvent.id)).toHaveLength(1);
  });

  it('keeps its checkpoint when the broker does not acknowledge, and publishes everything once it does', async () => {
    const topic = uniqueName('cases');
    const service = uniqueName('svc');
    await startAtTheEnd(service);
    const before = await checkpoints.load(`relay:${service}`);
    const caseId = randomUUID();
    const events = [caseOpened(caseId), caseClosed(caseId)];
    await store.append(caseStream(caseId), events, 'no_stream');

    const nowhere = new Kafka({
      clientId: 'relay-test',
      brokers: ['127.0.0.1:1'],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 200,
      retry: { retries: 0 },
    });
    const cut = relay(topic, service, { kafka: nowhere, ensureTopics: false });
    await cut.start();
    await eventually(async () => cut.status().lastError, 30_000, 'the send to fail');
    await cut.stop();
    expect(cut.status().published).toBe(0);
    expect(await checkpoints.load(`relay:${service}`)).toBe(before);

    const healed = relay(topic, service);
    await healed.start();
    await eventually(async () => (healed.status().published === 2 ? true : undefined), 30_000, 'both messages');
    await healed.stop();
    const messages = await readTopic(kafka, topic);
    expect(messages.map((m) => m.headers[H.eventId])).toEqual(events.map((e) => e.id));
  });

  it('stops at an event its mapping cannot publish instead of skipping it', async () => {
    const topic = uniqueName('cases');
    const service = uniqueName('svc');
    await startAtTheEnd(service);
    const caseId = randomUUID();
    const broken = caseOpened(caseId);
    (broken.data as { jurisdiction: string }).jurisdiction = 'Yuecheng';
    await store.append(caseStream(caseId), [broken, caseClosed(caseId)], 'no_stream');
    const before = await checkpoints.load(`relay:${service}`);

    const stuck = relay(topic, service);
    await stuck.start();
    await eventually(async () => stuck.status().lastError, 30_000, 'the mapping error');
    expect(stuck.status().lastError!.message).toMatch(
      new RegExp(
        `cannot publish event ${broken.id} \\(CaseOpened, case-${caseId}@0\\): payload violates contract example\\.CaseOpened v1: /jurisdiction`,
      ),
    );
    await stuck.stop();
    expect(stuck.status().published).toBe(0);
    expect(await checkpoints.load(`relay:${service}`)).toBe(before);
  });

  it('lets one relay of a service publish at a time, and hands over when the holder stops or its session dies', async () => {
    const topic = uniqueName('cases');
    const service = uniqueName('svc');
    await startAtTheEnd(service);
    const logs = [quietLogger(), quietLogger(), quietLogger()];
    const [a, b, c] = logs.map((logger) =>
      relay(topic, service, { lease: new PostgresRelayLease(pool, 200), leaseRetryMs: 100, batchSize: 50, logger }),
    );
    const appendCase = async () => {
      const caseId = randomUUID();
      const event = caseOpened(caseId);
      await store.append(caseStream(caseId), [event], 'no_stream');
      return event.id;
    };
    const published = () => [a, b, c].reduce((sum, r) => sum + r.status().published, 0);
    const activeOnes = () => [b, c].filter((r) => r.status().active);
    try {
      await a.start();
      await eventually(async () => (a.status().active ? true : undefined), 10_000, 'a to take the lease');
      await b.start();
      await c.start();
      const ids = [await appendCase(), await appendCase()];
      await eventually(async () => (a.status().published === 2 ? true : undefined), 30_000, 'a to publish');
      expect(activeOnes()).toEqual([]);

      // The holder stops: another takes over from the checkpoint.
      await a.stop();
      ids.push(await appendCase());
      await eventually(async () => (published() === 3 ? true : undefined), 30_000, 'a successor to publish');
      expect(activeOnes()).toHaveLength(1);
      const holder = activeOnes()[0];

      // The holder's session dies (a crash, a failover): it stops publishing, and one relay takes the lease again.
      await pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      await eventually(
        async () =>
          logs[[a, b, c].indexOf(holder)].lines.some((l) => l.includes('lost the lease')) ? true : undefined,
        10_000,
        'the holder to notice',
      );
      ids.push(await appendCase());
      await eventually(async () => (published() === 4 ? true : undefined), 30_000, 'the next holder to publish');
      expect(activeOnes()).toHaveLength(1);

      const messages = await readTopic(kafka, topic);
      expect(messages.map((m) => m.headers[H.eventId]).sort()).toEqual([...ids].sort());
    } finally {
      await Promise.all([a, b, c].map((r) => r.stop()));
    }
  });
});
