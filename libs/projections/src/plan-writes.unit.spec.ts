import { makePosition, RecordedEvent } from '@app/event-store';
import { VILLAGE_OFFICER } from '@app/event-store/contract/fixtures';
import { Schema } from 'mongoose';
import { planWrites } from './plan-writes';
import { changeKey } from './position-key';
import { defineProjection, ProjectionDefinitionError, readModelSchema } from './projection';

type Registered = RecordedEvent<'ChildRegistered', { village: string }>;
type Moved = RecordedEvent<'ChildMoved', { from: string; to: string }>;
type ChildEvent = Registered | Moved;

let revision = 0;
function recorded<E extends ChildEvent>(type: E['type'], data: E['data'], tx: number, streamId = 'child-1'): E {
  return {
    id: `event-${tx}`,
    type,
    schemaVersion: 1,
    streamId,
    revision: revision++,
    position: makePosition(tx, tx),
    occurredAt: new Date('2026-03-01T08:00:00Z'),
    data,
    metadata: { correlationId: 'c', causationId: 'c', decision: VILLAGE_OFFICER },
    hash: '',
  } as E;
}

/** Children per village: a read model fed by two event types. */
const childrenPerVillage = defineProjection<ChildEvent>({
  name: 'children_per_village',
  categories: ['child'],
  collections: { villages: readModelSchema({ children: Number }) },
  handlers: {
    ChildRegistered: (e) => ({ collection: 'villages', id: e.data.village, update: { $inc: { children: 1 } } }),
    ChildMoved: (e) => [
      { collection: 'villages', id: e.data.from, update: { $inc: { children: -1 } } },
      { collection: 'villages', id: e.data.to, update: { $inc: { children: 1 } } },
    ],
  },
});

describe('planning the writes of a batch (pure)', () => {
  it('turns each event into its document changes, in event order, each keyed by the event position and its index', () => {
    const registered = recorded<Registered>('ChildRegistered', { village: '330602001001' }, 7);
    const moved = recorded<Moved>('ChildMoved', { from: '330602001001', to: '330602001002' }, 9);

    expect(planWrites(childrenPerVillage, [registered, moved])).toEqual([
      {
        collection: 'villages',
        id: '330602001001',
        update: { $inc: { children: 1 } },
        positionKey: changeKey(registered.position, 0),
        eventId: 'event-7',
      },
      {
        collection: 'villages',
        id: '330602001001',
        update: { $inc: { children: -1 } },
        positionKey: changeKey(moved.position, 0),
        eventId: 'event-9',
      },
      {
        collection: 'villages',
        id: '330602001002',
        update: { $inc: { children: 1 } },
        positionKey: changeKey(moved.position, 1),
        eventId: 'event-9',
      },
    ]);
  });

  it('keys two changes of one event to one document so that both apply, in order (a move within a village)', () => {
    const [out, back] = planWrites(childrenPerVillage, [recorded<Moved>('ChildMoved', { from: 'a', to: 'a' }, 4)]);
    expect(out.id).toBe(back.id);
    expect(out.positionKey < back.positionKey).toBe(true);
    // …and both sort before any change of a later event.
    const [later] = planWrites(childrenPerVillage, [recorded<Registered>('ChildRegistered', { village: 'a' }, 5)]);
    expect(back.positionKey < later.positionKey).toBe(true);
  });

  it('plans nothing for an event type the read model does not handle', () => {
    const other = {
      ...recorded<Registered>('ChildRegistered', { village: 'x' }, 3),
      type: 'GuardianAdded',
    } as RecordedEvent;
    expect(planWrites(childrenPerVillage, [other])).toEqual([]);
  });

  it('gives the same plan for the same events, however often it runs (what makes a rebuild equal the live read model)', () => {
    const events = [
      recorded<Registered>('ChildRegistered', { village: 'a' }, 1),
      recorded<Moved>('ChildMoved', { from: 'a', to: 'b' }, 2),
    ];
    expect(planWrites(childrenPerVillage, events)).toEqual(planWrites(childrenPerVillage, events));
  });

  it('refuses a write to a collection the projection does not declare', () => {
    const broken = defineProjection<ChildEvent>({
      ...childrenPerVillage,
      handlers: {
        ChildRegistered: (e: Registered) => ({
          collection: 'towns',
          id: e.data.village,
          update: { $inc: { children: 1 } },
        }),
      },
    } as never);
    expect(() => planWrites(broken, [recorded<Registered>('ChildRegistered', { village: 'a' }, 1)])).toThrow(
      ProjectionDefinitionError,
    );
  });

  it.each([{ $set: { lastPosition: 'x' } }, { $set: { _id: 'x' } }, { $unset: { lastPosition: '' } }])(
    'refuses an evolve function that writes the fields the guard relies on: %j',
    (update) => {
      const broken = defineProjection<ChildEvent>({
        ...childrenPerVillage,
        handlers: { ChildRegistered: (e: Registered) => ({ collection: 'villages', id: e.data.village, update }) },
      } as never);
      expect(() => planWrites(broken, [recorded<Registered>('ChildRegistered', { village: 'a' }, 1)])).toThrow(
        /must not write/,
      );
    },
  );

  it('marks creating changes, and refuses one that is not a whole document', () => {
    const creating = (update: object) =>
      defineProjection<ChildEvent>({
        ...childrenPerVillage,
        handlers: {
          ChildRegistered: (e: Registered) => ({ collection: 'villages', id: e.data.village, create: true, update }),
        },
      } as never);
    const registered = [recorded<Registered>('ChildRegistered', { village: 'a' }, 1)];
    expect(planWrites(creating({ $set: { children: 1 } }), registered)).toMatchObject([{ id: 'a', create: true }]);
    expect(planWrites(childrenPerVillage, registered)[0]).not.toHaveProperty('create');
    expect(() => planWrites(creating({ $inc: { children: 1 } }), registered)).toThrow(/only \$set and \$setOnInsert/);
    expect(() => planWrites(creating({ $set: { 'a.b': 1 } }), registered)).toThrow(/whole fields/);
  });

  it('refuses a projection whose collections lack string ids and the position field', () => {
    expect(() =>
      defineProjection({ ...childrenPerVillage, collections: { villages: new Schema({ children: Number }) } }),
    ).toThrow(/readModelSchema/);
  });
});
