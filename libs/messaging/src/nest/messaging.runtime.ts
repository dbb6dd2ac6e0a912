import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { EventStore, PostgresCheckpointStore } from '@app/event-store';
import { backoffDelay, retryPolicy } from '../consumer/backoff';
import { AnyIntegrationHandler } from '../consumer/handler';
import { PostgresInbox } from '../consumer/inbox';
import { IntegrationConsumer } from '../consumer/integration-consumer';
import { describeError, MessagingLogger } from '../logger';
import { Relay, RelayStatus } from '../relay/relay';
import { PostgresRelayLease } from '../relay/relay-lease';
import { IntegrationHandlerExplorer } from './integration-handler.explorer';
import { MESSAGING_OPTIONS, MESSAGING_SETTINGS, MessagingModuleOptions } from './messaging.options';
import { MessagingSettings } from './messaging-settings';

export interface MessagingStatus {
  relay: 'off' | 'not configured' | RelayStatus;
  consumers: 'off' | { groupId: string; contracts: string[] }[];
}

const nestLogger = (context: string): MessagingLogger => {
  const logger = new Logger(context);
  return { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m, stack) => logger.error(m, stack) };
};

/**
 * Starts the service's relay and consumers when the application has booted and stops them before
 * shutdown hooks close the pools they use. Starting never blocks the boot on Kafka: a broker that is
 * down is retried in the background, and the health of each part is in `status()`.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay?: Relay;
  private readonly consumers: IntegrationConsumer[] = [];
  private readonly groups = new Map<string, AnyIntegrationHandler[]>();
  private relayStart?: Promise<void>;
  private consumersStart?: Promise<unknown>;
  private stopping = false;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_SETTINGS) private readonly settings: MessagingSettings,
    private readonly explorer: IntegrationHandlerExplorer,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const kafka = this.moduleRef.get<Kafka>(this.options.kafkaToken, { strict: false });
    const pool = this.moduleRef.get<Pool>(this.options.poolToken, { strict: false });
    if (this.settings.consumers) await this.startConsumers(kafka, pool);
    if (this.settings.relay && this.options.relay) {
      const { relay } = this.options;
      this.relay = new Relay({
        service: this.options.service,
        store: this.moduleRef.get<EventStore>(relay.eventStore, { strict: false }),
        checkpoints: new PostgresCheckpointStore(pool),
        kafka,
        categories: relay.categories,
        mapper: relay.mapper,
        batchSize: relay.batchSize,
        // Every replica may run with MESSAGING_RELAY=on: one holds the lease and relays, the others wait.
        lease: new PostgresRelayLease(pool),
        topicPrefix: this.settings.topicPrefix,
        logger: nestLogger(`Relay ${this.options.service}`),
      });
      this.relayStart = this.startRelay(this.relay);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all([this.relayStart, this.consumersStart]);
    await Promise.all([this.relay?.stop(), ...this.consumers.map((c) => c.stop())]);
  }

  status(): MessagingStatus {
    return {
      relay: !this.settings.relay ? 'off' : this.relay ? this.relay.status() : 'not configured',
      consumers: !this.settings.consumers
        ? 'off'
        : this.consumers.map((c) => ({ groupId: c.groupId, contracts: this.contractsOf(c.groupId) })),
    };
  }

  /** Resolves when every consumer has joined its group (tests, readiness). */
  async ready(): Promise<void> {
    await this.consumersStart;
    await Promise.all(this.consumers.map((c) => c.joined()));
  }

  private contractsOf(groupId: string): string[] {
    return (this.groups.get(groupId) ?? []).map((h) => h.contract.id).sort();
  }

  private async startConsumers(kafka: Kafka, pool: Pool): Promise<void> {
    const discovered = this.explorer.explore();
    if (!discovered.length) return;
    for (const { group, handler } of discovered) {
      const groupId = `${this.settings.groupPrefix ?? ''}${group ? `${this.options.service}.${group}` : this.options.service}`;
      this.groups.set(groupId, [...(this.groups.get(groupId) ?? []), handler]);
    }
    const inbox = new PostgresInbox(pool);
    // Awaited: without its table an inbox handler would fail on every message and dead-letter it.
    if (discovered.some((d) => d.handler.idempotency === 'inbox')) await inbox.ensureSchema();
    const retry = {
      ...this.options.consumers?.retry,
      ...(this.settings.maxAttempts ? { maxAttempts: this.settings.maxAttempts } : {}),
    };
    for (const [groupId, handlers] of this.groups) {
      const consumer = new IntegrationConsumer({
        kafka,
        groupId,
        handlers,
        inbox,
        retry,
        topicPrefix: this.settings.topicPrefix,
        partitionsConsumedConcurrently: this.options.consumers?.partitionsConsumedConcurrently,
        logger: nestLogger(`Consumer ${groupId}`),
      });
      this.consumers.push(consumer);
    }
    // In the background: start() does not throw, and a broker that is down is retried by the consumer.
    this.consumersStart = Promise.all(this.consumers.map((c) => c.start()));
  }

  /** The relay's first read needs PostgreSQL; until it answers, try again with backoff. */
  private async startRelay(relay: Relay): Promise<void> {
    const policy = retryPolicy({ initialDelayMs: 500, maxDelayMs: 30_000 });
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await relay.start();
        return;
      } catch (error) {
        const delay = backoffDelay(attempt, policy);
        new Logger(`Relay ${this.options.service}`).error(
          `could not start, retrying in ${delay} ms: ${describeError(error)}`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
