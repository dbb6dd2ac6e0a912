import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makePosition, RecordedEvent } from '@app/event-store';
import { parseEnvFile, REPO_ROOT, testSettings, withDatabase } from '@app/testing';
import mongoose, { Connection, Model } from 'mongoose';
import { Client } from 'pg';
import {
  BackingIndexResult,
  backingIndexName,
  ensureBackingIndexes,
  ferretDbVersion,
  tableOf,
} from './ferretdb-indexes';
import { PlannedWrite } from './plan-writes';
import { changeKey } from './position-key';
import { defineProjection, readModelSchema } from './projection';
import { dropMongo, testMongo } from './projection-fixtures.spec';
import { ReadModelWriter } from './read-model-writer';
import { ensureReadModels, readModels } from './read-models';

// GIN expression indexes on FerretDB's PostgreSQL tables (ferretdb-indexes.ts), against the real
// FerretDB 1.24 and its PostgreSQL database. On another Mongo server (MongoDB in testcontainers)
// there is nothing to test: the indexes are made only on FerretDB.

/** FerretDB's own PostgreSQL database: the setting, else what deploy/local/infra wrote, else `ferretdb` next to DATABASE_URL. */
function backingUrl(): string {
  if (process.env.FERRETDB_POSTGRES_URL) return process.env.FERRETDB_POSTGRES_URL;
  const file = resolve(process.env.WELFARE_STATE_DIR ?? resolve(REPO_ROOT, '.local'), 'infra.env');
  const written = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')).FERRETDB_POSTGRES_URL : undefined;
  return written ?? withDatabase(testSettings().DATABASE_URL, 'ferretdb');
}

const cards = defineProjection<RecordedEvent>({
  name: 'gin_cards',
  categories: ['card'],
  collections: {
    gin_cards: readModelSchema({ village: { type: String, index: true }, status: String, n: Number }),
    gin_notes: readModelSchema({ text: String }),
  },
  handlers: {
    CardOpened: (e) => ({ collection: 'gin_cards', id: e.streamId, update: { $set: { status: 'open' } } }),
  },
});

let mongo: Connection;
let pg: Client;
let url: string;
let onFerretDb = false;
beforeAll(async () => {
  url = backingUrl();
  mongo = await testMongo();
  onFerretDb = (await ferretDbVersion(mongo)) !== undefined;
  pg = new Client({ connectionString: url });
  if (onFerretDb) await pg.connect();
});
afterAll(async () => {
  await dropMongo(mongo);
  if (onFerretDb) await pg.end();
});

const schema = () => mongo.db!.databaseName;
const quiet = { log: () => undefined, warn: () => undefined };

