import mongoose, { Schema } from 'mongoose';
import { testSettings, uniqueName, withDatabase } from '@app/testing';

interface ChildCard {
  code: string;
  county: string;
  tier: string;
  age: number;
  version: number;
}

describe('mongoose against the MongoDB-wire server (FerretDB here, MongoDB in production)', () => {
  const connection = mongoose.createConnection();
  const schema = new Schema<ChildCard>({
    code: { type: String, required: true, unique: true },
    county: { type: String, required: true },
    tier: { type: String, required: true },
    age: { type: Number, required: true },
    version: { type: Number, required: true },
  });
  const Cards = connection.model<ChildCard>('Card', schema);

  beforeAll(async () => {
    await connection.openUri(withDatabase(testSettings().MONGO_URL, uniqueName('smoke')));
    await Cards.init(); // builds the unique index
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('builds the unique index and surfaces a duplicate key as error 11000', async () => {
    await Cards.create({ code: 'C-1', county: '330602', tier: 'orphan', age: 7, version: 1 });
    const indexes = await Cards.collection.indexes();
    expect(indexes.find((i) => i.key.code === 1)?.unique).toBe(true);
    await expect(
      Cards.create({ code: 'C-1', county: '330603', tier: 'orphan', age: 8, version: 1 }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await Cards.countDocuments({ code: 'C-1' })).toBe(1);
  });

  it('applies an update only when the version guard matches', async () => {
    const first = await Cards.updateOne(
      { code: 'C-1', version: 1 },
      { $set: { tier: 'difficulty' }, $inc: { version: 1 } },
    );
    expect(first.modifiedCount).toBe(1);
    const stale = await Cards.updateOne(
      { code: 'C-1', version: 1 },
      { $set: { tier: 'orphan' }, $inc: { version: 1 } },
    );
    expect(stale.modifiedCount).toBe(0);
    expect(await Cards.findOne({ code: 'C-1' }).lean()).toMatchObject({ tier: 'difficulty', version: 2 });
  });

  it('pages with sort, skip and limit, and aggregates by group', async () => {
    await Cards.insertMany(
      Array.from({ length: 20 }, (_, i) => ({
        code: `P-${String(i).padStart(2, '0')}`,
        county: i % 2 ? '330602' : '330681',
        tier: i % 3 ? 'left-behind' : 'orphan',
        age: i % 18,
        version: 1,
      })),
    );
    const page = await Cards.find({ code: /^P-/ }).sort({ code: -1 }).skip(5).limit(5).lean();
    expect(page.map((c) => c.code)).toEqual(['P-14', 'P-13', 'P-12', 'P-11', 'P-10']);

    // One accumulator per $group: FerretDB 1.24 returns 0 for every accumulator after the first.
    const byCounty = await Cards.aggregate<{ _id: string; children: number }>([
      { $match: { code: /^P-/, tier: 'left-behind' } },
      { $group: { _id: '$county', children: { $sum: 1 } } },
      { $sort: { _id: 1 } },
    ]);
    expect(byCounty).toEqual([
      { _id: '330602', children: 7 },
      { _id: '330681', children: 6 },
    ]);
  });
});
