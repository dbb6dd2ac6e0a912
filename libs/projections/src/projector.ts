import { CatchUpSubscription, EventStore, RecordedEvent } from '@app/event-store';
import { Connection } from 'mongoose';
import { BackingIndexOptions } from './ferretdb-indexes';
import { MongoCheckpointStore } from './mongo-checkpoint-store';
import { planWrites } from './plan-writes';
import { Projection } from './projection';
import { ensureReadModels } from './read-models';
import { DEFAULT_STATEMENTS_PER_COMMAND, ReadModelWriter } from './read-model-writer';

/** Nest's Logger fits; so does `console`. */
export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface ProjectorOptions {
  batchSize?: number;
  /** Pause between polls of the event store when there was nothing new. */
  idleDelayMs?: number;
  statementsPerCommand?: number;
  logger?: ProjectorLogger;
  /** FerretDB's PostgreSQL database (default FERRETDB_POSTGRES_URL) for the GIN indexes of ferretdb-indexes.ts. */
  backingIndexes?: Omit<BackingIndexOptions, 'logger'>;
}

export interface ProjectorStatus {
  projection: string;
  state: 'stopped' | 'starting' | 'running';
  eventsProjected: number;
  lastError?: string;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * Keeps one read model up to date: a catch-up subscription from the checkpoint stored in MongoDB,
 * each batch planned by the projection's pure evolve functions and written with guarded bulk
 * writes, the checkpoint moved after the writes succeeded. Delivery is at least once; the guards
 * make a repeated batch change nothing.
 *
 * A failure (MongoDB or PostgreSQL gone) never ends the process: starting retries with backoff
 * until the servers answer, and the subscription retries its batch with backoff, from the last
 * position it reached.
 */
export class Projector {
  readonly subscription: CatchUpSubscription;
  private readonly writer: ReadModelWriter;
  private state: ProjectorStatus['state'] = 'stopped';
  private projected = 0;
  private lastError?: string;
  private booting?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly store: EventStore,
    private readonly connection: Connection,
    readonly projection: Projection,
    private readonly options: ProjectorOptions = {},
  ) {
    this.writer = new ReadModelWriter(
      connection,
      options.statementsPerCommand ?? DEFAULT_STATEMENTS_PER_COMMAND,
      this.backingIndexOptions(),
    );
    this.subscription = new CatchUpSubscription(store, {
      subscriptionId: projection.name,
      categories: projection.categories === 'all' ? undefined : [...projection.categories],
      checkpoints: new MongoCheckpointStore(connection),
      handle: (events) => this.handle(events),
      batchSize: options.batchSize,
      idleDelayMs: options.idleDelayMs,
      onError: (error) => this.failed('projecting', error),
    });
  }

  /** Returns at once; the projector starts as soon as MongoDB and the event store answer. */
  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    this.booting = this.boot();
  }

  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.wake?.();
    await this.booting;
    await this.subscription.stop();
  }

  status(): ProjectorStatus {
    return {
      projection: this.projection.name,
      state: this.state,
      eventsProjected: this.projected,
      lastError: this.lastError,
    };
  }

  /** Events handed to this projector since it was made (a repeated batch counts again). */
  get eventsProjected(): number {
    return this.projected;
  }

  /** True when the subscription has handled every event of its categories that is readable now. */
  async isCaughtUp(): Promise<boolean> {
    if (this.state !== 'running') return false;
    const next = await this.store.readAll({
      from: this.subscription.lastPosition,
      maxCount: 1,
      categories: this.projection.categories === 'all' ? undefined : [...this.projection.categories],
    });
    return next.length === 0;
  }

  private async boot(): Promise<void> {
    for (let failures = 0; this.state === 'starting'; failures++) {
      try {
        await ensureReadModels(this.connection, this.projection, this.backingIndexOptions());
        // Reads the checkpoint; the subscription then runs (and retries) on its own.
        await this.subscription.start();
        if (this.state !== 'starting') return; // stopped meanwhile: stop() ends the subscription
        this.state = 'running';
        this.options.logger?.log(`projection ${this.projection.name} running from ${this.subscription.lastPosition}`);
        return;
      } catch (error) {
        this.failed('starting', error);
        await this.sleep(Math.min(200 * 2 ** failures, MAX_BACKOFF_MS));
      }
    }
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    await this.writer.write(planWrites(this.projection, events));
    this.projected += events.length;
    this.lastError = undefined;
  }

  private backingIndexOptions(): BackingIndexOptions {
    return { ...this.options.backingIndexes, logger: this.options.logger };
  }

  private failed(doing: string, error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.logger?.warn(`projection ${this.projection.name}: ${doing} failed, will retry: ${this.lastError}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
