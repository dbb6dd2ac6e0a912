import { makePosition, RecordedEvent } from '@app/event-store';
import { eventually, testSettings, withDatabase } from '@app/testing';
import mongoose, { Connection } from 'mongoose';
import { streamSummariesProjection, STREAM_SUMMARIES } from './examples/stream-summaries.projection';
import { CHECKPOINT_COLLECTION, MongoCheckpointStore } from './mongo-checkpoint-store';
import { planWrites } from './plan-writes';
import { changeKey, positionKey } from './position-key';
import {
  allEvents,
  appendEvents,
  documents,
  dropMongo,
  expectedSummaries,
  testCategory,
  testEventStore,
  TestEventStore,
  testMongo,
  withoutPosition,
} from './projection-fixtures.spec';
import { defineProjection, readModelSchema } from './projection';
import { Projector } from './projector';
import { ReadModelWriter } from './read-model-writer';
import { ensureReadModels } from './read-models';

let es: TestEventStore;
let mongo: Connection;

beforeAll(async () => {
  es = await testEventStore();
});
afterAll(async () => {
  await es.close();
});
beforeEach(async () => {
  mongo = await testMongo();
});
afterEach(async () => {
  await dropMongo(mongo);
});

async function runUntilCaughtUp(projector: Projector): Promise<void> {
  projector.start();
  await eventually(async () => ((await projector.isCaughtUp()) ? true : undefined), 60_000, 'projector caught up');
  await projector.stop();
}

describe('a projector keeps a read model equal to what the events say', () => {
  it('summarizes each stream: its event count and its last event type', async () => {
    const category = testCategory();
    await appendEvents(es.store, category, { streams: 6, total: 180 });
    const projector = new Projector(es.store, mongo, streamSummariesProjection([category]), { batchSize: 50 });

    await runUntilCaughtUp(projector);

    const events = await allEvents(es.store, category);
    expect(withoutPosition(await documents(mongo))).toEqual(expectedSummaries(events));
    // Each document remembers the last event applied to it.
    const lastOfStream = new Map(events.map((e) => [e.streamId, changeKey(e.position, 0)]));
    for (const doc of await documents(mongo)) expect(doc.lastPosition).toBe(lastOfStream.get(doc._id as string));
    // One accumulator per $group: FerretDB 1.24 computes only the first.
    const [total] = await mongo
      .collection(STREAM_SUMMARIES)
      .aggregate([{ $group: { _id: null, n: { $sum: '$eventCount' } } }])
      .toArray();
    expect(total.n).toBe(180);
  });

  it('changes nothing when old events are delivered again, one by one or as a whole batch', async () => {
    const category = testCategory();
    await appendEvents(es.store, category, { streams: 4, total: 60 });
    const projection = streamSummariesProjection([category]);
    await runUntilCaughtUp(new Projector(es.store, mongo, projection));
    const before = await documents(mongo);
    const events = await allEvents(es.store, category);
    const writer = new ReadModelWriter(mongo);

    expect(await writer.write(planWrites(projection, events))).toEqual({ applied: 0, skipped: 60 });
    expect(await writer.write(planWrites(projection, [events[3]]))).toEqual({ applied: 0, skipped: 1 });
    expect(await writer.write(planWrites(projection, events.slice(10, 20).reverse()))).toEqual({
      applied: 0,
      skipped: 10,
    });
    expect(await documents(mongo)).toEqual(before);
  });

  it('changes nothing when the whole store is replayed a second time over the read model', async () => {
    const category = testCategory();
    await appendEvents(es.store, category, { streams: 5, total: 100 });
    const projection = streamSummariesProjection([category]);
    await runUntilCaughtUp(new Projector(es.store, mongo, projection));
    const before = await documents(mongo);

    await new MongoCheckpointStore(mongo).remove(projection.name); // forget how far it got
    const replay = new Projector(es.store, mongo, projection);
    await runUntilCaughtUp(replay);

    expect(replay.eventsProjected).toBe(100);
    expect(await documents(mongo)).toEqual(before);
  });

  it('resumes from its checkpoint in MongoDB after a restart, reading only what is new', async () => {
    const category = testCategory();
    const projection = streamSummariesProjection([category]);
    await appendEvents(es.store, category, { streams: 3, total: 90 });
    await runUntilCaughtUp(new Projector(es.store, mongo, projection, { batchSize: 40 }));

    const firstRun = await allEvents(es.store, category);
    const checkpoint = await mongo.collection(CHECKPOINT_COLLECTION).findOne({ _id: projection.name as never });
    expect(checkpoint).toMatchObject({
      position: firstRun.at(-1)!.position,
      positionKey: positionKey(firstRun.at(-1)!.position),
    });

    await appendEvents(es.store, category, { streams: 4, total: 30 });
    const restarted = new Projector(es.store, mongo, projection, { batchSize: 40 });
    await runUntilCaughtUp(restarted);

    expect(restarted.eventsProjected).toBe(30);
    expect(withoutPosition(await documents(mongo))).toEqual(expectedSummaries(await allEvents(es.store, category)));
  });

  it('keeps up with events appended while it runs', async () => {
    const category = testCategory();
    const projector = new Projector(es.store, mongo, streamSummariesProjection([category]), { idleDelayMs: 20 });
    projector.start();
    try {
      for (let round = 0; round < 3; round++) await appendEvents(es.store, category, { streams: 3, total: 20 });
      await eventually(async () =>
        (await documents(mongo)).reduce((n, d) => n + (d.eventCount as number), 0) === 60 ? true : undefined,
      );
    } finally {
      await projector.stop();
    }
    expect(withoutPosition(await documents(mongo))).toEqual(expectedSummaries(await allEvents(es.store, category)));
  });
});

