import { UnsupportedError } from '@kurrent/kurrentdb-client/dist/utils/CommandError';
import { eventStoreContract } from '../contract/event-store.contract';
import { events, newEvent, testCategory } from '../contract/fixtures';
import { RecordedEvent } from '../envelope';
import { DuplicateEventId, InvalidAppend, WrongExpectedVersion } from '../errors';
import { ProtectedEventStore } from '../protected-event-store';
import { chainHash } from './event-hash';
import { checkpointStream, KurrentDbCheckpointStore } from './kurrentdb-checkpoint-store';
import { KurrentClient, KurrentDbEventStore } from './kurrentdb-event-store';
import { reservationStream } from './kurrentdb-mapping';
import { InMemoryKurrentDb, InMemoryKurrentDbOptions } from './testing/in-memory-kurrentdb';

// The adapter's logic against an in-memory emulation of a KurrentDB node (testing/in-memory-kurrentdb.ts).
// This is not evidence that it works against KurrentDB: kurrentdb-event-store.kurrentdb.spec.ts runs
// the same contract against a real server.

const emulated = (options: InMemoryKurrentDbOptions) => () => {
  const server = new InMemoryKurrentDb(options);
  return {
    store: new ProtectedEventStore(new KurrentDbEventStore(server, { visibilityTimeoutMs: 1_000 })),
    checkpoints: new KurrentDbCheckpointStore(server),
  };
};

eventStoreContract(
  'KurrentDB adapter over an emulated node (read side 3 ms behind the writer)',
  emulated({ lagMs: 3 }),
);
eventStoreContract(
  'KurrentDB adapter over an emulated node (no lag, data read back as bytes)',
  emulated({ multiStreamDataAsBytes: true }),
);

/** Recomputes every hash of a stream from what is read back, as the audit verifier does. */
function verifyChain(read: RecordedEvent[]): void {
  let previous = '';
  for (const event of read) {
    expect(event.hash).toBe(chainHash(previous, event));
    previous = event.hash;
  }
}

