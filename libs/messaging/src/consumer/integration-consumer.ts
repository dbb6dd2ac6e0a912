import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { deadLetterTopicOf } from '@app/contracts';
import { derivedEventId } from '../deterministic-id';
import { ensureTopics } from '../kafka/topics';
import { ResilientProducer } from '../kafka/resilient-producer';
import { consoleLogger, describeError, MessagingLogger } from '../logger';
import { backoffDelay, RetryPolicy, retryPolicy } from './backoff';
import { DeadLetterReason, deadLetterMessage } from './dead-letter';
import { isInfrastructureError, PermanentError } from './errors';
import { AnyIntegrationHandler, contractsOf, HandlerContext, IntegrationEvent } from './handler';
import { PostgresInbox } from './inbox';
import { decodeMessage, HandlerTable, handlerTable } from './incoming-message';

export interface IntegrationConsumerOptions {
  kafka: Kafka;
  groupId: string;
  handlers: AnyIntegrationHandler[];
  /** Required when a handler uses the inbox. */
  inbox?: PostgresInbox;
  retry?: Partial<RetryPolicy>;
  /** Create the topics and their dead-letter topics at start when missing (default true). */
  ensureTopics?: boolean;
  /** Put before every contract's topic (KAFKA_TOPIC_PREFIX), as the producing relay does. */
  topicPrefix?: string;
  partitionsConsumedConcurrently?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  /** Longest a fetch waits for new messages; also how long stopping may take. Default 1 s. */
  maxWaitTimeInMs?: number;
  logger?: MessagingLogger;
  /** Told about every message's outcome (metrics, tests). */
  onOutcome?: (outcome: Outcome) => void;
}

export type Outcome = {
  topic: string;
  partition: number;
  offset: string;
  eventId?: string;
} & (
  | { kind: 'handled' | 'duplicate' }
  | { kind: 'ignored'; contract: string }
  | { kind: 'dead-lettered'; reason: DeadLetterReason; error: string }
);

interface Control {
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was taken away (rebalance, seek). */
  keepGoing(): boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Kafka consumer group running integration-event handlers (ARCHITECTURE.md §4):
 * - every message is validated against its contract before a handler sees it;
 * - each effect happens once per event id (inbox table or deterministic ids, handler.ts);
 * - a failing handler is retried with exponential backoff; after `maxAttempts`, or at once for a
 *   message that is malformed or breaks its contract, the message goes to `<topic>.dlq` with the
 *   error in its headers and the partition moves on. An unavailable database is waited for instead
 *   (isInfrastructureError): the partition pauses, nothing goes to the dead-letter topic;
 * - an offset is resolved only after its message was handled or its dead letter acknowledged, so a
 *   crash repeats messages and never skips one;
 * - the consumer does not die: kafkajs restarts it after retriable errors and this class after any other.
 */
export class IntegrationConsumer {
  private readonly handlers: HandlerTable;
  private readonly topics: string[];
  private readonly policy: RetryPolicy;
  private readonly logger: MessagingLogger;
  private readonly deadLetters: ResilientProducer;
  private consumer?: Consumer;
  private stopping = true;
  private restartTimer?: NodeJS.Timeout;
  private restarts = 0;
  private joinedOnce!: Promise<void>;
  private markJoined!: () => void;

