import { Position, RecordedEvent } from './envelope';
import { CheckpointStore, EventStore } from './event-store';
import { START } from './position';

export interface CatchUpOptions {
  subscriptionId: string;
  /** Stream categories to follow; all when absent. */
  categories?: string[];
  checkpoints: CheckpointStore;
  /** Called once per batch, in global order. The checkpoint moves only after it resolves. */
  handle: (events: RecordedEvent[]) => Promise<void>;
  batchSize?: number;
  /** Pause between polls when nothing new was found. */
  idleDelayMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * A catch-up subscription: reads the global order from the stored checkpoint, hands batches to the
 * handler and stores the checkpoint after each. Delivery is at least once: a crash between handling
 * and checkpointing repeats the batch, so handlers must be idempotent.
 */
export class CatchUpSubscription {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private position: Position = START;

  constructor(
    private readonly store: EventStore,
    private readonly options: CatchUpOptions,
  ) {}

  get lastPosition(): Position {
    return this.position;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.position = (await this.options.checkpoints.load(this.options.subscriptionId)) ?? START;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Reads and handles until caught up, from the stored checkpoint; for CLI commands and tests. */
  async catchUp(): Promise<number> {
    if (!this.running) this.position = (await this.options.checkpoints.load(this.options.subscriptionId)) ?? START;
    let handled = 0;
    for (;;) {
      const batch = await this.nextBatch();
      if (!batch.length) return handled;
      handled += batch.length;
    }
  }

  private async nextBatch(): Promise<RecordedEvent[]> {
    const { subscriptionId, categories, batchSize = 500, handle, checkpoints } = this.options;
    const events = await this.store.readAll({ from: this.position, maxCount: batchSize, categories });
    if (!events.length) return events;
    await handle(events);
    this.position = events[events.length - 1].position;
    await checkpoints.store(subscriptionId, this.position);
    return events;
  }

  private async run(): Promise<void> {
    const idle = this.options.idleDelayMs ?? 100;
    let failures = 0;
    while (this.running) {
      try {
        const batch = await this.nextBatch();
        failures = 0;
        if (batch.length) continue;
        await this.sleep(idle);
      } catch (error) {
        this.options.onError?.(error);
        failures += 1;
        await this.sleep(Math.min(idle * 2 ** failures, 10_000));
      }
    }
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
