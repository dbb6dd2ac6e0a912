import type {
  AllStreamResolvedEvent,
  AppendStreamRequest,
  CurrentStreamState,
  JSONEventData,
  MultiAppendResult,
  ReadAllOptions as KurrentReadAllOptions,
  RecordedEvent as KurrentRecordedEvent,
  ReadStreamOptions as KurrentReadStreamOptions,
  ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { AppendResult, ExpectedRevision, NewEvent, Position, RecordedEvent, StreamWrite } from '../envelope';
import { DuplicateEventId, InvalidAppend, WrongExpectedVersion } from '../errors';
import { CategoryStream, EventStore, ReadAllOptions, ReadCategoryOptions, ReadStreamOptions } from '../event-store';
import { comparePositions, START } from '../position';
import {
  actualRevision,
  categoryFilter,
  domainStreamsFilter,
  eventIdOf,
  isDomainStream,
  isStreamNotFoundError,
  isUnsupportedError,
  isWrongExpectedVersionError,
  Reservation,
  reservationEventData,
  reservationStream,
  storedHash,
  toEventData,
  toKurrentPosition,
  toPosition,
  toRecordedEvent,
  toReservation,
  toStreamState,
} from './kurrentdb-mapping';

/** The part of KurrentDBClient the adapter uses (a KurrentDBClient is one). */
export interface KurrentClient {
  /** KurrentDB 25.1 or later. */
  multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult>;
  readStream(streamName: string, options?: KurrentReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options?: KurrentReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
}

export interface KurrentDbEventStoreOptions {
  /**
   * After the server refuses a write, how long to wait for its read side to show the write that
   * caused the refusal (a refusal is answered before the winning write is indexed).
   */
  visibilityTimeoutMs?: number;
  /** Rounds of re-reading and re-sending when `any`/`stream_exists` writes keep losing races. */
  maxAttempts?: number;
}

/** A planned write of one stream: the concrete revision it goes after, or why it cannot be written. */
type Plan =
  | { kind: 'append'; index: number; write: StreamWrite; after: number; events: JSONEventData[] }
  | { kind: 'refused'; index: number; write: StreamWrite; actual: number };

/** What the reservations of a write's event ids say about it. */
type Settlement = { kind: 'stored'; result: AppendResult } | { kind: 'fresh' } | { kind: 'duplicate'; detail: string };

interface Conflict {
  streamId: string;
  actual: number;
}

const DEFAULT_READ_ALL_COUNT = 1000;

/**
 * The KurrentDB adapter of the event store port (ARCHITECTURE.md §3), over KurrentDB's atomic
 * multi-stream append (server 25.1 or later). What KurrentDB does not do by itself, the adapter
 * adds, so that it passes the same contract suite as the PostgreSQL adapter:
 *
 * - **Hash chain.** Each event's hash chains it to the previous event of its stream, computed as the
 *   PostgreSQL function computes it (event-hash.ts) and stored in the event's properties. To chain
 *   correctly every append names the exact revision it goes after: `any` and `stream_exists` are
 *   resolved against the stream's last event and re-tried when another writer got there first.
 * - **Ids unique store-wide, retries that return the original result.** KurrentDB deduplicates ids
 *   per stream only (for `any`, only while a cache remembers them), and in a multi-stream append
 *   its deduplication does harm (see toEventData). So the event's id is kept as a property, the
 *   record id KurrentDB sees is fresh on every attempt, and every append also writes one
 *   reservation event per event id (reservationStream) in the same atomic append. When the server
 *   refuses a write, the reservations say whether it was a retry of a stored append (→ the
 *   original result), a reused id (→ DuplicateEventId) or a lost race (→ WrongExpectedVersion).
 * - **Positions** are KurrentDB's `commit:prepare` log positions; an append's result names the
 *   position of its last event as readAll reports it, read back after the write.
 *
 * An append therefore costs three round trips (read the stream's last event, the multi-stream
 * append, read back the last event written) and writes one small reservation event per event.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly visibilityTimeoutMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly client: KurrentClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.visibilityTimeoutMs = options.visibilityTimeoutMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendMany([{ streamId, events, expected }]);
    return result;
  }

  async appendMany(writes: StreamWrite[]): Promise<AppendResult[]> {
    assertWritable(writes);
    const results: (AppendResult | undefined)[] = writes.map(() => undefined);
    let lastConflict: Conflict | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const pending = writes.flatMap((write, index) => (results[index] ? [] : [{ write, index }]));
      const plans = await Promise.all(pending.map(({ write, index }) => this.plan(write, index)));

      let conflict: Conflict | undefined;
      const appends = plans.filter((p) => p.kind === 'append');
      if (appends.length === plans.length) {
        try {
          const written = await this.send(appends);
          if (written.every((r) => r !== undefined)) {
            appends.forEach((p, i) => (results[p.index] = written[i]));
            return results as AppendResult[];
          }
          // Acknowledged, yet the last event read back is not ours: let the reservations decide.
        } catch (error) {
          if (!isWrongExpectedVersionError(error)) throw translateError(error);
          const refusal = error as { streamName: string; actualState: CurrentStreamState };
          conflict = lastConflict = { streamId: refusal.streamName, actual: actualRevision(refusal.actualState) };
          await this.waitUntilVisible(conflict);
        }
      }

      // Refused, by the server or by the stream's state as read: a retry, a reused id, or a lost race.
      const settlements = await Promise.all(pending.map(({ write }) => this.settle(write)));
      const duplicate = settlements.find((s) => s.kind === 'duplicate');
      if (duplicate) throw new DuplicateEventId(duplicate.detail);
      let stored = 0;
      settlements.forEach((s, i) => {
        if (s.kind === 'stored') {
          results[pending[i].index] = s.result;
          stored++;
        }
      });
      if (results.every((r) => r !== undefined)) return results as AppendResult[];
      if (stored) continue; // the rest is new: write it on its own, as PostgreSQL would

      const refused = plans.find((p) => p.kind === 'refused');
      if (refused) throw new WrongExpectedVersion(refused.write.streamId, refused.write.expected, refused.actual);
      const lost = conflict && pending.find(({ write }) => write.streamId === conflict.streamId);
      if (lost && conflict && isExplicit(lost.write.expected))
        throw new WrongExpectedVersion(conflict.streamId, lost.write.expected, conflict.actual);
      // An `any` or `stream_exists` write lost a race to another writer: read again and retry.
    }
    const stream = lastConflict?.streamId ?? writes[0].streamId;
    throw new WrongExpectedVersion(
      stream,
      writes.find((w) => w.streamId === stream)?.expected ?? 'any',
      lastConflict?.actual ?? -1,
    );
  }

  /** Reads the stream's last event and turns the expectation into the exact revision to write after. */
  private async plan(write: StreamWrite, index: number): Promise<Plan> {
    const last = await this.lastEvent(write.streamId);
    const current = last ? Number(last.revision) : -1;
    const { expected } = write;
    const fits =
      expected === 'any' ||
      (expected === 'stream_exists' && current >= 0) ||
      (expected === 'no_stream' && current === -1) ||
      expected === current;
    if (!fits) return { kind: 'refused', index, write, actual: current };
    return {
      kind: 'append',
      index,
      write,
      after: current,
      events: toEventData(write.streamId, write.events, current, last ? storedHash(last) : ''),
    };
  }

  /** One atomic multi-stream append; the result of each write, or undefined where the read-back disagrees. */
  private async send(plans: Extract<Plan, { kind: 'append' }>[]): Promise<(AppendResult | undefined)[]> {
    const requests: AppendStreamRequest[] = [];
    for (const plan of plans) {
      requests.push({ streamName: plan.write.streamId, events: plan.events, expectedState: toStreamState(plan.after) });
      plan.write.events.forEach((event, i) =>
        requests.push({
          streamName: reservationStream(event.id),
          events: [reservationEventData({ streamId: plan.write.streamId, revision: plan.after + 1 + i })],
          expectedState: 'no_stream',
        }),
      );
    }
    await this.client.multiStreamAppend(requests);
    return Promise.all(
      plans.map((plan) => {
        const last = plan.write.events[plan.write.events.length - 1];
        return this.readBack(plan.write.streamId, plan.after + plan.events.length, last.id);
      }),
    );
  }

  /** Decides from the reservations of a write's ids whether it is stored already, new, or reuses ids. */
  private async settle(write: StreamWrite): Promise<Settlement> {
    const reservations = await Promise.all(write.events.map((e) => this.reservation(e.id)));
    if (reservations.every((r) => r === undefined)) return { kind: 'fresh' };
    const first = reservations[0];
    const sameAppend =
      first !== undefined &&
      reservations.every((r, i) => r?.streamId === write.streamId && r.revision === first.revision + i);
    if (!sameAppend) {
      const used = write.events.filter((_, i) => reservations[i]).map((e) => e.id);
      return {
        kind: 'duplicate',
        detail: `event ids already used: ${used.join(', ')} (appending to ${write.streamId})`,
      };
    }
    const lastRevision = first.revision + write.events.length - 1;
    const result = await this.readBack(write.streamId, lastRevision, write.events[write.events.length - 1].id);
    if (!result)
      throw new Error(
        `${write.streamId}@${lastRevision} does not hold the event its reservation names: the store is damaged`,
      );
    return { kind: 'stored', result };
  }

  private async reservation(eventId: string): Promise<Reservation | undefined> {
    const [first] = await this.read(reservationStream(eventId), { maxCount: 1 });
    return first && toReservation(first);
  }

  /** The result of an append whose last event is `eventId` at `revision`; undefined if another event is there. */
  private async readBack(streamId: string, revision: number, eventId: string): Promise<AppendResult | undefined> {
    const [event] = await this.read(streamId, { fromRevision: BigInt(revision), maxCount: 1 });
    if (!event || eventIdOf(event).toLowerCase() !== eventId.toLowerCase() || Number(event.revision) !== revision)
      return undefined;
    return { nextExpectedRevision: revision, position: toPosition(requirePosition(event)) };
  }

  /**
   * The server refuses a write as soon as it sees the conflicting state, which can be before the
   * write that caused it is readable. Waits until the read side shows what the server saw.
   */
  private async waitUntilVisible({ streamId, actual }: Conflict): Promise<void> {
    if (actual < 0) return;
    const deadline = Date.now() + this.visibilityTimeoutMs;
    while (Date.now() < deadline) {
      const last = await this.lastEvent(streamId);
      if (last && Number(last.revision) >= actual) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async lastEvent(streamId: string): Promise<KurrentRecordedEvent | undefined> {
    const [last] = await this.read(streamId, { direction: 'backwards', fromRevision: 'end', maxCount: 1 });
    return last;
  }

  /** A stream's events; none when it does not exist. */
  private async read(streamId: string, options: KurrentReadStreamOptions): Promise<KurrentRecordedEvent[]> {
    const events: KurrentRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFoundError(error)) return [];
      throw error;
    }
    return events;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const { fromRevision, maxCount } = options;
    if (maxCount !== undefined && maxCount <= 0) return [];
    if (fromRevision !== undefined && fromRevision < 0 && backwards) return [];
    const events = await this.read(streamId, {
      direction: backwards ? 'backwards' : 'forwards',
      fromRevision: fromRevision === undefined ? (backwards ? 'end' : 'start') : BigInt(Math.max(0, fromRevision)),
      maxCount: maxCount ?? Number.MAX_SAFE_INTEGER,
    });
    return events.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? DEFAULT_READ_ALL_COUNT;
    if (maxCount <= 0) return [];
    // START is before every event: reading after it is reading from the beginning.
    const from = options.from && options.from !== START ? options.from : undefined;
    // KurrentDB reads $all from a position inclusively; one more event covers the one at `from`.
    const exclusive = from !== undefined && !options.inclusive;
    const events: RecordedEvent[] = [];
    for await (const resolved of this.client.readAll({
      direction: 'forwards',
      fromPosition: from ? toKurrentPosition(from) : 'start',
      maxCount: maxCount + (exclusive ? 1 : 0),
      // Server-side: a subscription must not stall behind a long run of events it does not want.
      filter: options.categories?.length ? categoryFilter(options.categories) : domainStreamsFilter(),
    })) {
      const event = resolved.event;
      if (!event || !isDomainStream(event.streamId)) continue;
      const recorded = toRecordedEvent(event);
      if (from && comparePositions(recorded.position, from) < (exclusive ? 1 : 0)) continue;
      events.push(recorded);
      if (events.length === maxCount) break;
    }
    return events;
  }

  /**
   * KurrentDB keeps no table of streams: the category's stream names are collected from $all
   * (filtered on the server), then the page's streams are read whole. A pass over a category thus
   * reads $all once per page; fine for the sizes this adapter has been used at, and said in the README.
   */
  async readCategory(category: string, options: ReadCategoryOptions): Promise<CategoryStream[]> {
    const names = new Set<string>();
    for await (const resolved of this.client.readAll({
      direction: 'forwards',
      fromPosition: 'start',
      maxCount: Number.MAX_SAFE_INTEGER,
      filter: categoryFilter([category]),
    })) {
      const streamId = resolved.event?.streamId;
      if (streamId && isDomainStream(streamId) && streamId > (options.afterStreamId ?? '')) names.add(streamId);
    }
    const page = [...names].sort().slice(0, options.maxStreams);
    return Promise.all(page.map(async (streamId) => ({ streamId, events: await this.readStream(streamId) })));
  }

  async streamRevision(streamId: string): Promise<number> {
    const last = await this.lastEvent(streamId);
    return last ? Number(last.revision) : -1;
  }

  comparePositions(a: Position, b: Position): number {
    return comparePositions(a, b);
  }

  async close(): Promise<void> {
    // The client belongs to whoever made it.
  }
}

/** Refuses what KurrentDB's multi-stream append cannot take, before anything is sent. */
function assertWritable(writes: StreamWrite[]): void {
  if (!writes.length) throw new InvalidAppend('nothing to append');
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const { streamId, events, expected } of writes) {
    if (streams.has(streamId)) throw new InvalidAppend(`one write per stream in an atomic append: ${streamId}`);
    streams.add(streamId);
    if (!events.length) throw new InvalidAppend(`nothing to append to ${streamId}`);
    if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0))
      throw new InvalidAppend(`not a revision: ${expected}`);
    for (const { id } of events) {
      const key = id.toLowerCase();
      if (ids.has(key)) throw new InvalidAppend(`event id used twice in one append: ${id}`);
      ids.add(key);
    }
  }
}

/** no_stream and a revision are the caller's own concurrency check; any and stream_exists are not. */
function isExplicit(expected: ExpectedRevision): boolean {
  return expected === 'no_stream' || typeof expected === 'number';
}

function requirePosition(event: KurrentRecordedEvent) {
  if (!event.position)
    throw new Error('KurrentDB returned an event without its position (server 22.6 or later needed)');
  return event.position;
}

function translateError(error: unknown): unknown {
  if (isUnsupportedError(error))
    return new Error('the KurrentDB adapter needs KurrentDB 25.1 or later (multi-stream append)', { cause: error });
  return error;
}