  constructor(private readonly options: IntegrationConsumerOptions) {
    if (!options.handlers.length) throw new Error(`consumer group ${options.groupId} has no handlers`);
    if (!options.inbox && options.handlers.some((h) => h.idempotency === 'inbox')) {
      throw new Error(`consumer group ${options.groupId} has inbox handlers but no inbox`);
    }
    this.handlers = handlerTable(options.handlers);
    this.topics = [
      ...new Set(contractsOf(options.handlers).map((c) => `${options.topicPrefix ?? ''}${c.topic}`)),
    ].sort();
    this.policy = retryPolicy(options.retry);
    this.logger = options.logger ?? consoleLogger(`Consumer ${options.groupId}`);
    this.deadLetters = new ResilientProducer(options.kafka, this.logger);
    this.resetJoined();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** Starts consuming; a broker that is down is retried in the background, so start never fails. */
  async start(): Promise<void> {
    if (!this.stopping) return;
    this.stopping = false;
    this.resetJoined();
    if (this.options.ensureTopics ?? true) {
      await ensureTopics(this.options.kafka, [...this.topics, ...this.topics.map(deadLetterTopicOf)]).catch((error) =>
        this.logger.warn(`could not ensure topics: ${describeError(error)}`),
      );
    }
    await this.launch();
  }

  /** Resolves once the consumer has joined its group (after start or a restart). */
  joined(): Promise<void> {
    return this.joinedOnce;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect().catch(() => undefined);
    await this.deadLetters.disconnect();
  }

  private resetJoined(): void {
    this.joinedOnce = new Promise((resolve) => (this.markJoined = resolve));
  }

  private async launch(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeout ?? 30_000,
      heartbeatInterval: this.options.heartbeatInterval ?? 3_000,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 1_000,
      allowAutoTopicCreation: true,
      // kafkajs restarts itself after retriable errors; this asks it to after every error too.
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000, restartOnFailure: async () => true },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.restarts = 0;
      this.markJoined();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.error(
        `consumer crashed: ${describeError(payload.error)}${payload.restart ? ' (kafkajs restarts it)' : ''}`,
      );
      // kafkajs gives up on non-retriable errors; a consumer must not stay dead.
      if (!payload.restart) this.relaunchLater(consumer);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.topics, fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        // Committing often only shortens what a crash redelivers; exactly-once effects come from
        // the inbox or deterministic ids, never from the offsets.
        autoCommitInterval: 1_000,
        autoCommitThreshold: 100,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.consumeBatch(payload),
      });
    } catch (error) {
      this.logger.error(`could not start consuming: ${describeError(error)}`);
      this.relaunchLater(consumer);
    }
  }

  private relaunchLater(consumer: Consumer): void {
    if (this.stopping || this.consumer !== consumer) return;
    this.consumer = undefined;
    this.resetJoined();
    const delay = backoffDelay(++this.restarts, { ...this.policy, maxDelayMs: 30_000 });
    this.restartTimer = setTimeout(() => {
      void consumer
        .disconnect()
        .catch(() => undefined)
        .then(() => (this.stopping ? undefined : this.launch()));
    }, delay);
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const control: Control = { heartbeat, keepGoing: () => isRunning() && !isStale() && !this.stopping };
    for (const message of batch.messages) {
      if (!control.keepGoing()) return;
      // Returning without resolving leaves the offset uncommitted: the message is delivered again.
      if (!(await this.consume(batch.topic, batch.partition, message, control))) return;
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  /** Handles one message, or dead-letters it. False when interrupted before either. */
  private async consume(topic: string, partition: number, message: KafkaMessage, control: Control): Promise<boolean> {
    const where = { topic, partition, offset: message.offset };
    const decoded = decodeMessage(message, this.handlers);
    if (decoded.kind === 'ignored') {
      this.options.onOutcome?.({ ...where, kind: 'ignored', contract: decoded.contract });
      return true;
    }
    if (decoded.kind === 'poison') {
      await this.deadLetter(message, where, decoded.reason, decoded.error, 0);
      return true;
    }
    const { event, handler } = decoded;
    let unavailable = 0;
    for (let attempt = 1; ;) {
      try {
        const done = await this.run(handler, event, { ...where, attempt });
        this.options.onOutcome?.({ ...where, eventId: event.id, kind: done ? 'handled' : 'duplicate' });
        return true;
      } catch (error) {
        const failure = `${describeError(error)} (${handler.contract.id}, event ${event.id}, attempt ${attempt})`;
        if (error instanceof PermanentError) {
          await this.deadLetter(message, where, 'rejected', describeError(error), attempt, event.id);
          return true;
        }
        let delay: number;
        if (isInfrastructureError(error)) {
          // Not the message's fault: wait for the infrastructure, without using up attempts.
          delay = backoffDelay(++unavailable, this.policy);
          this.logger.warn(`infrastructure unavailable, waiting ${delay} ms: ${failure}`);
        } else {
          if (attempt >= this.policy.maxAttempts) {
            await this.deadLetter(message, where, 'handler-failed', describeError(error), attempt, event.id);
            return true;
          }
          delay = backoffDelay(attempt, this.policy);
          this.logger.warn(`handler failed, retrying in ${delay} ms: ${failure}`);
          attempt += 1;
        }
        if (!(await this.pause(delay, control))) return false;
      }
    }
  }

  private async run(
    handler: AnyIntegrationHandler,
    event: IntegrationEvent,
    where: { topic: string; partition: number; offset: string; attempt: number },
  ): Promise<boolean> {
    const groupId = this.options.groupId;
    const context: HandlerContext = {
      groupId,
      ...where,
      deriveEventId: (purpose = '') => derivedEventId(groupId, event.id, purpose),
      causedBy: (decision) => ({
        correlationId: event.correlationId,
        causationId: event.id,
        decision,
        ...(event.traceparent ? { traceparent: event.traceparent } : {}),
      }),
    };
    if (handler.idempotency === 'deterministic-ids') {
      await handler.handle(event, context);
      return true;
    }
    return this.options.inbox!.once(
      { consumerGroup: groupId, eventId: event.id, contract: handler.contract.id, ...where },
      (tx) => handler.handle(event, { ...context, tx }),
    );
  }

  /**
   * Waits, heart-beating so the group keeps the partition here. False when the consumer stops or
   * loses the partition meanwhile.
   */
  private async pause(ms: number, control: Control): Promise<boolean> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!control.keepGoing()) return false;
      await sleep(Math.min(500, until - Date.now()));
      await control.heartbeat();
    }
    return control.keepGoing();
  }

  /**
   * Sends the message to `<topic>.dlq` and waits for the broker's acknowledgement; only then is the
   * offset resolved. If the dead-letter topic cannot be written, the error stops the batch and the
   * message is delivered again: it is never dropped.
   */
  private async deadLetter(
    message: KafkaMessage,
    where: { topic: string; partition: number; offset: string },
    reason: DeadLetterReason,
    error: string,
    attempts: number,
    eventId?: string,
  ): Promise<void> {
    await this.deadLetters.send([
      deadLetterMessage(message, {
        ...where,
        reason,
        error,
        attempts,
        consumerGroup: this.options.groupId,
        failedAt: new Date(),
      }),
    ]);
    this.logger.error(
      `moved ${where.topic}/${where.partition}@${where.offset} to ${deadLetterTopicOf(where.topic)} (${reason}): ${error}`,
    );
    this.options.onOutcome?.({ ...where, eventId, kind: 'dead-lettered', reason, error });
  }
}
