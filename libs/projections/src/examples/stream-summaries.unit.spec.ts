import { makePosition, RecordedEvent } from '@app/event-store';
import { VILLAGE_OFFICER } from '@app/event-store/contract/fixtures';
import { planWrites } from '../plan-writes';
import { summarizeEvent, streamSummariesProjection } from './stream-summaries.projection';

const event = (type: string, revision: number): RecordedEvent => ({
  id: `e${revision}`,
  type,
  schemaVersion: 1,
  streamId: 'child-0c4b',
  revision,
  position: makePosition(100 + revision, revision),
  occurredAt: new Date(Date.UTC(2026, 2, 1 + revision)),
  data: {},
  metadata: { correlationId: 'c', causationId: 'c', decision: VILLAGE_OFFICER },
  hash: '',
});

describe('stream summaries: per stream, how many events and which came last', () => {
  it('counts the event toward its stream, remembers its type as the last, and the first type only on creation', () => {
    expect(summarizeEvent(event('GuardianAdded', 3))).toEqual({
      collection: 'stream_summaries',
      id: 'child-0c4b',
      update: {
        $setOnInsert: { category: 'child', firstEventType: 'GuardianAdded' },
        $set: { lastEventType: 'GuardianAdded', lastRevision: 3, lastOccurredAt: new Date(Date.UTC(2026, 2, 4)) },
        $inc: { eventCount: 1 },
      },
    });
  });

  it('summarizes every event type, since it has no handler of its own for any', () => {
    const projection = streamSummariesProjection(['child']);
    const writes = planWrites(projection, [event('ChildRegistered', 0), event('ChildClassified', 1)]);
    expect(writes.map((w) => [w.id, w.update.$set?.lastEventType])).toEqual([
      ['child-0c4b', 'ChildRegistered'],
      ['child-0c4b', 'ChildClassified'],
    ]);
  });
});