describe('guarded writes', () => {
  it('lets exactly one of two racing processes create a document; the other gets a duplicate key and skips', async () => {
    const category = testCategory();
    const projection = streamSummariesProjection([category]);
    await appendEvents(es.store, category, { streams: 1, total: 1 });
    // A second connection to the same database stands for a second process.
    const other = mongoose.createConnection(withDatabase(testSettings().MONGO_URL, mongo.name));
    try {
      await Promise.all([ensureReadModels(mongo, projection), ensureReadModels(other, projection)]);
      const plan = planWrites(projection, await allEvents(es.store, category));

      const results = await Promise.all([
        new ReadModelWriter(mongo).write(plan),
        new ReadModelWriter(other).write(plan),
      ]);

      expect(results.map((r) => r.applied).sort()).toEqual([0, 1]);
      expect((await documents(mongo)).map((d) => d.eventCount)).toEqual([1]);
    } finally {
      await other.close();
    }
  });

  it('stops at a write that breaks another unique index of the read model rather than losing the event', async () => {
    const cards = defineProjection({
      name: 'child_cards',
      categories: ['child'],
      collections: { cards: readModelSchema({ code: { type: String, unique: true } }) },
      handlers: {},
      otherwise: (e) => ({ collection: 'cards', id: e.streamId, update: { $set: { code: 'C-1' } } }),
    });
    const event = (streamId: string, tx: number) =>
      ({
        id: `e${tx}`,
        type: 'CardIssued',
        streamId,
        revision: 0,
        position: makePosition(tx, 0),
        data: {},
      }) as RecordedEvent;
    await ensureReadModels(mongo, cards);
    const writer = new ReadModelWriter(mongo);
    await writer.write(planWrites(cards, [event('child-1', 1)]));

    await expect(writer.write(planWrites(cards, [event('child-2', 2)]))).rejects.toThrow(/breaks a unique index/);
  });

  it('applies both changes one event makes to one document, once, however often it is delivered', async () => {
    type VillageEvent =
      RecordedEvent<'ChildRegistered', { to: string }> | RecordedEvent<'ChildMoved', { from: string; to: string }>;
    const villages = defineProjection<VillageEvent>({
      name: 'children_per_village',
      categories: ['child'],
      collections: { villages: readModelSchema({ children: Number }) },
      handlers: {
        ChildRegistered: (e) => ({ collection: 'villages', id: e.data.to, update: { $inc: { children: 1 } } }),
        ChildMoved: ({ data: { from, to } }) => [
          { collection: 'villages', id: from, update: { $inc: { children: -1 } } },
          { collection: 'villages', id: to, update: { $inc: { children: 1 } } },
        ],
      },
    });
    const event = (type: string, data: object, tx: number) =>
      ({
        id: `e${tx}`,
        type,
        streamId: 'child-1',
        revision: tx,
        position: makePosition(tx, tx),
        data,
      }) as RecordedEvent;
    const events = [
      event('ChildRegistered', { to: 'a' }, 1),
      event('ChildRegistered', { to: 'a' }, 2),
      event('ChildMoved', { from: 'a', to: 'a' }, 3), // a correction that names the same village
      event('ChildMoved', { from: 'a', to: 'b' }, 4),
    ];
    await ensureReadModels(mongo, villages);
    const writer = new ReadModelWriter(mongo);

    await writer.write(planWrites(villages, events));
    await writer.write(planWrites(villages, events));
    await writer.write(planWrites(villages, events.slice(2, 3)));

    expect((await documents(mongo, 'villages')).map(({ _id, children }) => [_id, children])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('never moves a checkpoint backwards', async () => {
    const checkpoints = new MongoCheckpointStore(mongo);
    await checkpoints.store('p', '7:20' as never);
    await checkpoints.store('p', '7:3' as never);
    expect(await checkpoints.load('p')).toBe('7:20');
    await checkpoints.store('p', '10:1' as never);
    expect(await checkpoints.load('p')).toBe('10:1');
  });
});
