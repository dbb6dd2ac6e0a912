import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';

export interface ReadMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Everything a topic holds now: reads with a throw-away consumer group from the beginning up to the
 * high watermarks taken at the start. For tests that check what reached the broker.
 */
export async function readTopic(kafka: Kafka, topic: string, timeoutMs = 30_000): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  let high: Map<number, bigint>;
  try {
    high = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  const pending = new Set([...high].filter(([, h]) => h > 0n).map(([p]) => p));
  const messages: ReadMessage[] = [];
  if (!pending.size) return messages;

  const consumer = kafka.consumer({
    groupId: `probe-${randomBytes(6).toString('hex')}`,
    allowAutoTopicCreation: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic} timed out (${messages.length} read)`)),
        timeoutMs,
      );
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          if (BigInt(message.offset) >= high.get(partition)!) return;
          messages.push({
            partition,
            offset: message.offset,
            key: message.key?.toString() ?? null,
            value: message.value?.toString() ?? null,
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [
                k,
                (Array.isArray(v) ? v[0] : v)?.toString() ?? '',
              ]),
            ),
          });
          if (BigInt(message.offset) + 1n >= high.get(partition)!) pending.delete(partition);
          if (!pending.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
