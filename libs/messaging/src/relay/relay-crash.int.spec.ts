import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { MESSAGE_HEADERS as H } from '@app/contracts';
import { CaseOpened } from '@app/contracts/examples/case-contracts';
import { ensureEventStoreSchema, NewEvent, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, eventually, testSettings, uniqueName } from '@app/testing';
import { AnyIntegrationHandler } from '../consumer/handler';
import { PostgresInbox } from '../consumer/inbox';
import { IntegrationConsumer } from '../consumer/integration-consumer';
import { ensureTopics } from '../kafka/topics';
import { caseClosed, caseMapper, caseOpened, caseStream } from '../testing/case-events';
import { buildRelayProcess } from '../testing/fault-process-build';
import { readTopic } from '../testing/kafka-probe';
import { quietLogger } from '../testing/quiet-logger';

/**
 * Fault test: the relay runs as a process of its own and is killed with SIGKILL twice while it
 * relays 2,000 events that keep being appended; each time it is started again. Every event must
 * reach Kafka at least once, and a consumer's effect must happen exactly once per event.
 */
const EVENTS = 2_000;
const BATCH = 100;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let relayProcess: string;
const { KAFKA_BROKERS } = testSettings();
const kafka = new Kafka({
  clientId: 'relay-crash-test',
  brokers: KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});
const topic = uniqueName('cases');
const service = uniqueName('crash_svc');
let consumer: IntegrationConsumer | undefined;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  relayProcess = buildRelayProcess();
  database = await createTestDatabase('msg_relay_crash');
  pool = new Pool({ connectionString: database.url, max: 10 });
  await ensureEventStoreSchema(pool);
  await new PostgresInbox(pool).ensureSchema();
  await pool.query('CREATE TABLE effects (event_id uuid NOT NULL, contract text NOT NULL)');
  await ensureTopics(kafka, [topic, `${topic}.dlq`]);
}, 120_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await consumer?.stop();
  await pool.end();
  await database.drop();
});

interface RelayChild {
  child: ChildProcess;
  /** Messages this process reported as acknowledged by the broker. */
  published(): number;
  /** Resolves at the first acknowledged batch that brings the count to `count` or more. */
  reached(count: number): Promise<void>;
  exited: Promise<NodeJS.Signals | number | null>;
}

function startRelay(stallAfterAckMs = 0): RelayChild {
  const child = spawn(process.execPath, [relayProcess], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      KAFKA_BROKERS,
      RELAY_SERVICE: service,
      RELAY_TOPIC: topic,
      RELAY_BATCH_SIZE: String(BATCH),
      RELAY_STALL_AFTER_ACK_MS: String(stallAfterAckMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let published = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const match = /^published (\d+) /.exec(line);
    if (!match) return;
    published += Number(match[1]);
    for (const waiter of waiters.filter((w) => published >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (code) console.error(`relay process exited with ${code}: ${stderr}`);
      resolve(signal ?? code);
    }),
  );
  return {
    child,
    published: () => published,
    reached: (count) => new Promise<void>((resolve) => waiters.push({ count, resolve })),
    exited,
  };
}

async function kill9(relay: RelayChild): Promise<void> {
  relay.child.kill('SIGKILL');
  expect(await relay.exited).toBe('SIGKILL');
}

/** 1,000 cases, each opened and closed: 2,000 published events, appended in chunks. */
function appendAll(store: PostgresEventStore): { appended: Promise<NewEvent[]> } {
  const appended = (async () => {
    const events: NewEvent[] = [];
    for (let chunk = 0; chunk < EVENTS / 2 / 50; chunk++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const caseId = randomUUID();
          const pair = [caseOpened(caseId), caseClosed(caseId)];
          events.push(...pair);
          await store.append(caseStream(caseId), pair, 'no_stream');
        }),
      );
      if (chunk % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return events;
  })();
  return { appended };
}

describe('a relay killed with SIGKILL mid-stream', () => {
  it('loses nothing, and a consumer still changes state exactly once per event', async () => {
    const store = new PostgresEventStore(pool);
    const groupId = uniqueName('crash_group');
    const record = async (event: { id: string; contract: string }, tx: import('pg').PoolClient) => {
      await tx.query('INSERT INTO effects (event_id, contract) VALUES ($1, $2)', [event.id, event.contract]);
    };
    const mapper = caseMapper(topic);
    const handlers: AnyIntegrationHandler[] = mapper.contracts.map((contract) => ({
      contract,
      idempotency: 'inbox',
      handle: (event, ctx) => record(event, ctx.tx),
    }));
    let duplicates = 0;
    consumer = new IntegrationConsumer({
      kafka,
      groupId,
      handlers,
      inbox: new PostgresInbox(pool),
      logger: quietLogger(),
      onOutcome: (outcome) => void (outcome.kind === 'duplicate' && duplicates++),
    });
    await consumer.start();

    const { appended } = appendAll(store);

    // First crash: in the window after the broker acknowledged a batch and before the checkpoint.
    const first = startRelay(1_000);
    await first.reached(500);
    await kill9(first);

    // Second crash: wherever the relay happens to be, shortly after it resumed.
    const second = startRelay();
    await second.reached(BATCH);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await kill9(second);

    const third = startRelay();
    const events = await appended;
    expect(events).toHaveLength(EVENTS);
    const ids = events.map((e) => e.id).sort();

    await eventually(
      async () => {
        const { rows } = await pool.query<{ n: number }>('SELECT count(DISTINCT event_id)::int AS n FROM effects');
        return rows[0].n === EVENTS ? true : undefined;
      },
      60_000,
      'an effect for every event',
    );
    third.child.kill('SIGTERM');
    await third.exited;

    // Every event reached Kafka; the relay that was killed after an acknowledged batch repeated it.
    const messages = await readTopic(kafka, topic);
    const relayed = new Set(messages.map((m) => m.headers[H.eventId]));
    expect([...relayed].sort()).toEqual(ids);
    expect(messages.length).toBeGreaterThanOrEqual(EVENTS + BATCH);
    // At least what the relays reported: a kill can also land after the broker wrote a batch and
    // before the relay heard the acknowledgement — another batch its successor repeats.
    expect(messages.length).toBeGreaterThanOrEqual(first.published() + second.published() + third.published());

    // Exactly once: one effect per event, though the consumer received the repeats.
    const { rows } = await pool.query<{ event_id: string }>('SELECT event_id FROM effects ORDER BY event_id');
    expect(rows.map((r) => r.event_id)).toEqual(ids);
    expect(duplicates).toBe(messages.length - EVENTS);

    // And per case, in order: opened before closed, on one partition.
    const byKey = new Map<string, string[]>();
    for (const m of messages) byKey.set(m.key!, [...(byKey.get(m.key!) ?? []), m.headers[H.contract]]);
    for (const contracts of byKey.values()) {
      expect(contracts.indexOf('example.CaseOpened')).toBeLessThan(contracts.lastIndexOf('example.CaseClosed'));
    }
    const sample = messages.find((m) => m.headers[H.contract] === 'example.CaseOpened')!;
    expect((JSON.parse(sample.value!) as CaseOpened).jurisdiction).toBe('330602001001');
  });
});
