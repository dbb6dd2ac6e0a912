import { Kafka } from 'kafkajs';

/**
 * Creates the topics that do not exist yet (a no-op for those that do). Production may provision
 * topics itself; then this only confirms they are there.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = 3): Promise<void> {
  const wanted = [...new Set(topics)];
  if (!wanted.length) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length) {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
