import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Pool, PoolClient } from 'pg';
import { MESSAGE_HEADERS as H } from '@app/contracts';
import { ensureEventStoreSchema, NewEvent, PostgresCheckpointStore, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, eventually, PrivateServer, startPrivateServer, uniqueName } from '@app/testing';
import { ensureTopics } from '../kafka/topics';
import { Relay } from '../relay/relay';
import { caseClosed, caseMapper, caseOpened, caseStream } from '../testing/case-events';
import { readTopic } from '../testing/kafka-probe';
import { quietLogger } from '../testing/quiet-logger';
import { AnyIntegrationHandler } from './handler';
import { PostgresInbox } from './inbox';
import { IntegrationConsumer, Outcome } from './integration-consumer';

/**
 * Fault test: the Kafka broker (a private one, slot 1) is killed with SIGKILL while the relay
 * produces and a consumer consumes, and started again. Nothing may be lost, and the consumer's
 * effect must happen exactly once per event.
 */
const EVENTS = 1_200;

let broker: PrivateServer;
let kafka: Kafka;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let relay: Relay | undefined;
let consumer: IntegrationConsumer | undefined;

beforeAll(async () => {
  broker = startPrivateServer('kafka', 1);
  kafka = new Kafka({
    clientId: 'broker-restart-test',
    brokers: broker.url.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2_000 },
  });
  database = await createTestDatabase('msg_broker_restart');
  pool = new Pool({ connectionString: database.url, max: 10 });
  await ensureEventStoreSchema(pool);
  await new PostgresInbox(pool).ensureSchema();
  await pool.query('CREATE TABLE effects (event_id uuid NOT NULL)');
}, 120_000);
afterAll(async () => {
  await relay?.stop();
  await consumer?.stop();
  await pool?.end();
  await database?.drop();
  broker?.destroy();
}, 60_000);

const countEffects = async () =>
  (await pool.query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM effects')).rows[0].n;

describe('a Kafka broker killed and restarted during consumption', () => {
  it('loses nothing, and the consumer changes state exactly once per event', async () => {
    const topic = uniqueName('cases');
    await ensureTopics(kafka, [topic, `${topic}.dlq`]);
    const store = new PostgresEventStore(pool);
    const mapper = caseMapper(topic);
    const outcomes: Outcome[] = [];
    const record = (eventId: string, tx: PoolClient) =>
      tx.query('INSERT INTO effects (event_id) VALUES ($1)', [eventId]);
    consumer = new IntegrationConsumer({
      kafka,
      groupId: uniqueName('restart_group'),
      handlers: mapper.contracts.map((contract): AnyIntegrationHandler => ({
        contract,
        idempotency: 'inbox',
        handle: async (event, ctx) => void (await record(event.id, ctx.tx)),
      })),
      inbox: new PostgresInbox(pool),
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      logger: quietLogger(),
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    relay = new Relay({
      service: uniqueName('restart_svc'),
      store,
      checkpoints: new PostgresCheckpointStore(pool),
      kafka,
      categories: ['case'],
      mapper,
      batchSize: 50,
      idleDelayMs: 20,
      logger: quietLogger(),
    });
    await consumer.start();
    await relay.start();

    // Events keep being appended, before, during and after the outage.
    const events: NewEvent[] = [];
    let appending = true;
    const appended = (async () => {
      while (events.length < EVENTS) {
        const caseId = randomUUID();
        const pair = [caseOpened(caseId), caseClosed(caseId)];
        await store.append(caseStream(caseId), pair, 'no_stream');
        events.push(...pair);
        if (events.length % 40 === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      appending = false;
    })();

    await eventually(
      async () => ((await countEffects()) >= 300 ? true : undefined),
      60_000,
      '300 effects before the crash',
    );
    broker.stop('SIGKILL');
    const atCrash = await countEffects();
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // clients find the broker gone
    broker.start();
    expect(atCrash).toBeLessThan(EVENTS);

    await appended;
    expect(appending).toBe(false);
    await eventually(
      async () => ((await countEffects()) === EVENTS ? true : undefined),
      90_000,
      'an effect for every event',
    );
    await relay.stop();
    await consumer.stop();

    const ids = events.map((e) => e.id).sort();
    const messages = await readTopic(kafka, topic);
    expect([...new Set(messages.map((m) => m.headers[H.eventId]))].sort()).toEqual(ids);
    const { rows } = await pool.query<{ event_id: string }>('SELECT event_id FROM effects ORDER BY event_id');
    expect(rows.map((r) => r.event_id)).toEqual(ids);
    expect(outcomes.filter((o) => o.kind === 'dead-lettered')).toEqual([]);
  });
});
