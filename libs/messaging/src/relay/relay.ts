import { Kafka } from 'kafkajs';
import { CatchUpSubscription, CheckpointStore, EventStore, Position, RecordedEvent } from '@app/event-store';
import { ensureTopics } from '../kafka/topics';
import { ResilientProducer } from '../kafka/resilient-producer';
import { consoleLogger, describeError, MessagingLogger } from '../logger';
import { IntegrationEventMapper } from '../mapping';
import { OutgoingMessage, toOutgoingMessage } from './outgoing-message';
import { RelayLease } from './relay-lease';

export interface RelayOptions {
  /** The service; the relay's checkpoint is stored as `relay:<service>`. */
  service: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  kafka: Kafka;
  /** The service's own stream categories (ARCHITECTURE.md §1). */
  categories: string[];
  mapper: IntegrationEventMapper;
  batchSize?: number;
  idleDelayMs?: number;
  /** Create the mapper's topics at start when missing (default true). */
  ensureTopics?: boolean;
  /** Put before every contract's topic (KAFKA_TOPIC_PREFIX): a test or staging copy keeps to its own topics. */
  topicPrefix?: string;
  /** Makes this the only running relay of the service (relay-lease.ts); without one, it just runs. */
  lease?: RelayLease;
  /** How often a relay without the lease tries to take it (default 2 s). */
  leaseRetryMs?: number;
  logger?: MessagingLogger;
  /** Called after the broker acknowledged a batch, before its checkpoint is stored. */
  onPublished?: (progress: RelayProgress) => void;
}

export interface RelayProgress {
  events: number;
  messages: number;
  position: Position;
}

export interface RelayStatus {
  running: boolean;
  /** Whether this relay is the one publishing (always, without a lease). */
  active: boolean;
  position: Position;
  published: number;
  lastError?: { at: Date; message: string };
}

/**
 * The relay of one service: a catch-up subscription over the service's own categories that
 * produces the mapped integration events to Kafka (ARCHITECTURE.md §4).
 *
 * Delivery is at least once. The subscription stores its checkpoint only after the handler
 * resolved, and the handler resolves only after the broker acknowledged the whole batch (acks from
 * all in-sync replicas). A crash after the acknowledgement and before the checkpoint repeats the
 * batch: duplicates, which consumers drop by event id; never a loss. A batch that fails (broker down,
 * a mapping bug) is retried with backoff from the same checkpoint, so nothing is skipped.
 */
export class Relay {
  private readonly producer: ResilientProducer;
  private readonly subscription: CatchUpSubscription;
  private readonly logger: MessagingLogger;
  private published = 0;
  private running = false;
  private active = false;
  private leaseLoop?: Promise<void>;
  private wake?: () => void;
  private lastError?: RelayStatus['lastError'];

  constructor(private readonly options: RelayOptions) {
    this.logger = options.logger ?? consoleLogger(`Relay ${options.service}`);
    this.producer = new ResilientProducer(options.kafka, this.logger);
    this.subscription = new CatchUpSubscription(options.store, {
      subscriptionId: `relay:${options.service}`,
      categories: options.categories,
      checkpoints: options.checkpoints,
      batchSize: options.batchSize ?? 200,
      idleDelayMs: options.idleDelayMs ?? 100,
      handle: (events) => this.publish(events),
      onError: (error) => {
        this.lastError = { at: new Date(), message: describeError(error) };
        this.logger.error(`relaying failed, retrying from the checkpoint: ${describeError(error)}`);
      },
    });
  }

  async start(): Promise<void> {
    if (this.options.ensureTopics ?? true) {
      await ensureTopics(
        this.options.kafka,
        this.options.mapper.contracts.map((c) => `${this.options.topicPrefix ?? ''}${c.topic}`),
      ).catch((error) =>
        this.logger.warn(`could not ensure topics (the producer creates them if allowed): ${describeError(error)}`),
      );
    }
    this.running = true;
    if (this.options.lease) {
      this.leaseLoop = this.relayWhileLeased(this.options.lease);
    } else {
      await this.subscription.start();
      this.active = true;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.leaseLoop;
    await this.subscription.stop();
    this.active = false;
    // Only after publishing stopped may another relay take over.
    await this.options.lease?.release();
    await this.producer.disconnect();
  }

  status(): RelayStatus {
    return {
      running: this.running,
      active: this.active,
      position: this.subscription.lastPosition,
      published: this.published,
      lastError: this.lastError,
    };
  }

  /** Relays while this process holds the lease; waits for it otherwise, and again after losing it. */
  private async relayWhileLeased(lease: RelayLease): Promise<void> {
    const name = `relay:${this.options.service}`;
    while (this.running) {
      let held = false;
      try {
        held = await lease.acquire(name);
      } catch (error) {
        this.lastError = { at: new Date(), message: `lease: ${describeError(error)}` };
      }
      if (!held) {
        await this.sleep(this.options.leaseRetryMs ?? 2_000);
        continue;
      }
      if (!this.running) break;
      this.logger.log(`holds the lease ${name}; relaying`);
      try {
        await this.subscription.start();
      } catch (error) {
        // The checkpoint could not be read: give the lease back and try again later.
        this.lastError = { at: new Date(), message: describeError(error) };
        await lease.release();
        await this.sleep(this.options.leaseRetryMs ?? 2_000);
        continue;
      }
      this.active = true;
      await Promise.race([lease.lost(), this.wakeable()]);
      // Stop publishing before anyone else may start: the lease is gone or we are stopping.
      await this.subscription.stop();
      this.active = false;
      if (this.running) this.logger.warn(`lost the lease ${name}; waiting to take it again`);
    }
  }

  /** Resolves when `stop` is called (at once if it already was). */
  private wakeable(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      if (!this.running) resolve();
    });
  }

  private async sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), this.wakeable()]);
    clearTimeout(timer);
  }

  private async publish(events: RecordedEvent[]): Promise<void> {
    const prefix = this.options.topicPrefix ?? '';
    const messages = events
      .map((event) => toOutgoingMessage(event, this.options.mapper))
      .filter(isMessage)
      .map((m) => (prefix ? { ...m, topic: `${prefix}${m.topic}` } : m));
    await this.producer.send(messages);
    this.published += messages.length;
    this.lastError = undefined;
    this.options.onPublished?.({
      events: events.length,
      messages: messages.length,
      position: events[events.length - 1].position,
    });
  }
}

const isMessage = (message: OutgoingMessage | undefined): message is OutgoingMessage => message !== undefined;
