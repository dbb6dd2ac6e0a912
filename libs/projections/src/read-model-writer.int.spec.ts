import { makePosition, RecordedEvent } from '@app/event-store';
import { Connection } from 'mongoose';
import { planWrites } from './plan-writes';
import { changeKey } from './position-key';
import { defineProjection, readModelSchema } from './projection';
import { dropMongo, testMongo } from './projection-fixtures.spec';
import { ReadModelWriter } from './read-model-writer';
import { ensureReadModels } from './read-models';

// Creating changes (DocumentChange.create): inserted, with the guarded update as fallback, against
// the real read-model server (FerretDB here).
let mongo: Connection;
beforeEach(async () => {
  mongo = await testMongo();
});
afterEach(async () => {
  await dropMongo(mongo);
});

const files = defineProjection<RecordedEvent>({
  name: 'file_cards',
  categories: ['file'],
  collections: {
    cards: readModelSchema({ status: String, opened: Number, note: String }),
  },
  handlers: {
    FileOpened: (e) => ({
      collection: 'cards',
      id: e.streamId,
      create: true,
      update: { $set: { status: 'open', opened: e.revision }, $setOnInsert: { note: 'first' } },
    }),
    FileClosed: (e) => ({ collection: 'cards', id: e.streamId, update: { $set: { status: 'closed' } } }),
  },
});

const event = (type: string, streamId: string, tx: number, revision = 0) =>
  ({ id: `e${tx}`, type, streamId, revision, position: makePosition(tx, 0), data: {} }) as RecordedEvent;

const cards = (connection: Connection) =>
  connection.collection('cards').find({}).sort({ _id: 1 }).toArray() as Promise<Record<string, unknown>[]>;

describe('a creating change', () => {
  it('inserts the whole document, and a redelivery changes nothing', async () => {
    await ensureReadModels(mongo, files);
    const writer = new ReadModelWriter(mongo);
    const batch = [
      event('FileOpened', 'file-1', 1),
      event('FileOpened', 'file-2', 2),
      event('FileClosed', 'file-1', 3, 1),
    ];

    expect(await writer.write(planWrites(files, batch))).toEqual({ applied: 3, skipped: 0 });
    const expected = [
      { _id: 'file-1', status: 'closed', opened: 0, note: 'first', lastPosition: changeKey(makePosition(3, 0), 0) },
      { _id: 'file-2', status: 'open', opened: 0, note: 'first', lastPosition: changeKey(makePosition(2, 0), 0) },
    ];
    expect(await cards(mongo)).toEqual(expected);

    // The same batch again, and the creation alone: duplicate keys, then the guard refuses each.
    expect(await writer.write(planWrites(files, batch))).toEqual({ applied: 0, skipped: 3 });
    expect(await writer.write(planWrites(files, [batch[0]]))).toEqual({ applied: 0, skipped: 1 });
    expect(await cards(mongo)).toEqual(expected);
  });

  it('falls back to the guarded update when the document exists but has not seen the event', async () => {
    await ensureReadModels(mongo, files);
    await mongo.collection('cards').insertOne({ _id: 'file-3', status: 'draft', lastPosition: '0' } as never);

    expect(await new ReadModelWriter(mongo).write(planWrites(files, [event('FileOpened', 'file-3', 7)]))).toEqual({
      applied: 1,
      skipped: 0,
    });
    // $setOnInsert does not apply to a document that was there.
    expect(await cards(mongo)).toEqual([
      { _id: 'file-3', status: 'open', opened: 0, lastPosition: changeKey(makePosition(7, 0), 0) },
    ]);
  });
});
