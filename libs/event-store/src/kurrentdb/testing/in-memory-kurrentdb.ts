import type {
  AllStreamResolvedEvent,
  AppendResult,
  AppendStreamRequest,
  AppendStreamState,
  AppendToStreamOptions,
  EventData,
  MultiAppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  StreamMetadata,
} from '@kurrent/kurrentdb-client';
import type { AllStreamRecordedEvent } from '@kurrent/kurrentdb-client';
import { StreamNotFoundError, WrongExpectedVersionError } from '@kurrent/kurrentdb-client/dist/utils/CommandError';
import { randomUUID } from 'node:crypto';
import { KurrentCheckpointClient } from '../kurrentdb-checkpoint-store';
import { KurrentClient } from '../kurrentdb-event-store';

/**
 * FOR UNIT TESTS ONLY: an in-memory stand-in for a KurrentDB node, to exercise the adapter's logic
 * without a server. It follows the server's code (KurrentDB's IndexWriter.CheckCommit,
 * StorageWriterService.VerifyCommitChecks and the v2 append session's error mapping) as far as
 * the adapter relies on it:
 * - expected-revision checks, and idempotency by record id per stream (for `any` through a cache);
 * - a multi-stream append writes all or nothing; all streams idempotent → success without writing;
 *   streams Ok and in conflict → a revision conflict naming the first stream in conflict; an
 *   idempotent stream among others → an error naming no stream (the server indexes an empty list);
 *   a repeat of a write that is not readable yet → no answer until the client's deadline;
 * - $all read inclusively from a position and filtered server-side; the properties of a
 *   multi-stream append read back as JSON metadata with `$schema.*` added;
 * - a read side that trails the writer by `lagMs`: a refusal is answered at once, a write becomes
 *   readable (and is acknowledged) later.
 * It is no evidence that the adapter works against KurrentDB: kurrentdb-event-store.kurrentdb.spec.ts is.
 */
export interface InMemoryKurrentDbOptions {
  /** Delay before a write becomes readable (and before its success is answered). */
  lagMs?: number;
  /** Whether events of multi-stream appends come back with parsed JSON data or raw bytes. */
  multiStreamDataAsBytes?: boolean;
}

interface StoredEvent {
  /** Index in the log. */
  seq: number;
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  created: Date;
  position: { commit: bigint; prepare: bigint };
}

type Decision =
  | { kind: 'ok'; current: number }
  | { kind: 'idempotent'; last: number; readable: boolean }
  | { kind: 'conflict'; current: number };

/** How the client reports a request the server dropped, and a fault inside the server. */
const deadlineExceeded = () => Object.assign(new Error('Deadline exceeded'), { type: 'deadline-exceeded' });
const serverFault = () => Object.assign(new Error('Index was outside the bounds of the array.'), { type: 'unknown' });

export class InMemoryKurrentDb implements KurrentClient, KurrentCheckpointClient {
  readonly log: StoredEvent[] = [];
  /** Counts the multi-stream appends that reached the writer, for assertions on round trips. */
  multiStreamAppends = 0;
  private visible = 0;
  private nextLogPosition = 1_000n;
  private readonly streams = new Map<string, StoredEvent[]>();
  /** The server's committed-events cache (event id → stream, revision), used for `any`. */
  private readonly committed = new Map<string, { streamId: string; revision: number }>();

  constructor(private readonly options: InMemoryKurrentDbOptions = {}) {
    // A node's log starts with system events; adapters must never return them.
    this.write([{ streamId: '$stats-127.0.0.1:2113', events: [this.event('$statsCollected', {})] }], false);
    this.visible = this.log.length;
  }

