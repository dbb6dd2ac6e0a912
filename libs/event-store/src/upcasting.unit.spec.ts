import { Position, RecordedEvent } from './envelope';
import { Upcasters } from './upcasting';

/** v1 stored a guardian's situation as free text; v2 has a code from the policy table, v3 a list. */
const upcasters = new Upcasters([
  {
    type: 'GuardianSituationRecorded',
    fromVersion: 1,
    upcast: (data) => {
      const { situation, ...rest } = data as { situation: string };
      return { ...rest, situationCode: situation === '服刑' ? 'imprisoned' : 'other', note: situation };
    },
  },
  {
    type: 'GuardianSituationRecorded',
    fromVersion: 2,
    upcast: (data) => {
      const { situationCode, ...rest } = data as { situationCode: string };
      return { ...rest, situationCodes: [situationCode] };
    },
  },
]);

const stored = (schemaVersion: number, data: unknown): RecordedEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  type: 'GuardianSituationRecorded',
  schemaVersion,
  streamId: 'child-1',
  revision: 3,
  position: '10:4' as Position,
  occurredAt: new Date('2020-01-01T00:00:00Z'),
  data,
  metadata: {} as RecordedEvent['metadata'],
  hash: 'ab',
});

describe('schema evolution: old events are upcast on read', () => {
  it('reads a v1 event as the current version, one step at a time', () => {
    const read = upcasters.apply(stored(1, { guardian: 'father', situation: '服刑' }));
    expect(read.schemaVersion).toBe(3);
    expect(read.data).toEqual({ guardian: 'father', situationCodes: ['imprisoned'], note: '服刑' });
  });

  it('reads a v2 event through the remaining step and leaves the current version alone', () => {
    expect(upcasters.apply(stored(2, { guardian: 'mother', situationCode: 'missing' })).data).toEqual({
      guardian: 'mother',
      situationCodes: ['missing'],
    });
    const current = stored(3, { guardian: 'mother', situationCodes: ['dead'] });
    expect(upcasters.apply(current)).toBe(current);
  });

  it('keeps everything but data and schema version, so the stored hash still identifies the event', () => {
    const original = stored(1, { guardian: 'father', situation: '失踪' });
    const read = upcasters.apply(original);
    expect({ ...read, data: undefined, schemaVersion: undefined }).toEqual({
      ...original,
      data: undefined,
      schemaVersion: undefined,
    });
  });
});
