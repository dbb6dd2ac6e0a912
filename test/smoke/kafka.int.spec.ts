import { Consumer, EachMessagePayload, Kafka, logLevel } from 'kafkajs';
import { eventually, testSettings, uniqueName } from '@app/testing';

/**
 * Decides whether kafkajs (unmaintained, untested by its authors against Kafka 4) works with the
 * broker we run: topic creation, idempotent produce, a consumer group of two with rebalancing,
 * committed offsets and resuming from them.
 */
describe('kafkajs against the Kafka broker', () => {
  const kafka = new Kafka({
    clientId: 'smoke',
    brokers: testSettings().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const topic = uniqueName('smoke');
  const groupId = uniqueName('smoke_group');
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  /** A group member that records what it received and what the group assigned to it. */
  async function member(name: string, received: string[], assigned: Record<string, number[]>) {
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 500,
      rebalanceTimeout: 10_000,
    });
    consumers.push(consumer);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      assigned[name] = [...(event.payload.memberAssignment[topic] ?? [])].sort();
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }: EachMessagePayload) => {
        received.push(message.value!.toString());
      },
    });
    return consumer;
  }

  const send = (from: number, to: number) =>
    producer.send({
      topic,
      messages: Array.from({ length: to - from }, (_, i) => ({
        key: `child-${(from + i) % 7}`,
        value: `event-${from + i}`,
      })),
    });

  it('creates a topic with several partitions', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 4 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(4);
  });

  it('produces with an idempotent producer and spreads keys over partitions', async () => {
    const acks = await send(0, 40);
    expect(acks.every((a) => a.errorCode === 0)).toBe(true);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((sum, p) => sum + Number(p.high), 0)).toBe(40);
    expect(offsets.filter((p) => Number(p.high) > 0).length).toBeGreaterThan(1);
  });

  it('shares partitions between two members, rebalances when one leaves, and commits', async () => {
    const received: string[] = [];
    const assigned: Record<string, number[]> = {};
    await member('a', received, assigned);
    const b = await member('b', received, assigned);

    // The first member holds all four partitions until the group has rebalanced for the second.
    const split = () => (assigned.a?.length && assigned.b?.length ? [...assigned.a, ...assigned.b].sort() : []);
    await eventually(async () => (split().length === 4 ? true : undefined), 30_000, 'partitions split between both');
    expect(split()).toEqual([0, 1, 2, 3]);
    await eventually(async () => (new Set(received).size === 40 ? true : undefined), 30_000, 'all 40 messages');

    await b.disconnect();
    consumers.splice(consumers.indexOf(b), 1);
    await eventually(
      async () => (assigned.a.length === 4 ? true : undefined),
      30_000,
      'rebalance to the remaining member',
    );

    await eventually(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        const total = committed.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
        return total === 40 ? true : undefined;
      },
      30_000,
      'offsets committed for all 40 messages',
    );
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  it('resumes from the committed offsets: a new member receives only what came after', async () => {
    await send(40, 50);
    const received: string[] = [];
    await member('c', received, {});
    await eventually(async () => (received.length >= 10 ? true : undefined), 30_000, 'the 10 new messages');
    await new Promise((r) => setTimeout(r, 1_000)); // nothing older may trickle in
    expect([...received].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `event-${40 + i}`).sort());
  });
});