/** Our GIN indexes on the collection's table: index name → its definition. */
async function ginIndexes(collection: string): Promise<Record<string, string>> {
  const table = await tableOf(pg, schema(), collection);
  const { rows } = await pg.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexdef LIKE '%USING gin%'`,
    [schema(), table],
  );
  return Object.fromEntries(rows.map((row) => [row.indexname, row.indexdef]));
}

/**
 * The plan of the statement FerretDB 1.24 sends for `{ <field>: <string> }` (query.go filterEqual:
 * `SELECT _jsonb FROM <table> WHERE _jsonb->$1 @> $2`, key and value as parameters).
 */
async function planOf(collection: string, field: string, value: string, tiny = false): Promise<string> {
  const table = (await tableOf(pg, schema(), collection))!;
  // A table of a few rows is scanned whatever its indexes; `tiny` asks whether the index could serve it.
  await pg.query(`SET enable_seqscan = ${tiny ? 'off' : 'on'}`);
  const { rows } = await pg.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT _jsonb FROM ${pg.escapeIdentifier(schema())}.${pg.escapeIdentifier(table)} WHERE _jsonb->$1 @> $2`,
    [field, JSON.stringify(value)],
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** Read-model documents are a few hundred bytes to a few KB (a registry child file ~1.6 KB). */
const NOTE = 'x'.repeat(500);

async function fill(model: Model<Record<string, unknown>>, count: number, prefix: string): Promise<void> {
  const position = changeKey(makePosition(1, 0), 0);
  for (let start = 0; start < count; start += 2_000) {
    const docs = Array.from({ length: Math.min(2_000, count - start) }, (_, i) => ({
      _id: `${prefix}-${start + i}`,
      village: `v${(start + i) % 1000}`,
      status: 'open',
      n: 0,
      ...(model.schema.path('note') ? { note: NOTE } : {}),
      lastPosition: position,
    }));
    await model.collection.insertMany(docs as never[], { ordered: false });
  }
  await pg.query(
    `ANALYZE ${pg.escapeIdentifier(schema())}.${pg.escapeIdentifier((await tableOf(pg, schema(), model.collection.name))!)}`,
  );
}

/** `count` guarded updates (`updateOne({_id, lastPosition < key}, …, {upsert})`) of random documents; ms per update. */
async function timeGuardedUpdates(
  writer: ReadModelWriter,
  collection: string,
  prefix: string,
  of: number,
  count: number,
  tx: number,
): Promise<number> {
  const writes: PlannedWrite[] = Array.from({ length: count }, (_, i) => ({
    collection,
    id: `${prefix}-${Math.floor(Math.random() * of)}`,
    positionKey: changeKey(makePosition(tx + i, 0), 0),
    update: { $inc: { n: 1 } },
    eventId: `e${tx + i}`,
  }));
  const started = process.hrtime.bigint();
  const result = await writer.write(writes);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  expect(result.applied).toBe(count);
  return elapsed / count;
}

describe('GIN indexes for FerretDB 1.24 on PostgreSQL', () => {
  it('are made for _id and the declared index fields when the read models are prepared, idempotently and concurrently', async () => {
    if (!onFerretDb) return; // MongoDB: nothing to do, nothing made
    const others = await Promise.all([testMongoOn(schema()), testMongoOn(schema())]);
    try {
      const options = { postgresUrl: url, logger: quiet };
      // Three processes preparing the same read models at once, then once more.
      await Promise.all([mongo, ...others].map((connection) => ensureReadModels(connection, cards, options)));
      await ensureReadModels(mongo, cards, options);
    } finally {
      await Promise.all(others.map((connection) => connection.close()));
    }
    const table = (await tableOf(pg, schema(), 'gin_cards'))!;
    expect(Object.keys(await ginIndexes('gin_cards')).sort()).toEqual(
      [backingIndexName(table, '_id'), backingIndexName(table, 'village')].sort(),
    );
    expect(Object.values(await ginIndexes('gin_cards')).join('\n')).toContain(`gin (((_jsonb -> '_id'::text)))`);
    expect(Object.keys(await ginIndexes('gin_notes'))).toHaveLength(1);

    // FerretDB's own view of its indexes is untouched (ours are not in its metadata).
    const [model] = readModels(mongo, cards);
    expect((await model.collection.indexes()).map((index) => index.name).sort()).toEqual(['_id_', 'village_1']);
  });

  it("serve FerretDB's _id filter and a declared field's filter: the plan is an index scan", async () => {
    if (!onFerretDb) return;
    const [model] = readModels(mongo, cards);
    await fill(model, 5_000, 'plan');
    const byId = await planOf('gin_cards', '_id', 'plan-1234');
    expect(byId).toMatch(/Bitmap Index Scan on \S+__id_\S+_gin/);
    expect(byId).not.toMatch(/Seq Scan/);
    expect(await planOf('gin_cards', 'village', 'v17')).toMatch(/Bitmap Index Scan on \S+_village_\S+_gin/);

    // FerretDB's own explain (its statement, its parameters) says the same…
    const explained = (await mongo.db!.command({ explain: { find: 'gin_cards', filter: { _id: 'plan-1234' } } })) as {
      queryPlanner: { Plan: { 'Node Type': string; Plans?: { 'Index Name'?: string }[] } };
    };
    expect(explained.queryPlanner.Plan['Node Type']).toBe('Bitmap Heap Scan');
    expect(explained.queryPlanner.Plan.Plans?.[0]['Index Name']).toBe(
      backingIndexName((await tableOf(pg, schema(), 'gin_cards'))!, '_id'),
    );
    // …and FerretDB answers through it as before.
    expect(await model.findById('plan-1234').lean()).toMatchObject({ _id: 'plan-1234', village: 'v234' });
    expect(await model.countDocuments({ village: 'v17' })).toBe(5);
  });

  it('are made for a collection that only comes to exist with its first write', async () => {
    if (!onFerretDb) return;
    const late = defineProjection<RecordedEvent>({
      name: 'gin_late',
      categories: ['late'],
      collections: { gin_late: readModelSchema({ status: String }) },
      handlers: {},
    });
    readModels(mongo, late); // registered, never prepared: the write creates the collection
    expect(await tableOf(pg, schema(), 'gin_late')).toBeUndefined();
    const writer = new ReadModelWriter(mongo, undefined, { postgresUrl: url, logger: quiet });
    const write = (id: string, tx: number): PlannedWrite => ({
      collection: 'gin_late',
      id,
      positionKey: changeKey(makePosition(tx, 0), 0),
      update: { $set: { status: 'open' } },
      eventId: `e${tx}`,
    });
    expect(await writer.write([write('late-1', 1), write('late-2', 2)])).toEqual({ applied: 2, skipped: 0 });
    expect(Object.keys(await ginIndexes('gin_late'))).toHaveLength(1);
    expect(await planOf('gin_late', '_id', 'late-1', true)).toMatch(/Index Scan on \S+__id_\S+_gin/);
  });

  it('do nothing, and break nothing, without the setting or with a URL of another database', async () => {
    if (!onFerretDb) return;
    const models = readModels(mongo, cards);
    expect(await ensureBackingIndexes(mongo, models, { postgresUrl: '', logger: quiet })).toEqual({
      state: 'off',
      reason: 'FERRETDB_POSTGRES_URL is not set',
    });
    const warnings: string[] = [];
    const wrong: BackingIndexResult = await ensureBackingIndexes(mongo, models, {
      postgresUrl: testSettings().DATABASE_URL, // the event store's database: no FerretDB metadata there
      logger: { log: () => undefined, warn: (line) => warnings.push(line) },
    });
    expect(wrong.state).toBe('off');
    expect(warnings.join('\n')).toMatch(/does not name the database FerretDB stores/);
    const unreachable = await ensureBackingIndexes(mongo, models, {
      postgresUrl: 'postgres://nobody:nothing@127.0.0.1:1/ferretdb',
      logger: quiet,
    });
    expect(unreachable.state).toBe('off');
  });

  it('make a guarded update of a 50,000-document collection fast (figures printed)', async () => {
    if (!onFerretDb) return;
    // Two identical collections: one prepared without the setting, one with it (the indexes are
    // made before the first write, as a projector's boot does).
    const big = (name: string) =>
      defineProjection<RecordedEvent>({
        name,
        categories: ['big'],
        collections: {
          [name]: readModelSchema({ village: { type: String, index: true }, status: String, n: Number, note: String }),
        },
        handlers: {},
      });
    const without = { postgresUrl: '', logger: quiet };
    const withIndex = { postgresUrl: url, logger: quiet };
    await ensureReadModels(mongo, big('gin_big_plain'), without);
    await ensureReadModels(mongo, big('gin_big_indexed'), withIndex);
    const [plain] = readModels(mongo, big('gin_big_plain'));
    const [indexed] = readModels(mongo, big('gin_big_indexed'));
    let started = Date.now();
    await fill(plain, 50_000, 'big');
    const fillPlainMs = Date.now() - started;
    started = Date.now();
    await fill(indexed, 50_000, 'big');
    const fillIndexedMs = Date.now() - started;

    const writer = new ReadModelWriter(mongo, undefined, without);
    const before = await timeGuardedUpdates(writer, 'gin_big_plain', 'big', 50_000, 40, 1_000);
    const after = await timeGuardedUpdates(writer, 'gin_big_indexed', 'big', 50_000, 400, 1_000);
    const lookupBefore = await timeLookups(plain, 40);
    const lookupAfter = await timeLookups(indexed, 400);

    process.stdout.write(
      `FerretDB 1.24, 50,000 documents of ~650 bytes: guarded update ${before.toFixed(1)} ms without the GIN index, ` +
        `${after.toFixed(2)} ms with it (${(before / after).toFixed(0)}×); findById ${lookupBefore.toFixed(1)} → ` +
        `${lookupAfter.toFixed(2)} ms; inserting the 50,000 took ${fillPlainMs} ms without, ${fillIndexedMs} ms with the indexes\n`,
    );
    expect(after * 3).toBeLessThan(before);
  }, 600_000);
});

async function timeLookups(model: Model<Record<string, unknown>>, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++)
    expect(await model.findById(`big-${Math.floor(Math.random() * 50_000)}`).lean()).not.toBeNull();
  return Number(process.hrtime.bigint() - started) / 1e6 / count;
}

/** Another connection to the same Mongo database, as another process would have. */
async function testMongoOn(database: string): Promise<Connection> {
  const connection = mongoose.createConnection(withDatabase(testSettings().MONGO_URL, database), {
    serverSelectionTimeoutMS: 30_000,
  });
  await connection.asPromise();
  return connection;
}
