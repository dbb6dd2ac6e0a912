import { Kafka, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { describeError, MessagingLogger } from '../logger';

export interface ProducedMessage {
  topic: string;
  key: string | null;
  value: string | Buffer;
  headers: Record<string, string | Buffer>;
}

/**
 * An idempotent producer (acks from all in-sync replicas, one request in flight, so a retried
 * request is neither duplicated nor reordered by the broker) that `send` resolves only once the
 * broker acknowledged every message. Retries are bounded so that a broker outage surfaces as an
 * error to the caller (which keeps its checkpoint or offset and tries again) instead of a send that
 * hangs; after a failure the producer is replaced, since its sequence state may be stale. A new
 * producer may repeat messages the old one had written: at least once, consumers de-duplicate.
 */
export class ResilientProducer {
  private producer?: Promise<Producer>;

  constructor(
    private readonly kafka: Kafka,
    private readonly logger: MessagingLogger,
  ) {}

  async send(messages: ProducedMessage[]): Promise<void> {
    if (!messages.length) return;
    const producer = await this.connected();
    try {
      await producer.sendBatch({ topicMessages: byTopic(messages), acks: -1 });
    } catch (error) {
      this.logger.warn(`send failed, replacing the producer: ${describeError(error)}`);
      await this.discard();
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    await this.discard();
  }

  private connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        retry: { retries: 6, initialRetryTime: 300, maxRetryTime: 5_000 },
      });
      this.producer = producer.connect().then(
        () => producer,
        (error: unknown) => {
          this.producer = undefined;
          throw error;
        },
      );
    }
    return this.producer;
  }

  private async discard(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}

/** Groups messages by topic, keeping their order within each topic (and so within each key). */
function byTopic(messages: ProducedMessage[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const { topic, key, value, headers } of messages) {
    const list = topics.get(topic) ?? [];
    list.push({ key, value, headers });
    topics.set(topic, list);
  }
  return [...topics].map(([topic, list]) => ({ topic, messages: list }));
}
