import { randomUUID } from 'node:crypto';
import { ensureEventStoreSchema, EventStore, PostgresEventStore, ProtectedEventStore } from '@app/event-store';
import { VILLAGE_OFFICER } from '@app/event-store/contract/fixtures';
import { createTestDatabase, eventually } from '@app/testing';
import { Pool } from 'pg';
import { ChildIndex } from './child-index';

// The registry's PostgreSQL index of files (duplicate checks and lists), against a real server.
let database: { url: string; drop: () => Promise<void> };
let pool: Pool;
let store: EventStore;
let index: ChildIndex;

beforeAll(async () => {
  database = await createTestDatabase('registry_index');
  pool = new Pool({ connectionString: database.url, max: 4 });
  await ensureEventStoreSchema(pool);
  store = new ProtectedEventStore(new PostgresEventStore(pool));
  index = new ChildIndex(pool);
  await index.ensureSchema();
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

const event = (type: string, data: Record<string, unknown>) => {
  const id = randomUUID();
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    metadata: { correlationId: id, causationId: id, decision: VILLAGE_OFFICER },
  };
};

async function register(child: {
  childId?: string;
  village: string;
  birthDate?: string;
  idNumberKey?: string | null;
  nameKey?: string;
}): Promise<string> {
  const childId = child.childId ?? randomUUID();
  await store.append(
    `child-${childId}`,
    [
      event('ChildRegistered', {
        childId,
        birthDate: child.birthDate ?? '2015-03-01',
        sex: 'female',
        identity: child.idNumberKey ? 'id-number' : 'registry-number',
        registryNumber: child.idNumberKey ? null : 'R-1',
        residence: { villageCode: child.village, countyCode: child.village.slice(0, 6) },
        lookup: { idNumber: child.idNumberKey ?? null, name: child.nameKey ?? `name-${childId}` },
      }),
    ],
    'no_stream',
  );
  return childId;
}

async function append(childId: string, type: string, data: Record<string, unknown>): Promise<void> {
  await store.append(`child-${childId}`, [event(type, data)], 'any');
}

/**
 * Catches up until the index holds every file at its last revision: the store hands out events only
 * below the oldest running transaction, so one catch-up may stop short while other work runs.
 */
async function caughtUp(): Promise<void> {
  await eventually(
    async () => {
      await index.catchUp();
      const { rows } = await pool.query<{ behind: number }>(
        `SELECT count(*)::int AS behind FROM es_streams s
        LEFT JOIN registry_child_index i ON i.id = s.stream_id
        WHERE s.stream_id LIKE 'child-%' AND (i.id IS NULL OR (i.doc->>'revision')::int <> s.revision)`,
      );
      return rows[0].behind === 0 ? true : undefined;
    },
    30_000,
    'the index caught up',
  );
}

describe('the registry index of files', () => {
  it('finds the holder of an ID number and likely matches, never the child itself', async () => {
    const holder = await register({ village: '330602001001', idNumberKey: 'id-key-1', nameKey: 'name-a' });
    const twin = await register({ village: '330602001001', nameKey: 'name-a' });
    await register({ village: '330602001002', nameKey: 'name-a' }); // another village: not likely
    await register({ village: '330602001001', nameKey: 'name-a', birthDate: '2016-01-01' }); // another day
    await caughtUp();

    const newcomer = randomUUID();
    const found = await index.duplicates({
      childId: newcomer,
      idNumberKey: 'id-key-1',
      nameKey: 'name-a',
      birthDate: '2015-03-01',
      village: '330602001001',
    });
    expect(found.idNumberHeldBy).toEqual({ childId: holder, village: '330602001001' });
    expect(found.likelyMatches.sort()).toEqual([holder, twin].sort());

    const itself = await index.duplicates({
      childId: holder,
      idNumberKey: 'id-key-1',
      nameKey: 'name-a',
      birthDate: '2015-03-01',
      village: '330602001001',
    });
    expect(itself).toEqual({ idNumberHeldBy: null, likelyMatches: [twin] });
    expect(await index.villageOf(holder)).toBe('330602001001');
    expect(await index.villageOf(randomUUID())).toBeNull();
  });

  it('follows residence changes, classification and status, and lists by place, tier and status', async () => {
    const a = await register({ village: '330603001001', nameKey: 'name-b' });
    const b = await register({ village: '330603001002' });
    const c = await register({ village: '330603001002' });
    await append(a, 'ResidenceChanged', { villageCode: '330603001002' });
    await append(b, 'ClassificationProposed', {});
    await append(b, 'ClassificationApproved', { protectionTierCode: 'orphan' });
    await append(c, 'FileClosed', {});
    await caughtUp();

    const all = await index.list({ prefix: '330603', page: 1, pageSize: 20 });
    expect(all.total).toBe(3);
    expect(all.items.map((item) => item.childId)).toEqual([a, b, c].sort());
    expect(all.items.every((item) => item.village === '330603001002')).toBe(true);
    const first = all.items.find((item) => item.childId === b)!;
    expect(first).toMatchObject({
      township: '330603001',
      county: '330603',
      tier: 'orphan',
      status: 'active',
      sex: 'female',
      birthYear: 2015,
      identity: 'registry-number',
      registryNumber: 'R-1',
      pendingStep: null,
      revision: 2,
    });
    expect(typeof first.updatedAt).toBe('string');
    expect(Object.keys(first)).not.toContain('nameKey');

    expect((await index.list({ prefix: '330603', tier: 'orphan', page: 1, pageSize: 20 })).items).toHaveLength(1);
    const closed = await index.list({ prefix: '330603', status: 'closed', page: 1, pageSize: 20 });
    expect(closed.items.map((item) => item.childId)).toEqual([c]);
    expect((await index.list({ prefix: '330603001001', page: 1, pageSize: 20 })).total).toBe(0);
    const byName = await index.list({ prefix: '3306', nameKey: 'name-b', page: 1, pageSize: 20 });
    expect(byName.items.map((item) => item.childId)).toEqual([a]);
    // Likely matches are looked for in the village the child lives in now.
    const moved = await index.duplicates({
      childId: randomUUID(),
      idNumberKey: null,
      nameKey: 'name-b',
      birthDate: '2015-03-01',
      village: '330603001002',
    });
    expect(moved.likelyMatches).toEqual([a]);

    const page2 = await index.list({ prefix: '330603', page: 2, pageSize: 2 });
    expect(page2.total).toBe(3);
    expect(page2.items.map((item) => item.childId)).toEqual([[a, b, c].sort()[2]]);
  });

  it('applies each event once: a repeated or older batch changes nothing', async () => {
    const childId = await register({ village: '330604001001' });
    await append(childId, 'ClassificationProposed', {});
    await caughtUp();
    const events = await store.readStream(`child-${childId}`);
    const before = await pool.query('SELECT doc, last_position FROM registry_child_index WHERE id = $1', [
      `child-${childId}`,
    ]);

    expect(await index.apply(events)).toBe(0);
    expect(await index.apply([events[0]])).toBe(0);
    const after = await pool.query('SELECT doc, last_position FROM registry_child_index WHERE id = $1', [
      `child-${childId}`,
    ]);
    expect(after.rows).toEqual(before.rows);
    expect(after.rows[0].doc.pendingStep).toBe('proposed');
  });

  it('creating the schema twice, or from several processes at once, is harmless', async () => {
    await Promise.all([new ChildIndex(pool).ensureSchema(), new ChildIndex(pool).ensureSchema()]);
    await expect(index.list({ prefix: '3306', page: 1, pageSize: 1 })).resolves.toMatchObject({ total: 8 });
  });
});
