import { AppendResult, ExpectedRevision, NewEvent, Position, RecordedEvent, StreamWrite } from './envelope';

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** First revision to read (inclusive); defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadCategoryOptions {
  /** Streams after this stream id (in id order); from the first when absent. */
  afterStreamId?: string;
  maxStreams: number;
}

/** One whole stream of a category page. */
export interface CategoryStream {
  streamId: string;
  events: RecordedEvent[];
}

export interface ReadAllOptions {
  /** Read after this position (or from it, when `inclusive`); from the very start when absent. */
  from?: Position;
  inclusive?: boolean;
  maxCount?: number;
  /** Only events of these stream categories (`child`, `payrun`, …). */
  categories?: string[];
}

/**
 * The event store port (ARCHITECTURE.md §3). Adapters: PostgreSQL and KurrentDB, one contract suite.
 * - `append` writes all events or none; a lost race throws WrongExpectedVersion and writes nothing;
 *   a retry with the same event ids is a no-op that returns the original result.
 * - `readAll` returns only events whose writers have finished, in one global order that never
 *   changes afterwards: a subscriber that follows it receives every committed event exactly once.
 */
export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** One atomic write to several streams, each with its own expectation. */
  appendMany(writes: StreamWrite[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Whole streams of one category, a page at a time in stream id order: a batch job (a monthly
   * payment run) visits every stream of its category in one pass with one round trip per page.
   */
  readCategory(category: string, options: ReadCategoryOptions): Promise<CategoryStream[]>;
  /** The stream's last revision, -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  comparePositions(a: Position, b: Position): number;
  close(): Promise<void>;
}

/** Where a subscription remembers how far it got. */
export interface CheckpointStore {
  load(subscriptionId: string): Promise<Position | undefined>;
  store(subscriptionId: string, position: Position): Promise<void>;
}
