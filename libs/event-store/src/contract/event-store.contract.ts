import { randomUUID } from 'node:crypto';
import { InvalidAppend, WrongExpectedVersion, DuplicateEventId } from '../errors';
import { CheckpointStore, EventStore } from '../event-store';
import { Position, RecordedEvent } from '../envelope';
import { CatchUpSubscription } from '../subscription';
import { events, newEvent, testCategory, VILLAGE_OFFICER } from './fixtures';

export interface ContractSubject {
  store: EventStore;
  checkpoints: CheckpointStore;
}

/**
 * The behaviour every event store adapter must show (ARCHITECTURE.md §3), run by each adapter's
 * integration spec against a real server. `subject()` is called once per test file.
 */
export function eventStoreContract(adapter: string, subject: () => ContractSubject): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    let checkpoints: CheckpointStore;
    let category: string;
    let stream: (n?: number | string) => string;

    beforeAll(() => ({ store, checkpoints } = subject()));
    beforeEach(() => {
      category = testCategory();
      stream = (n = 1) => `${category}-${n}`;
    });

    describe('append with an expected revision', () => {
      it('creates a stream with no_stream and numbers its events from 0', async () => {
        const written = events(3);
        const result = await store.append(stream(), written, 'no_stream');
        expect(result.nextExpectedRevision).toBe(2);
        const read = await store.readStream(stream());
        expect(read.map((e) => [e.id, e.revision, e.streamId])).toEqual(written.map((e, i) => [e.id, i, stream()]));
        expect(await store.streamRevision(stream())).toBe(2);
      });

      it('keeps the whole envelope: type, schema version, data, correlation, causation and decision record', async () => {
        const event = newEvent('ChildRegistered', { name: '张三', tiers: ['orphan'], nested: { a: 1 } });
        event.metadata = { ...event.metadata, causationId: randomUUID(), traceparent: '00-abc-def-01' };
        event.occurredAt = new Date('2026-03-01T08:00:00.123Z');
        await store.append(stream(), [event], 'no_stream');
        const [read] = await store.readStream(stream());
        expect(read).toMatchObject({
          id: event.id,
          type: 'ChildRegistered',
          schemaVersion: 1,
          data: event.data,
          metadata: event.metadata,
          revision: 0,
        });
        expect(read.occurredAt.toISOString()).toBe('2026-03-01T08:00:00.123Z');
        expect(read.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('refuses no_stream for an existing stream, naming its revision, and writes nothing', async () => {
        await store.append(stream(), events(2), 'no_stream');
        await expect(store.append(stream(), events(1), 'no_stream')).rejects.toMatchObject({
          constructor: WrongExpectedVersion,
          actual: 1,
        });
        expect(await store.readStream(stream())).toHaveLength(2);
      });

      it('appends at the expected revision and refuses a stale one', async () => {
        await store.append(stream(), events(2), 'no_stream');
        expect((await store.append(stream(), events(1), 1)).nextExpectedRevision).toBe(2);
        const stale = store.append(stream(), events(3), 1);
        await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersion);
        await expect(stale).rejects.toMatchObject({ actual: 2, expected: 1 });
        expect(await store.readStream(stream())).toHaveLength(3);
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        await expect(store.append(stream(), events(1), 'stream_exists')).rejects.toMatchObject({ actual: -1 });
        expect(await store.streamRevision(stream())).toBe(-1);
        await store.append(stream(), events(1), 'no_stream');
        expect((await store.append(stream(), events(1), 'stream_exists')).nextExpectedRevision).toBe(1);
      });

      it('any appends whether or not the stream exists', async () => {
        expect((await store.append(stream(), events(2), 'any')).nextExpectedRevision).toBe(1);
        expect((await store.append(stream(), events(2), 'any')).nextExpectedRevision).toBe(3);
      });

      it('a numeric expectation for a missing stream is a lost race', async () => {
        await expect(store.append(stream(), events(1), 0)).rejects.toMatchObject({ actual: -1 });
      });

      it('lets exactly one of many concurrent writers at the same revision win', async () => {
        await store.append(stream(), events(1), 'no_stream');
        const attempts = await Promise.allSettled(
          Array.from({ length: 8 }, () => store.append(stream(), events(2), 0)),
        );
        expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
        for (const lost of attempts.filter((a) => a.status === 'rejected')) {
          expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
        }
        expect((await store.readStream(stream())).map((e) => e.revision)).toEqual([0, 1, 2]);
      });
    });

    describe('idempotent retries', () => {
      it('treats a retried append with the same event ids as a no-op with the same result', async () => {
        const written = events(3);
        const first = await store.append(stream(), written, 'no_stream');
        const retry = await store.append(stream(), written, 'no_stream');
        expect(retry).toEqual(first);
        const again = await store.append(stream(), written, 'any');
        expect(again).toEqual(first);
        expect(await store.readStream(stream())).toHaveLength(3);
      });

      it('refuses event ids already used by another stream', async () => {
        const written = events(1);
        await store.append(stream(1), written, 'no_stream');
        await expect(store.append(stream(2), written, 'no_stream')).rejects.toBeInstanceOf(DuplicateEventId);
        expect(await store.streamRevision(stream(2))).toBe(-1);
      });

      it('settles concurrent retries of one append to one copy', async () => {
        const written = events(2);
        const results = await Promise.all(
          Array.from({ length: 5 }, () => store.append(stream(), written, 'no_stream')),
        );
        expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
        expect(await store.readStream(stream())).toHaveLength(2);
      });
    });

    describe('atomic appends to several streams', () => {
      it('writes all streams or none', async () => {
        await store.append(stream('b'), events(1), 'no_stream');
        await expect(
          store.appendMany([
            { streamId: stream('a'), events: events(2), expected: 'no_stream' },
            { streamId: stream('b'), events: events(1), expected: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedVersion);
        expect(await store.streamRevision(stream('a'))).toBe(-1);
        expect(await store.streamRevision(stream('b'))).toBe(0);

        const results = await store.appendMany([
          { streamId: stream('a'), events: events(2), expected: 'no_stream' },
          { streamId: stream('b'), events: events(1), expected: 0 },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1]);
      });

      it('decides uniqueness with a reservation stream appended with no_stream', async () => {
        const reserve = (child: string) =>
          store.appendMany([
            {
              streamId: stream(`idcard_${'330602201001011234'}`),
              events: events(1, 'IdNumberReserved'),
              expected: 'no_stream',
            },
            { streamId: stream(child), events: events(1, 'ChildRegistered'), expected: 'no_stream' },
          ]);
        const outcomes = await Promise.allSettled([reserve('c1'), reserve('c2')]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const registered = await Promise.all([store.streamRevision(stream('c1')), store.streamRevision(stream('c2'))]);
        expect(registered.sort()).toEqual([-1, 0]);
      });
    });

    describe('reading', () => {
      it('reads a stream backwards, from a revision, and a limited count', async () => {
        await store.append(stream(), events(5), 'no_stream');
        expect((await store.readStream(stream(), { direction: 'backwards' })).map((e) => e.revision)).toEqual([
          4, 3, 2, 1, 0,
        ]);
        expect(
          (await store.readStream(stream(), { direction: 'backwards', fromRevision: 2, maxCount: 2 })).map(
            (e) => e.revision,
          ),
        ).toEqual([2, 1]);
        expect((await store.readStream(stream(), { fromRevision: 3 })).map((e) => e.revision)).toEqual([3, 4]);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads all streams in one global order from an opaque position, exclusive or inclusive', async () => {
        await store.append(stream(1), events(2), 'no_stream');
        await store.append(stream(2), events(2), 'no_stream');
        await store.append(stream(1), events(1), 1);
        const all = await store.readAll({ categories: [category] });
        expect(all.map((e) => `${e.streamId}@${e.revision}`)).toEqual([
          `${stream(1)}@0`,
          `${stream(1)}@1`,
          `${stream(2)}@0`,
          `${stream(2)}@1`,
          `${stream(1)}@2`,
        ]);
        for (let i = 1; i < all.length; i++)
          expect(store.comparePositions(all[i - 1].position, all[i].position)).toBe(-1);
        const after = await store.readAll({ categories: [category], from: all[1].position });
        expect(after.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
        const from = await store.readAll({
          categories: [category],
          from: all[1].position,
          inclusive: true,
          maxCount: 2,
        });
        expect(from.map((e) => e.id)).toEqual(all.slice(1, 3).map((e) => e.id));
      });

      it('filters the global order by category', async () => {
        const other = testCategory();
        await store.append(stream(), events(1), 'no_stream');
        await store.append(`${other}-1`, events(1), 'no_stream');
        const read = await store.readAll({ categories: [other] });
        expect(read.map((e) => e.streamId)).toEqual([`${other}-1`]);
      });
    });

    describe('reading a category stream by stream', () => {
      it('pages through whole streams of one category in stream id order', async () => {
        const ids = ['c', 'a', 'b'].map((k) => `${category}-${k}`);
        for (const id of ids) await store.append(id, [newEvent('One'), newEvent('Two')], 'no_stream');
        await store.append(`${testCategory()}-a`, [newEvent('Elsewhere')], 'no_stream');
        const first = await store.readCategory(category, { maxStreams: 2 });
        expect(first.map((s) => s.streamId)).toEqual([`${category}-a`, `${category}-b`]);
        expect(first[0].events.map((e) => [e.type, e.revision])).toEqual([
          ['One', 0],
          ['Two', 1],
        ]);
        const rest = await store.readCategory(category, { maxStreams: 2, afterStreamId: first[1].streamId });
        expect(rest.map((s) => s.streamId)).toEqual([`${category}-c`]);
        expect(await store.readCategory(category, { maxStreams: 2, afterStreamId: rest[0].streamId })).toEqual([]);
      });
    });

    describe('catch-up subscriptions', () => {
      it('delivers every event of its categories once, checkpoints, and resumes after the checkpoint', async () => {
        const subscriptionId = `sub-${category}`;
        const received: RecordedEvent[] = [];
        const subscription = () =>
          new CatchUpSubscription(store, {
            subscriptionId,
            categories: [category],
            checkpoints,
            batchSize: 3,
            idleDelayMs: 20,
            handle: async (batch) => void received.push(...batch),
          });
        await store.append(stream(1), events(4), 'no_stream');
        const first = subscription();
        await first.start();
        await store.append(stream(2), events(3), 'no_stream');
        await waitFor(() => received.length === 7);
        await first.stop();
        const checkpoint = (await checkpoints.load(subscriptionId)) as Position;
        expect(checkpoint).toBe(received[6].position);

        await store.append(stream(1), events(2), 3);
        const second = subscription();
        await second.start();
        await waitFor(() => received.length === 9);
        await second.stop();
        expect(new Set(received.map((e) => e.id)).size).toBe(9);
      });
    });

    describe('the decision record (through the protected store)', () => {
      it('is required on every event', async () => {
        const event = newEvent();
        const { reason: _reason, ...withoutReason } = VILLAGE_OFFICER;
        event.metadata = { ...event.metadata, decision: withoutReason as typeof VILLAGE_OFFICER };
        await expect(store.append(stream(), [event], 'no_stream')).rejects.toThrow(/missing reason/);
        expect(await store.streamRevision(stream())).toBe(-1);
      });

      it('names an explicit system actor for automated decisions', async () => {
        const event = newEvent();
        event.metadata = { ...event.metadata, decision: { ...VILLAGE_OFFICER, actorId: 'system', role: 'system' } };
        await expect(store.append(stream(), [event], 'no_stream')).rejects.toBeInstanceOf(InvalidAppend);
        event.metadata.decision.actorId = 'system:ageing-out-scheduler';
        await expect(store.append(stream(), [event], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0 });
      });
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
