import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { Pool, PoolClient } from 'pg';
import { DEAD_LETTER_HEADERS as D, MESSAGE_HEADERS as H } from '@app/contracts';
import { CaseOpened, exampleCaseContracts } from '@app/contracts/examples/case-contracts';
import { ensureEventStoreSchema, PostgresEventStore, ProtectedEventStore, systemDecision } from '@app/event-store';
import { createTestDatabase, eventually, testSettings, uniqueName } from '@app/testing';
import { ensureTopics } from '../kafka/topics';
import { OutgoingMessage, toOutgoingMessage } from '../relay/outgoing-message';
import { caseMapper } from '../testing/case-events';
import { readTopic } from '../testing/kafka-probe';
import { quietLogger } from '../testing/quiet-logger';
import { openedData, recordedCaseEvent } from '../testing/synthetic-event';
import { PostgresInbox } from './inbox';
import { IntegrationConsumer, IntegrationConsumerOptions, Outcome } from './integration-consumer';
import { AnyIntegrationHandler } from './handler';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let inbox: PostgresInbox;
const kafka = new Kafka({
  clientId: 'consumer-test',
  brokers: testSettings().KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});
let producer: Producer;
const running: IntegrationConsumer[] = [];

beforeAll(async () => {
  database = await createTestDatabase('msg_consumer');
  pool = new Pool({ connectionString: database.url, max: 10 });
  await ensureEventStoreSchema(pool);
  inbox = new PostgresInbox(pool);
  await inbox.ensureSchema();
  // The effect: a log with no unique constraint, so a repeated effect would show as a second row.
  await pool.query(
    'CREATE TABLE opened_cases (event_id uuid NOT NULL, case_id uuid NOT NULL, jurisdiction text NOT NULL)',
  );
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});
afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
  await producer.disconnect();
  await pool.end();
  await database.drop();
});

async function produce(messages: OutgoingMessage[]): Promise<void> {
  for (const { topic, key, value, headers } of messages) {
    await producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }
}

/** A relayed CaseOpened as the relay would produce it. */
function opened(topic: string, caseId = randomUUID(), eventId = randomUUID()): OutgoingMessage {
  return toOutgoingMessage(recordedCaseEvent('CaseOpened', caseId, openedData, eventId), caseMapper(topic))!;
}

const recordOpened = async (payload: CaseOpened, eventId: string, tx: PoolClient) => {
  await tx.query('INSERT INTO opened_cases (event_id, case_id, jurisdiction) VALUES ($1, $2, $3)', [
    eventId,
    payload.caseId,
    payload.jurisdiction,
  ]);
};

async function startConsumer(
  topic: string,
  handlers: (contracts: ReturnType<typeof exampleCaseContracts>) => AnyIntegrationHandler[],
  options: Partial<IntegrationConsumerOptions> = {},
) {
  const outcomes: Outcome[] = [];
  const consumer = new IntegrationConsumer({
    kafka,
    groupId: options.groupId ?? uniqueName('group'),
    handlers: handlers(exampleCaseContracts(topic)),
    inbox,
    retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100 },
    logger: quietLogger(),
    onOutcome: (outcome) => outcomes.push(outcome),
    ...options,
  });
  running.push(consumer);
  await consumer.start();
  await consumer.joined();
  return { consumer, outcomes };
}

async function newTopic(): Promise<string> {
  const topic = uniqueName('cases');
  await ensureTopics(kafka, [topic, `${topic}.dlq`]);
  return topic;
}

const effectsFor = async (eventIds: string[]) =>
  (
    await pool.query<{ event_id: string }>('SELECT event_id FROM opened_cases WHERE event_id = ANY($1::uuid[])', [
      eventIds,
    ])
  ).rows
    .map((r) => r.event_id)
    .sort();

const inboxHandler = (c: ReturnType<typeof exampleCaseContracts>): AnyIntegrationHandler => ({
  contract: c.caseOpened,
  idempotency: 'inbox',
  handle: (event, ctx) => recordOpened(event.payload as CaseOpened, event.id, ctx.tx),
});

