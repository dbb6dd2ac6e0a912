import type { RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import { ANY, NO_STREAM, STREAM_EXISTS } from '@kurrent/kurrentdb-client/dist/constants';
import {
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client/dist/utils/CommandError';
import { newEvent } from '../contract/fixtures';
import { Position } from '../envelope';
import { comparePositions } from '../position';
import { chainHashes } from './event-hash';
import {
  actualRevision,
  categoryFilter,
  domainStreamsFilter,
  fromStreamState,
  isStreamNotFoundError,
  isUnsupportedError,
  isWrongExpectedVersionError,
  reservationStream,
  storedHash,
  toEventData,
  toKurrentPosition,
  toPosition,
  toRecordedEvent,
  toStreamState,
} from './kurrentdb-mapping';

describe('expected revisions ↔ the client’s stream states', () => {
  it('maps any, no_stream and stream_exists to the client’s constants, revisions to bigints', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    // The adapter writes "after revision -1" for a stream it found empty.
    expect(toStreamState(-1)).toBe(NO_STREAM);
  });

  it('refuses what is no revision', () => {
    expect(() => toStreamState(-2)).toThrow(RangeError);
    expect(() => toStreamState(1.5)).toThrow(RangeError);
  });

  it('maps back', () => {
    for (const expected of ['any', 'no_stream', 'stream_exists', 0, 41] as const)
      expect(fromStreamState(toStreamState(expected))).toBe(expected);
  });

  it('reads the actual revision of a refusal: -1 for no stream', () => {
    expect(actualRevision(NO_STREAM)).toBe(-1);
    expect(actualRevision(7n)).toBe(7);
  });
});

describe('positions ↔ KurrentDB commit/prepare positions', () => {
  it('encodes commit:prepare and decodes it exactly, beyond 2^53', () => {
    const big = { commit: 2n ** 60n + 7n, prepare: 2n ** 60n + 3n };
    expect(toPosition(big)).toBe(`${2n ** 60n + 7n}:${2n ** 60n + 3n}`);
    expect(toKurrentPosition(toPosition(big))).toEqual(big);
    expect(toKurrentPosition('0:0' as Position)).toEqual({ commit: 0n, prepare: 0n });
  });

  it('orders as KurrentDB orders $all: by commit, then prepare', () => {
    const p = (commit: bigint, prepare: bigint) => toPosition({ commit, prepare });
    expect(comparePositions(p(100n, 100n), p(237n, 237n))).toBe(-1);
    expect(comparePositions(p(900n, 100n), p(237n, 800n))).toBe(1);
    expect(comparePositions(p(900n, 100n), p(900n, 237n))).toBe(-1);
    expect(comparePositions(p(9n, 10n), p(10n, 9n))).toBe(-1); // numerically, not as text
    expect(comparePositions(p(5n, 5n), p(5n, 5n))).toBe(0);
  });
});

describe('filters', () => {
  it('reads a category as the stream name prefix <category>-', () => {
    expect(categoryFilter(['child', 'payrun'])).toEqual({
      filterOn: 'streamName',
      prefixes: ['child-', 'payrun-'],
      checkpointInterval: 1,
    });
  });

  it('keeps KurrentDB’s system streams and the adapter’s own streams out of a read of everything', () => {
    const filter = domainStreamsFilter() as { filterOn: string; regex: string };
    expect(filter.filterOn).toBe('streamName');
    // .NET and JavaScript agree on this pattern (anchor, negative look-ahead, character classes).
    const matches = (stream: string) => new RegExp(filter.regex).test(stream);
    for (const stream of ['child-1', 't0a1b2c3d4e-idcard_330602', 'foster-family-7', 'x'])
      expect(matches(stream)).toBe(true);
    for (const stream of ['$stats-127.0.0.1:2113', '$$child-1', '$et-ChildRegistered', reservationStream('AB-1')])
      expect(matches(stream)).toBe(false);
    expect(matches('es.checkpoint-relay')).toBe(false);
  });
});

describe('events ↔ KurrentDB events', () => {
  const written = [newEvent('ChildRegistered', { name: '张三' }), newEvent('ChildMoved', { to: '330602' })];
  written[1].occurredAt = new Date('2026-03-01T08:00:00.123Z');
  written[1].schemaVersion = 3;
  const now = new Date('2026-04-01T00:00:00.000Z');

  it('writes JSON events whose properties are all strings, as a multi-stream append requires', () => {
    const data = toEventData('child-1', written, 4, 'ab'.repeat(32), now);
    expect(data.map((d) => [d.type, d.contentType])).toEqual(written.map((e) => [e.type, 'application/json']));
    for (const d of data) for (const value of Object.values(d.metadata as object)) expect(typeof value).toBe('string');
    expect(data[0].metadata).toMatchObject({
      eventId: written[0].id,
      schemaVersion: '1',
      occurredAt: now.toISOString(),
    });
    expect(data[1].metadata).toMatchObject({ schemaVersion: '3', occurredAt: '2026-03-01T08:00:00.123Z' });
    expect(JSON.parse((data[0].metadata as { metadata: string }).metadata)).toEqual(written[0].metadata);
  });

  it('gives KurrentDB a fresh record id on every attempt, keeping the event’s id as a property', () => {
    const [first] = toEventData('child-1', written, -1, '', now);
    const [again] = toEventData('child-1', written, -1, '', now);
    expect(first.id).not.toBe(written[0].id);
    expect(again.id).not.toBe(first.id);
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('chains the hashes of an append to the hash of the event before it, at the revisions it will take', () => {
    const previous = 'ab'.repeat(32);
    const data = toEventData('child-1', written, 4, previous, now);
    const expected = chainHashes(
      previous,
      written.map((e, i) => ({ ...e, streamId: 'child-1', revision: 5 + i, occurredAt: e.occurredAt ?? now })),
    );
    expect(data.map((d) => (d.metadata as { hash: string }).hash)).toEqual(expected);
  });

  /** What the client hands back for an event of a multi-stream append: properties as JSON metadata. */
  const asRead = (streamId: string, revision: number, i: number, dataAsBytes = false): KurrentRecordedEvent => {
    const d = toEventData(streamId, written, revision - 1 - i, '', now)[i];
    return {
      streamId,
      id: d.id,
      revision: BigInt(revision),
      type: d.type,
      isJson: !dataAsBytes,
      data: dataAsBytes ? new Uint8Array(Buffer.from(JSON.stringify(d.data))) : d.data,
      metadata: { ...(d.metadata as object), '$schema.name': d.type, '$schema.format': 'Json' },
      created: new Date(),
      position: { commit: 1234n, prepare: 1234n },
    } as KurrentRecordedEvent;
  };

  it('reads back the whole envelope', () => {
    const read = toRecordedEvent(asRead('child-1', 8, 1));
    expect(read).toEqual({
      id: written[1].id,
      type: 'ChildMoved',
      schemaVersion: 3,
      streamId: 'child-1',
      revision: 8,
      position: '1234:1234',
      occurredAt: new Date('2026-03-01T08:00:00.123Z'),
      data: { to: '330602' },
      metadata: written[1].metadata,
      hash: storedHash(asRead('child-1', 8, 1)),
    });
    expect(read.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('takes data as bytes when the server does not flag it as JSON', () => {
    expect(toRecordedEvent(asRead('child-1', 0, 0, true)).data).toEqual({ name: '张三' });
  });

  it('maps an event the adapter did not write, with no hash', () => {
    const foreign = {
      streamId: 'legacy-1',
      id: 'd6f1c2a0-0000-4000-8000-000000000001',
      revision: 0n,
      type: 'Imported',
      isJson: true,
      data: { a: 1 },
      metadata: undefined,
      created: new Date('2020-01-01T00:00:00Z'),
      position: { commit: 10n, prepare: 10n },
    } as KurrentRecordedEvent;
    expect(toRecordedEvent(foreign)).toMatchObject({ schemaVersion: 1, hash: '', occurredAt: foreign.created });
    expect(storedHash(foreign)).toBe('');
  });

  it('names one reservation stream per event id, whatever its case', () => {
    expect(reservationStream('0C4B6F1E-8A2D-4E0B-9C3F-2D1E0A9B8C7D')).toBe(
      'es.eventid-0c4b6f1e-8a2d-4e0b-9c3f-2d1e0a9b8c7d',
    );
  });
});

describe('client errors', () => {
  it('recognises the client’s refusal, missing stream and old-server errors', () => {
    const refusal = new WrongExpectedVersionError(undefined, { streamName: 's', expected: NO_STREAM, current: 1n });
    expect(isWrongExpectedVersionError(refusal)).toBe(true);
    expect(isWrongExpectedVersionError(new Error('wrong-expected-version'))).toBe(false);
    expect(isStreamNotFoundError(new StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFoundError(refusal)).toBe(false);
    expect(isUnsupportedError(new UnsupportedError('multiStreamAppend', '25.1'))).toBe(true);
    expect(isWrongExpectedVersionError(undefined)).toBe(false);
  });
});