  async multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult> {
    await Promise.resolve();
    const seen = new Set<string>();
    for (const request of requests) {
      if (!request.events.length) throw new Error(`Write to stream "${request.streamName}" does not have any records`);
      if (seen.has(request.streamName))
        throw new Error(`Two AppendStreamRequests for one stream is not currently supported: ${request.streamName}`);
      seen.add(request.streamName);
      for (const event of request.events) {
        const metadata = event.metadata as unknown;
        if (
          metadata !== undefined &&
          metadata !== null &&
          (typeof metadata !== 'object' || Object.values(metadata).some((v) => typeof v !== 'string'))
        )
          throw new Error(
            'multiStreamAppend requires metadata to be a plain object with string keys and string values.',
          );
      }
    }
    this.multiStreamAppends++;
    const decisions = requests.map((r) => this.check(r.streamName, r.expectedState, r.events));
    if (decisions.some((d) => d.kind === 'idempotent' && !d.readable)) throw await dropped();
    const idempotent = decisions.filter((d) => d.kind === 'idempotent').length;
    if (idempotent && idempotent < decisions.length) throw serverFault();
    const conflictAt = decisions.findIndex((d) => d.kind === 'conflict');
    if (conflictAt >= 0) {
      const request = requests[conflictAt];
      const { current } = decisions[conflictAt] as { current: number };
      throw new WrongExpectedVersionError(undefined, {
        streamName: request.streamName,
        expected: request.expectedState,
        current: current < 0 ? 'no_stream' : BigInt(current),
      });
    }
    const writes = idempotent ? [] : requests.map((r) => ({ streamId: r.streamName, events: r.events }));
    const written = this.write(writes, true);
    await this.becomeVisible(this.log.length);
    return {
      position: written.length ? written[written.length - 1].position.commit : 0n,
      responses: requests.map((r, i) => ({
        streamName: r.streamName,
        revision: BigInt(this.lastRevision(r.streamName, decisions[i])),
      })),
    };
  }