describe('KurrentDB adapter', () => {
  let server: InMemoryKurrentDb;
  let store: KurrentDbEventStore;
  let stream: (n?: number | string) => string;

  beforeEach(() => {
    server = new InMemoryKurrentDb({ lagMs: 2 });
    store = new KurrentDbEventStore(server, { visibilityTimeoutMs: 1_000 });
    const category = testCategory();
    stream = (n = 1) => `${category}-${n}`;
  });

  /** A client on which another writer appends just before each multi-stream append arrives. */
  const racing = (other: () => Promise<unknown>, times = 1): KurrentClient => ({
    readStream: (name, options) => server.readStream(name, options),
    readAll: (options) => server.readAll(options),
    multiStreamAppend: async (requests) => {
      if (times-- > 0) await other();
      return server.multiStreamAppend(requests);
    },
  });

  describe('the hash chain', () => {
    it('chains every event to the one before it in its stream, across appends of every kind', async () => {
      await store.append(stream(), events(2), 'no_stream');
      await store.append(stream(), events(1), 1);
      await store.append(stream(), events(2), 'any');
      await store.append(stream(), events(1), 'stream_exists');
      await store.appendMany([
        { streamId: stream(), events: events(2), expected: 5 },
        { streamId: stream(2), events: events(1), expected: 'any' },
      ]);
      const read = await store.readStream(stream());
      expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      verifyChain(read);
      verifyChain(await store.readStream(stream(2)));
    });

    it('keeps the chain when an `any` append loses a race and is written after the winner', async () => {
      await store.append(stream(), events(1), 'no_stream');
      const other = new KurrentDbEventStore(server);
      const raced = new KurrentDbEventStore(racing(() => other.append(stream(), events(2), 'any')));
      expect((await raced.append(stream(), events(1), 'any')).nextExpectedRevision).toBe(3);
      verifyChain(await store.readStream(stream()));
    });

    it('makes a hash a verifier can recompute from the event as read', async () => {
      const event = newEvent('ChildRegistered', { name: '张三', n: 1e21 });
      event.occurredAt = new Date('2026-03-01T08:00:00.123Z');
      await store.append(stream(), [event], 'no_stream');
      const [read] = await store.readStream(stream());
      expect(read.hash).toBe(
        chainHash('', { ...event, streamId: stream(), revision: 0, occurredAt: event.occurredAt }),
      );
    });
  });

  describe('refusals', () => {
    it('names the actual revision when another writer won the race at the server', async () => {
      await store.append(stream(), events(1), 'no_stream');
      const other = new KurrentDbEventStore(server);
      const raced = new KurrentDbEventStore(racing(() => other.append(stream(), events(2), 0)));
      await expect(raced.append(stream(), events(1), 0)).rejects.toMatchObject({
        constructor: WrongExpectedVersion,
        streamId: stream(),
        expected: 0,
        actual: 2,
      });
      expect(await store.streamRevision(stream())).toBe(2);
    });

    it('refuses without a round trip to the writer when the stream is not where the caller expects', async () => {
      await store.append(stream(), events(2), 'no_stream');
      const before = server.multiStreamAppends;
      await expect(store.append(stream(), events(1), 0)).rejects.toMatchObject({ actual: 1 });
      await expect(store.append(stream('x'), events(1), 'stream_exists')).rejects.toMatchObject({ actual: -1 });
      expect(server.multiStreamAppends).toBe(before);
    });

    it('gives up on an `any` append that keeps losing races, with a lost race', async () => {
      await store.append(stream(), events(1), 'no_stream');
      const other = new KurrentDbEventStore(server);
      const raced = new KurrentDbEventStore(
        racing(() => other.append(stream(), events(1), 'any'), 100),
        { maxAttempts: 3 },
      );
      await expect(raced.append(stream(), events(1), 'any')).rejects.toBeInstanceOf(WrongExpectedVersion);
    });

    it('refuses what a multi-stream append cannot take, before sending anything', async () => {
      const [event] = events(1);
      await expect(
        store.appendMany([
          { streamId: stream(), events: events(1), expected: 'any' },
          { streamId: stream(), events: events(1), expected: 'any' },
        ]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      await expect(
        store.appendMany([
          { streamId: stream(1), events: [event], expected: 'any' },
          { streamId: stream(2), events: [event], expected: 'any' },
        ]),
      ).rejects.toBeInstanceOf(InvalidAppend);
      await expect(store.append(stream(), [], 'any')).rejects.toBeInstanceOf(InvalidAppend);
      await expect(store.append(stream(), events(1), -1)).rejects.toBeInstanceOf(InvalidAppend);
      expect(server.multiStreamAppends).toBe(0);
    });

    it('does not report a write that the server acknowledged but the stream does not show', async () => {
      const forgetful: KurrentClient = {
        readStream: (name, options) => server.readStream(name, options),
        readAll: (options) => server.readAll(options),
        multiStreamAppend: async () => ({ position: 1n, responses: [] }),
      };
      await expect(
        new KurrentDbEventStore(forgetful, { maxAttempts: 2 }).append(stream(), events(1), 'any'),
      ).rejects.toBeInstanceOf(WrongExpectedVersion);
    });

    it('does not take another event found where its write should be for its own', async () => {
      const other = new KurrentDbEventStore(server);
      let lies = 1;
      const lying: KurrentClient = {
        readStream: (name, options) => server.readStream(name, options),
        readAll: (options) => server.readAll(options),
        multiStreamAppend: async (requests) => {
          if (lies-- <= 0) return server.multiStreamAppend(requests);
          await other.append(stream(), events(1), 'any');
          return { position: 1n, responses: [] };
        },
      };
      const [mine] = events(1);
      expect(await new KurrentDbEventStore(lying).append(stream(), [mine], 'any')).toMatchObject({
        nextExpectedRevision: 1,
      });
      expect((await store.readStream(stream())).map((e) => e.id)).toEqual([expect.any(String), mine.id]);
    });

    it('says plainly that a server before 25.1 cannot take the adapter', async () => {
      const old: KurrentClient = {
        readStream: (name, options) => server.readStream(name, options),
        readAll: (options) => server.readAll(options),
        multiStreamAppend: async () => {
          throw new UnsupportedError('multiStreamAppend', '25.1');
        },
      };
      await expect(new KurrentDbEventStore(old).append(stream(), events(1), 'any')).rejects.toThrow(/25\.1 or later/);
    });
  });

  describe('event ids', () => {
    it('refuses an id used in another stream, and writes nothing', async () => {
      const [used] = events(1);
      await store.append(stream(1), [used], 'no_stream');
      await expect(store.append(stream(2), [...events(1), used], 'any')).rejects.toBeInstanceOf(DuplicateEventId);
      expect(await store.streamRevision(stream(2))).toBe(-1);
    });

    it('refuses a write that repeats only some ids of an earlier one in the same stream', async () => {
      const written = events(2);
      await store.append(stream(), written, 'no_stream');
      await expect(store.append(stream(), [written[1], newEvent()], 'any')).rejects.toBeInstanceOf(DuplicateEventId);
      await expect(store.append(stream(), [written[1], written[0]], 'any')).rejects.toBeInstanceOf(DuplicateEventId);
      expect(await store.streamRevision(stream())).toBe(1);
    });

    it('reserves each id in a stream of its own, in the same atomic append', async () => {
      const written = events(2);
      await store.append(stream(), written, 'no_stream');
      for (const [i, event] of written.entries()) {
        const [reservation] = await collect(server.readStream(reservationStream(event.id)));
        expect(reservation.event?.data).toEqual({ streamId: stream(), revision: i });
        expect(reservation.event?.id).not.toBe(event.id);
      }
    });
  });

  describe('retries', () => {
    it('returns the original result to a retry, whatever it expects and however much was written since', async () => {
      const written = events(3);
      const first = await store.append(stream(), written, 'no_stream');
      await store.append(stream(), events(2), 'any');
      for (const expected of ['no_stream', 'any', 'stream_exists', 0, 2, 4] as const)
        expect(await store.append(stream(), written, expected)).toEqual(first);
      expect(await store.streamRevision(stream())).toBe(4);
    });

    it('returns the original result to a retry that arrives before the original is readable', async () => {
      server = new InMemoryKurrentDb({ lagMs: 25 });
      store = new KurrentDbEventStore(server, { visibilityTimeoutMs: 1_000 });
      const written = events(2);
      const results = await Promise.all([
        store.append(stream(), written, 'any'),
        store.append(stream(), written, 'any'),
        store.append(stream(), written, 'no_stream'),
      ]);
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(await store.readStream(stream())).toHaveLength(2);
    });

    it('writes the new part of an atomic append whose other part is a stored retry', async () => {
      const a = events(1);
      const first = await store.append(stream('a'), a, 'no_stream');
      const [resultA, resultB] = await store.appendMany([
        { streamId: stream('a'), events: a, expected: 'no_stream' },
        { streamId: stream('b'), events: events(2), expected: 'no_stream' },
      ]);
      expect(resultA).toEqual(first);
      expect(resultB.nextExpectedRevision).toBe(1);
      expect(await store.readStream(stream('a'))).toHaveLength(1);
    });

    it('costs one multi-stream append when nothing races', async () => {
      await store.append(stream(), events(3), 'no_stream');
      await store.appendMany([
        { streamId: stream(), events: events(1), expected: 2 },
        { streamId: stream(2), events: events(1), expected: 'any' },
      ]);
      expect(server.multiStreamAppends).toBe(2);
    });
  });

  describe('reading', () => {
    it('returns the position readAll reports for the last event of an append', async () => {
      const result = await store.append(stream(), events(3), 'no_stream');
      const all = await store.readAll({ categories: [stream().split('-')[0]] });
      expect(result.position).toBe(all[2].position);
    });

    it('never returns KurrentDB’s system events or the adapter’s own streams', async () => {
      await store.append(stream(), events(2), 'no_stream');
      await new KurrentDbCheckpointStore(server).store('relay', '1:1' as RecordedEvent['position']);
      const all = await store.readAll();
      expect(all.map((e) => e.streamId)).toEqual([stream(), stream()]);
      expect(server.log.some((e) => e.streamId.startsWith('$'))).toBe(true);
      expect(server.log.some((e) => e.streamId.startsWith('es.'))).toBe(true);
    });

    it('reads $all after a position, or from it, and from the start for the START position', async () => {
      await store.append(stream(), events(4), 'no_stream');
      const all = await store.readAll();
      expect((await store.readAll({ from: all[1].position })).map((e) => e.revision)).toEqual([2, 3]);
      expect(
        (await store.readAll({ from: all[1].position, inclusive: true, maxCount: 2 })).map((e) => e.revision),
      ).toEqual([1, 2]);
      expect((await store.readAll({ from: '0:0' as RecordedEvent['position'] })).map((e) => e.revision)).toEqual([
        0, 1, 2, 3,
      ]);
      expect(await store.readAll({ maxCount: 0 })).toEqual([]);
    });

    it('fills a limited read after a position with events after it', async () => {
      await store.append(stream(), events(4), 'no_stream');
      const all = await store.readAll();
      expect((await store.readAll({ from: all[0].position, maxCount: 2 })).map((e) => e.revision)).toEqual([1, 2]);
    });

    it('maps an event some other tool wrote, without a hash', async () => {
      server.inject(stream(), [
        {
          id: 'd6f1c2a0-0000-4000-8000-000000000001',
          contentType: 'application/json',
          type: 'Imported',
          data: { a: 1 },
          metadata: undefined,
        },
      ]);
      const [read] = await store.readStream(stream());
      expect(read).toMatchObject({ type: 'Imported', data: { a: 1 }, hash: '', schemaVersion: 1 });
    });
  });
});

describe('KurrentDB checkpoint store', () => {
  it('remembers the last position of each subscription, in a stream it keeps short', async () => {
    const server = new InMemoryKurrentDb();
    const checkpoints = new KurrentDbCheckpointStore(server);
    expect(await checkpoints.load('relay')).toBeUndefined();
    await checkpoints.store('relay', '10:10' as RecordedEvent['position']);
    await checkpoints.store('relay', '20:20' as RecordedEvent['position']);
    await checkpoints.store('projector', '5:5' as RecordedEvent['position']);
    expect(await checkpoints.load('relay')).toBe('20:20');
    expect(await checkpoints.load('projector')).toBe('5:5');
    const limits = server.log.filter((e) => e.streamId === `$$${checkpointStream('relay')}`);
    expect(limits.map((e) => e.data)).toEqual([{ maxCount: 5 }]);
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