describe('the integration consumer', () => {
  it('changes state once per event although Kafka delivers it again (same message produced twice, offsets reset)', async () => {
    const topic = await newTopic();
    const messages = [opened(topic), opened(topic), opened(topic)];
    const ids = messages.map((m) => m.headers[H.eventId]).sort();
    // The second message is produced twice, as a relay that crashed before its checkpoint would.
    await produce([messages[0], messages[1], messages[1], messages[2]]);

    const groupId = uniqueName('group');
    const first = await startConsumer(topic, (c) => [inboxHandler(c)], { groupId });
    await eventually(async () => (first.outcomes.length === 4 ? true : undefined), 30_000, 'four deliveries');
    const duplicates = first.outcomes.filter((o) => o.kind === 'duplicate');
    expect(duplicates.map((o) => o.eventId)).toEqual([messages[1].headers[H.eventId]]);
    expect(first.outcomes.filter((o) => o.kind === 'handled')).toHaveLength(3);
    expect(await effectsFor(ids)).toEqual(ids);

    // A consumer that restarts before its offsets were committed receives everything again: here
    // the group's committed offsets are deleted, so the same group starts again from the beginning.
    await first.consumer.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]);
    await admin.disconnect();
    const second = await startConsumer(topic, (c) => [inboxHandler(c)], { groupId });
    await eventually(async () => (second.outcomes.length === 4 ? true : undefined), 30_000, 'four redeliveries');
    expect(second.outcomes.every((o) => o.kind === 'duplicate')).toBe(true);
    expect(await effectsFor(ids)).toEqual(ids);
    await second.consumer.stop();
  });

  it('moves poison messages to <topic>.dlq with the error in headers, and the partition flows on', async () => {
    const topic = await newTopic();
    const key = `case-${randomUUID()}`; // one key: every message on one partition, in this order
    const failingCase = randomUUID();
    const good = [opened(topic), opened(topic), opened(topic), opened(topic)];
    const breaksContract = opened(topic);
    breaksContract.value = JSON.stringify({ ...JSON.parse(breaksContract.value), jurisdiction: 'Yuecheng' });
    const notJson = { ...opened(topic), value: '{"caseId":' };
    const alwaysFails = opened(topic, failingCase);
    const sequence = [good[0], breaksContract, good[1], notJson, good[2], alwaysFails, good[3]].map((m) => ({
      ...m,
      key,
    }));
    await produce(sequence);

    const { consumer, outcomes } = await startConsumer(topic, (c) => [
      {
        contract: c.caseOpened,
        idempotency: 'inbox',
        handle: async (event, ctx) => {
          if ((event.payload as CaseOpened).caseId === failingCase) throw new Error('allowance programme not found');
          await recordOpened(event.payload as CaseOpened, event.id, ctx.tx);
        },
      },
    ]);
    await eventually(async () => (outcomes.length === 7 ? true : undefined), 30_000, 'seven outcomes');
    expect(outcomes.map((o) => o.kind)).toEqual([
      'handled',
      'dead-lettered',
      'handled',
      'dead-lettered',
      'handled',
      'dead-lettered',
      'handled',
    ]);
    const goodIds = good.map((m) => m.headers[H.eventId]).sort();
    expect(await effectsFor(goodIds)).toEqual(goodIds);

    const letters = await readTopic(kafka, `${topic}.dlq`);
    expect(letters).toHaveLength(3);
    const [contractLetter, jsonLetter, handlerLetter] = letters;
    expect(contractLetter.headers).toMatchObject({
      [D.reason]: 'contract-violation',
      [D.attempts]: '0',
      [D.originalTopic]: topic,
      [H.eventId]: breaksContract.headers[H.eventId],
    });
    expect(contractLetter.headers[D.error]).toMatch(/example\.CaseOpened v1: \/jurisdiction must match pattern/);
    expect(contractLetter.value).toBe(breaksContract.value);
    expect(jsonLetter.headers).toMatchObject({ [D.reason]: 'malformed', [D.attempts]: '0' });
    expect(handlerLetter.headers).toMatchObject({
      [D.reason]: 'handler-failed',
      [D.attempts]: '3',
      [D.error]: 'Error: allowance programme not found',
      [H.eventId]: alwaysFails.headers[H.eventId],
    });
    const [failedOutcome] = outcomes.filter((o) => o.eventId === alwaysFails.headers[H.eventId]);
    expect(handlerLetter.headers).toMatchObject({
      [D.originalPartition]: String(failedOutcome.partition),
      [D.originalOffset]: failedOutcome.offset,
    });

    // Still consuming: the next message is handled.
    const later = { ...opened(topic), key };
    await produce([later]);
    await eventually(async () => ((await effectsFor([later.headers[H.eventId]])).length ? true : undefined));
    await consumer.stop();
  });

  it('waits out an unavailable database without using up attempts or dead-lettering', async () => {
    const topic = await newTopic();
    const message = opened(topic);
    await produce([message]);
    let failures = 0;
    const { consumer, outcomes } = await startConsumer(
      topic,
      (c) => [
        {
          contract: c.caseOpened,
          idempotency: 'inbox',
          handle: async (event, ctx) => {
            if (++failures <= 5)
              throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
            await recordOpened(event.payload as CaseOpened, event.id, ctx.tx);
          },
        },
      ],
      { retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 50 } },
    );
    await eventually(async () => (outcomes.length ? true : undefined), 30_000, 'the outcome');
    expect(outcomes.map((o) => o.kind)).toEqual(['handled']);
    expect(failures).toBe(6);
    await consumer.stop();
  });

  it('appends reactions to the event store once, by ids derived from the incoming event id', async () => {
    const topic = await newTopic();
    const store = new ProtectedEventStore(new PostgresEventStore(pool));
    const message = opened(topic);
    await produce([message, message]);
    let attempts = 0;
    const { consumer, outcomes } = await startConsumer(topic, (c) => [
      {
        contract: c.caseOpened,
        idempotency: 'deterministic-ids',
        handle: async (event, ctx) => {
          const { caseId } = event.payload as CaseOpened;
          await store.append(
            `tally-${caseId}`,
            [
              {
                id: ctx.deriveEventId('count-case'),
                type: 'CaseCounted',
                schemaVersion: 1,
                data: { caseId },
                metadata: ctx.causedBy(
                  systemDecision('case-tally', {
                    agency: 'civil-affairs',
                    jurisdiction: '330602',
                    reason: 'a case was opened',
                    policy: '浙民儿〔2014〕87号',
                  }),
                ),
              },
            ],
            'any',
          );
          // Fails once after the append, as a crash before the offset commit would.
          if (++attempts === 1) throw new Error('lost the connection to the broker');
        },
      },
    ]);
    await eventually(async () => (outcomes.length === 2 ? true : undefined), 30_000, 'both deliveries');
    const caseId = JSON.parse(message.value).caseId;
    const tally = await store.readStream(`tally-${caseId}`);
    expect(tally).toHaveLength(1);
    expect(attempts).toBe(3);
    expect(tally[0].metadata).toMatchObject({
      causationId: message.headers[H.eventId],
      correlationId: message.headers[H.correlationId],
      traceparent: message.headers[H.traceparent],
    });
    await consumer.stop();
  });
});