  async appendToStream(
    streamName: string,
    events: EventData[],
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    await Promise.resolve();
    const decision = this.check(streamName, options.streamState ?? 'any', events);
    if (decision.kind === 'idempotent' && !decision.readable) throw await dropped();
    if (decision.kind === 'conflict')
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected: options.streamState ?? 'any',
        current: decision.current < 0 ? 'no_stream' : BigInt(decision.current),
      });
    const written = decision.kind === 'ok' ? this.write([{ streamId: streamName, events }], false) : [];
    await this.becomeVisible(this.log.length);
    const last = written[written.length - 1];
    return {
      success: true,
      nextExpectedRevision: BigInt(this.lastRevision(streamName, decision)),
      position: last?.position,
    };
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<AppendResult> {
    return this.appendToStream(`$$${streamName}`, [this.event('$metadata', metadata)]);
  }

  async *readStream(streamName: string, options: ReadStreamOptions = {}): AsyncGenerator<ResolvedEvent> {
    await Promise.resolve();
    const events = this.visibleEvents(streamName);
    if (!events.length) throw new StreamNotFoundError(undefined, streamName);
    const { direction = 'forwards', fromRevision = direction === 'forwards' ? 'start' : 'end' } = options;
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const last = events.length - 1;
    const from = fromRevision === 'start' ? 0 : fromRevision === 'end' ? last : Number(fromRevision);
    const selected =
      direction === 'forwards'
        ? events.slice(from, from + maxCount)
        : events
            .slice(0, Math.min(from, last) + 1)
            .reverse()
            .slice(0, maxCount);
    for (const event of selected) yield { event: this.recorded(event) };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<AllStreamResolvedEvent> {
    await Promise.resolve();
    if (options.direction === 'backwards') throw new Error('not emulated: backwards $all reads');
    const from =
      options.fromPosition === undefined || options.fromPosition === 'start' ? undefined : options.fromPosition;
    if (from === 'end') return;
    const filter = options.filter;
    const matches = (streamId: string) =>
      !filter ||
      ('prefixes' in filter
        ? filter.prefixes.some((p) => streamId.startsWith(p))
        : new RegExp((filter as { regex: string }).regex).test(streamId));
    let count = 0;
    for (const event of this.log.slice(0, this.visible)) {
      if (count >= Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)) return;
      const { commit, prepare } = event.position;
      if (from && (commit < from.commit || (commit === from.commit && prepare < from.prepare))) continue;
      if (filter && (filter.filterOn !== 'streamName' || !matches(event.streamId))) continue;
      count++;
      yield { event: this.recorded(event) as AllStreamRecordedEvent, commitPosition: commit };
    }
  }

  async dispose(): Promise<void> {}

  /** Writes straight to the log, as a bug or another tool could: to test what the adapter makes of it. */
  inject(streamId: string, events: EventData[]): void {
    this.write([{ streamId, events }], false);
    this.visible = this.log.length;
  }

  // IndexWriter.CheckCommit, for the states the emulator has (no deleted streams).
  private check(streamId: string, expectedState: AppendStreamState, events: EventData[]): Decision {
    const stored = this.streams.get(streamId) ?? [];
    const current = stored.length - 1;
    const ids = events.map((e) => e.id.toLowerCase());
    if (expectedState === 'any' || expectedState === 'stream_exists') {
      if (expectedState === 'stream_exists' && current < 0) return { kind: 'conflict', current };
      const cached = ids.map((id) => this.committed.get(id));
      if (!cached[0] || cached[0].streamId !== streamId) return { kind: 'ok', current };
      if (cached.every((c, i) => c?.streamId === streamId && c.revision === cached[0]!.revision + i)) {
        const last = cached[0].revision + ids.length - 1;
        return { kind: 'idempotent', last, readable: stored[last].seq < this.visible };
      }
      return { kind: 'conflict', current };
    }
    const expected = expectedState === 'no_stream' ? -1 : Number(expectedState);
    if (expected < current) {
      for (let i = 0; i < ids.length; i++) {
        if (stored[expected + 1 + i]?.id !== ids[i]) return { kind: 'conflict', current };
      }
      const last = expected + ids.length;
      return { kind: 'idempotent', last, readable: stored[last].seq < this.visible };
    }
    return expected === current ? { kind: 'ok', current } : { kind: 'conflict', current };
  }

  private write(writes: { streamId: string; events: EventData[] }[], viaMultiStreamAppend: boolean): StoredEvent[] {
    const written: StoredEvent[] = [];
    for (const { streamId, events } of writes) {
      const stream = this.streams.get(streamId) ?? [];
      this.streams.set(streamId, stream);
      for (const event of events) {
        const position = this.nextLogPosition;
        this.nextLogPosition += 137n;
        const json = event.contentType === 'application/json';
        const bytes = json ? Buffer.from(JSON.stringify(event.data)) : Buffer.from(event.data as Uint8Array);
        const stored: StoredEvent = {
          seq: this.log.length,
          streamId,
          id: event.id.toLowerCase(),
          revision: BigInt(stream.length),
          type: event.type,
          isJson: json && !(viaMultiStreamAppend && this.options.multiStreamDataAsBytes),
          data:
            json && !(viaMultiStreamAppend && this.options.multiStreamDataAsBytes)
              ? JSON.parse(bytes.toString())
              : bytes,
          // A multi-stream append's properties come back as JSON metadata, with the schema added.
          metadata: viaMultiStreamAppend
            ? { ...(event.metadata as object), '$schema.name': event.type, '$schema.format': json ? 'Json' : 'Bytes' }
            : event.metadata,
          created: new Date(),
          position: { commit: position, prepare: position },
        };
        stream.push(stored);
        this.log.push(stored);
        this.committed.set(stored.id, { streamId, revision: Number(stored.revision) });
        written.push(stored);
      }
    }
    return written;
  }

  private async becomeVisible(upTo: number): Promise<void> {
    if (this.options.lagMs) await new Promise((resolve) => setTimeout(resolve, this.options.lagMs));
    this.visible = Math.max(this.visible, upTo);
  }

  private visibleEvents(streamId: string): StoredEvent[] {
    return (this.streams.get(streamId) ?? []).filter((e) => e.seq < this.visible);
  }

  private lastRevision(streamId: string, decision: Decision): number {
    return decision.kind === 'idempotent' ? decision.last : (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  private recorded(event: StoredEvent): AllStreamRecordedEvent {
    return {
      streamId: event.streamId,
      id: event.id,
      revision: event.revision,
      type: event.type,
      isJson: event.isJson,
      data: event.data,
      metadata: event.metadata,
      created: event.created,
      position: event.position,
    } as AllStreamRecordedEvent;
  }

  private event(type: string, data: unknown): EventData {
    return { id: randomUUID(), contentType: 'application/json', type, data: data as never, metadata: undefined };
  }
}

/** The server drops a repeat of a write it has not replicated yet; the client gives up at its deadline. */
async function dropped(): Promise<Error> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return deadlineExceeded();
}
