import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase, REPO_ROOT } from '@app/testing';
import { newEvent } from '../contract/fixtures';
import { PersonalDataVault, REDACTED } from '../personal-data/personal-data-vault';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { ensureEventStoreSchema } from '../postgres/schema';
import { ProtectedEventStore } from '../protected-event-store';
import { signCheckpoint } from './checkpoint';
import {
  contentDigest,
  EVENT_HASH_COLUMNS,
  EventHashRow,
  expectedEventHash,
  GENESIS_HASH,
  hashInputOf,
} from './event-hash';
import { generateSealKeys, parseSigningKey, parseVerifyKeys } from './seal-keys';
import { ensureSealSchema } from './seal-schema';
import { SealRefused, sealOnce } from './sealer';
import { verifyEventStore } from './verifier';

const keys = generateSealKeys();
const signingKey = parseSigningKey(keys.signingKey);
const verifyKeys = parseVerifyKeys(keys.verifyKey);

interface World {
  url: string;
  pool: Pool;
  store: ProtectedEventStore;
  vault: PersonalDataVault;
  child: string;
  childStream: string;
  streams: string[];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A fresh database with the event store, the vault and the seal schema, and no events yet. */
async function emptyWorld(): Promise<World> {
  const database = await createTestDatabase('es_seal');
  const pool = new Pool({ connectionString: database.url, max: 6 });
  cleanups.push(async () => {
    await pool.end();
    await database.drop();
  });
  await ensureEventStoreSchema(pool);
  const vault = PersonalDataVault.fromBase64(pool, Buffer.alloc(32, 9).toString('base64'));
  await vault.ensureSchema();
  await ensureSealSchema(pool);
  const child = randomUUID();
  return {
    url: database.url,
    pool,
    vault,
    store: new ProtectedEventStore(new PostgresEventStore(pool), vault),
    child,
    childStream: `child-${child}`,
    streams: [`child-${child}`, `child-${randomUUID()}`, `subsidy-${randomUUID()}`, `placement-${randomUUID()}`],
  };
}

// Data that exercises jsonb's own rendering: key order, number forms, escapes, non-ASCII.
const awkward = (n: number) => ({
  z: n,
  a: [1.0, 1e2, -0, 0.1, 1.5e300, 123456789.125],
  s: `第${n}次 "quoted" \\ back\nslash 😀 \u0001`,
  nested: { b: null, a: true },
});

/** Several streams, single appends and one atomic multi-stream append, personal data in the child's file. */
async function populate(w: World, rounds = 3): Promise<void> {
  const [childStream, other, subsidy, placement] = w.streams;
  if ((await w.store.streamRevision(childStream)) < 0) {
    await w.store.append(
      childStream,
      [
        newEvent(
          'ChildRegistered',
          { name: '张小明', idNumber: '330602201501011234', village: '330602001001' },
          {
            personalData: { subjectId: w.child, fields: ['name', 'idNumber'] },
            occurredAt: new Date('1969-12-31T23:59:59.999Z'),
          },
        ),
      ],
      'no_stream',
    );
  }
  for (let round = 0; round < rounds; round++) {
    for (const stream of w.streams)
      await w.store.append(stream, [newEvent('SomethingHappened', awkward(round))], 'any');
    await w.store.appendMany([
      { streamId: other, events: [newEvent('A', { round }), newEvent('B', { round })], expected: 'any' },
      { streamId: subsidy, events: [newEvent('C', { round })], expected: 'any' },
    ]);
  }
  await w.store.append(placement, [newEvent('Closed', { at: 'end' })], 'any');
}

/** Events in two sealed checkpoints. */
async function sealedWorld(): Promise<World> {
  const w = await emptyWorld();
  await populate(w, 2);
  await sealOnce(w.pool, signingKey);
  await populate(w, 2);
  await sealOnce(w.pool, signingKey);
  return w;
}

const verify = (w: World, keys = verifyKeys) => verifyEventStore(w.pool, { verifyKeys: keys, batchSize: 7 });

async function eventOf(w: World, streamId: string, revision: number) {
  const { rows } = await w.pool.query<{ event_id: string; position: string }>(
    `SELECT event_id::text, transaction_id::text || ':' || global_position AS position
       FROM es_events WHERE stream_id = $1 AND revision = $2`,
    [streamId, revision],
  );
  return { eventId: rows[0].event_id, streamId, revision, position: rows[0].position };
}

/** What an attacker with SQL access does to make the chain plausible again after an edit. */
async function rechain(pool: Pool, streamId: string, fromRevision: number): Promise<void> {
  const { rows } = await pool.query<{ revision: string }>(
    'SELECT revision FROM es_events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision',
    [streamId, fromRevision],
  );
  for (const { revision } of rows) {
    await pool.query(
      `UPDATE es_events e SET hash = sha256(
          coalesce((SELECT p.hash FROM es_events p WHERE p.stream_id = e.stream_id AND p.revision = e.revision - 1), ''::bytea)
          || sha256(es_event_content(e.event_id, e.stream_id, e.revision, e.type, e.schema_version, e.occurred_at, e.data, e.metadata)))
        WHERE e.stream_id = $1 AND e.revision = $2`,
      [streamId, revision],
    );
  }
  await pool.query(
    `UPDATE es_streams s SET (revision, last_hash) = (
        SELECT e.revision, e.hash FROM es_events e WHERE e.stream_id = s.stream_id ORDER BY e.revision DESC LIMIT 1)
      WHERE s.stream_id = $1`,
    [streamId],
  );
}

describe('event hashes', () => {
  it('are recomputed in TypeScript exactly as es_append computed them in SQL', async () => {
    const w = await emptyWorld();
    await populate(w);
    const { rows } = await w.pool.query<EventHashRow & { sql_digest: Buffer; previous_hash: Buffer | null }>(
      `SELECT ${EVENT_HASH_COLUMNS}, p.hash AS previous_hash,
              sha256(es_event_content(e.event_id, e.stream_id, e.revision, e.type, e.schema_version,
                                      e.occurred_at, e.data, e.metadata)) AS sql_digest
         FROM es_events e LEFT JOIN es_events p ON p.stream_id = e.stream_id AND p.revision = e.revision - 1`,
    );
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.some((r) => r.occurred_at_micros.startsWith('-'))).toBe(true);
    for (const row of rows) {
      expect(contentDigest(hashInputOf(row)).toString('hex')).toBe(row.sql_digest.toString('hex'));
      expect(expectedEventHash(hashInputOf(row), row.previous_hash ?? GENESIS_HASH).toString('hex')).toBe(
        row.hash.toString('hex'),
      );
    }
  });
});

describe('sealing', () => {
  it('seals the global order into signed checkpoints that verify, counting later events as chain-only', async () => {
    const w = await emptyWorld();
    await populate(w, 2);
    const first = await sealOnce(w.pool, signingKey);
    expect(first.sealedEvents).toBeGreaterThan(0);
    expect(first.checkpoints).toHaveLength(1);
    await populate(w, 1);
    const second = await sealOnce(w.pool, signingKey);
    await w.store.append(w.streams[1], [newEvent(), newEvent()], 'any');

    const report = await verify(w);
    expect(report).toMatchObject({
      ok: true,
      events: first.sealedEvents + second.sealedEvents + 2,
      checkpoints: 2,
      validCheckpoints: 2,
      sealedEvents: second.treeSize,
      unsealedEvents: 2,
      problems: [],
    });
    expect(report.latestCheckpoint).toMatchObject({ treeSize: second.treeSize, keyId: signingKey.keyId });
  });

  it('is idempotent and safe to run concurrently: each event is sealed once', async () => {
    const w = await emptyWorld();
    await populate(w, 3);
    const runs = await Promise.all([1, 2, 3, 4].map(() => sealOnce(w.pool, signingKey)));
    const total = (await verify(w)).events;
    expect(runs.reduce((sum, r) => sum + r.sealedEvents, 0)).toBe(total);
    expect(runs.filter((r) => r.checkpoints.length)).toHaveLength(1);
    const again = await sealOnce(w.pool, signingKey);
    expect(again).toMatchObject({ sealedEvents: 0, checkpoints: [], treeSize: total });
    const { rows } = await w.pool.query('SELECT count(*)::int AS n FROM es_seal.checkpoints');
    expect(rows[0].n).toBe(1);
    expect(await verify(w)).toMatchObject({ ok: true, sealedEvents: total, unsealedEvents: 0 });
  });

  it('seals a long backlog in several checkpoints, extending the tree from the stored frontier', async () => {
    const w = await emptyWorld();
    await populate(w, 3);
    const result = await sealOnce(w.pool, signingKey, { maxLeavesPerCheckpoint: 5, batchSize: 2 });
    expect(result.checkpoints.length).toBeGreaterThan(3);
    expect(result.checkpoints.map((c) => c.treeSize)).toEqual(
      result.checkpoints.map((_, i) => Math.min(5 * (i + 1), result.treeSize)),
    );
    expect(await verify(w)).toMatchObject({ ok: true, validCheckpoints: result.checkpoints.length });
  });

  it('keeps verifying after a subject is erased: reads are redacted, the hashes cover the ciphertext', async () => {
    const w = await sealedWorld();
    await w.vault.erase(w.child);
    const [registered] = await w.store.readStream(w.childStream, { maxCount: 1 });
    expect(registered.data).toMatchObject({ name: REDACTED, idNumber: REDACTED, village: '330602001001' });
    expect(await verify(w)).toMatchObject({ ok: true, problems: [] });
  });

  it('refuses to seal over an event whose stored hash no longer matches it, and writes nothing', async () => {
    const w = await sealedWorld();
    await w.store.append(w.streams[2], [newEvent('Late', { n: 1 })], 'any');
    const late = await eventOf(w, w.streams[2], await w.store.streamRevision(w.streams[2]));
    await w.pool.query(`UPDATE es_events SET data = '{"n": 2}' WHERE event_id = $1`, [late.eventId]);
    const before = await w.pool.query('SELECT count(*)::int AS n FROM es_seal.leaves');

    const refusal = await sealOnce(w.pool, signingKey).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SealRefused);
    expect((refusal as SealRefused).problem).toMatchObject({ kind: 'altered-event', event: late });
    const after = await w.pool.query('SELECT count(*)::int AS n FROM es_seal.leaves');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    // The event is not sealed: its hash chain alone catches it.
    expect((await verify(w)).firstProblem).toMatchObject({ kind: 'altered-event', event: late });
  });

  it('verifies checkpoints signed before a key rotation with the old public key among the verify keys', async () => {
    const w = await sealedWorld();
    const next = generateSealKeys();
    await populate(w, 1);
    await sealOnce(w.pool, parseSigningKey(next.signingKey));
    expect(await verify(w, parseVerifyKeys(`${keys.verifyKey},${next.verifyKey}`))).toMatchObject({
      ok: true,
      validCheckpoints: 3,
    });
    expect((await verify(w, parseVerifyKeys(next.verifyKey))).firstProblem).toMatchObject({
      kind: 'unknown-checkpoint-key',
    });
  });
});

describe('tampering through SQL is detected and named', () => {
  it('an UPDATE of an event’s data that leaves its stored hash alone', async () => {
    const w = await sealedWorld();
    const target = await eventOf(w, w.streams[1], 2);
    await w.pool.query(`UPDATE es_events SET data = jsonb_set(data, '{round}', '99') WHERE event_id = $1`, [
      target.eventId,
    ]);
    const report = await verify(w);
    expect(report.ok).toBe(false);
    expect(report.firstProblem).toMatchObject({ kind: 'altered-event', event: target });
  });

  it('an UPDATE of an event’s data with its hash and the chain after it recomputed: the seal catches it', async () => {
    const w = await sealedWorld();
    const target = await eventOf(w, w.childStream, 1);
    await w.pool.query(`UPDATE es_events SET data = jsonb_set(data, '{z}', '42') WHERE event_id = $1`, [
      target.eventId,
    ]);
    await rechain(w.pool, w.childStream, 1);

    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({ kind: 'altered-event', event: target });
    expect(report.firstProblem!.message).toMatch(/recomputed/);
    // The forgery is chain-consistent: the Merkle seal is the only thing that saw it.
    expect(report.problems.filter((p) => p.kind !== 'altered-event' || p.event?.eventId !== target.eventId)).toEqual(
      [],
    );
  });

  it('a DELETE of an event', async () => {
    const w = await sealedWorld();
    const target = await eventOf(w, w.streams[2], 3);
    await w.pool.query('DELETE FROM es_events WHERE event_id = $1', [target.eventId]);
    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({ kind: 'removed-event', event: target });
  });

  it('a DELETE of the newest, not yet sealed event of a stream: the recorded stream head catches it', async () => {
    const w = await sealedWorld();
    await w.store.append(w.streams[3], [newEvent('Reopened')], 'any');
    const revision = await w.store.streamRevision(w.streams[3]);
    const target = await eventOf(w, w.streams[3], revision);
    await w.pool.query('DELETE FROM es_events WHERE event_id = $1', [target.eventId]);
    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({
      kind: 'removed-event',
      event: { streamId: w.streams[3], revision },
    });
  });

  it('an INSERT of a forged event with a plausible hash chain in the middle of the global order', async () => {
    const w = await sealedWorld();
    // After the last event of some early transaction, before the next transaction's events.
    const { rows } = await w.pool.query<{ tx: string; pos: string }>(
      `SELECT transaction_id::text AS tx, global_position::text AS pos FROM es_events e
        WHERE NOT EXISTS (SELECT 1 FROM es_events x WHERE x.transaction_id = e.transaction_id AND x.global_position > e.global_position)
        ORDER BY transaction_id, global_position OFFSET 4 LIMIT 1`,
    );
    const forged = { eventId: randomUUID(), streamId: `child-${randomUUID()}`, revision: 0 };
    const metadata = newEvent().metadata;
    await w.pool.query(
      `WITH f AS (SELECT $3::uuid AS id, $4::text AS stream, 'ChildRegistered'::text AS type,
                         '2025-01-01T00:00:00Z'::timestamptz AS at, '{"name": "forged"}'::jsonb AS data, $5::jsonb AS meta)
       INSERT INTO es_events (transaction_id, global_position, event_id, stream_id, category, revision, type,
                              schema_version, occurred_at, data, metadata, hash)
       SELECT $1::xid8, $2::bigint + 1, id, stream, 'child', 0, type, 1, at, data, meta,
              sha256(''::bytea || sha256(es_event_content(id, stream, 0, type, 1, at, data, meta)))
         FROM f`,
      [rows[0].tx, rows[0].pos, forged.eventId, forged.streamId, JSON.stringify(metadata)],
    );
    await w.pool.query(
      `INSERT INTO es_streams (stream_id, category, revision, last_hash)
       SELECT stream_id, category, revision, hash FROM es_events WHERE event_id = $1`,
      [forged.eventId],
    );

    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({ kind: 'inserted-event', event: forged });
    expect(report.problemCount).toBe(1);
  });

  it('swapping the global positions of two events', async () => {
    const w = await sealedWorld();
    const a = await eventOf(w, w.streams[3], 1);
    const b = await eventOf(w, w.streams[0], 3);
    const [aTx, aPos] = a.position.split(':');
    const [bTx, bPos] = b.position.split(':');
    const move = (id: string, tx: string, pos: string) =>
      w.pool.query('UPDATE es_events SET transaction_id = $2::xid8, global_position = $3 WHERE event_id = $1', [
        id,
        tx,
        pos,
      ]);
    await move(a.eventId, aTx, '-1');
    await move(b.eventId, aTx, aPos);
    await move(a.eventId, bTx, bPos);

    const report = await verify(w);
    expect(report.firstProblem?.kind).toBe('reordered-events');
    expect([report.firstProblem?.event?.eventId, report.firstProblem?.otherEvent?.eventId].sort()).toEqual(
      [a.eventId, b.eventId].sort(),
    );
  });

  it('swapping the revisions of two events of a stream', async () => {
    const w = await sealedWorld();
    const a = await eventOf(w, w.streams[1], 1);
    const b = await eventOf(w, w.streams[1], 2);
    const setRevision = (id: string, revision: number) =>
      w.pool.query('UPDATE es_events SET revision = $2 WHERE event_id = $1', [id, revision]);
    await setRevision(a.eventId, -1);
    await setRevision(b.eventId, 1);
    await setRevision(a.eventId, 2);

    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({
      kind: 'reordered-events',
      event: { eventId: a.eventId, revision: 2 },
      otherEvent: { eventId: a.eventId, revision: 1 },
    });
  });

  it('an UPDATE of a sealed leaf’s hash', async () => {
    const w = await sealedWorld();
    await w.pool.query(`UPDATE es_seal.leaves SET leaf_hash = sha256('forged') WHERE leaf_index = 6`);
    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({ kind: 'tampered-seal-leaves', leafIndex: 6 });
  });

  it('a sealed leaf rewritten consistently to name another event: the signed root exposes it', async () => {
    const w = await sealedWorld();
    const forgedId = randomUUID();
    await w.pool.query(
      `UPDATE es_seal.leaves SET event_id = $1::uuid,
          leaf_hash = sha256('\\x00'::bytea || convert_to($2::text || E'\\n' || stream_id || E'\\n' || revision::text
                              || E'\\n' || position || E'\\n' || encode(event_hash, 'hex'), 'UTF8'))
        WHERE leaf_index = 9`,
      [forgedId, forgedId],
    );
    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({ kind: 'tampered-seal-leaves', leafIndex: 9 });
    expect(report.problemCount).toBe(1);
  });

  it.each([
    ['root hash', `root_hash = sha256('forged')`],
    ['tree size', 'tree_size = tree_size + 1'],
    ['signature', 'signature = set_byte(signature, 0, get_byte(signature, 0) # 1)'],
  ])('an UPDATE of a checkpoint’s %s', async (_what, assignment) => {
    const w = await sealedWorld();
    await w.pool.query(
      `UPDATE es_seal.checkpoints SET ${assignment} WHERE tree_size = (SELECT min(tree_size) FROM es_seal.checkpoints)`,
    );
    const report = await verify(w);
    expect(report.firstProblem?.kind).toBe('invalid-checkpoint-signature');
  });

  it('a checkpoint forged with another key under the real key id', async () => {
    const w = await sealedWorld();
    const forger = parseSigningKey(generateSealKeys().signingKey);
    const forged = signCheckpoint(
      { treeSize: 1_000, rootHash: Buffer.alloc(32, 1), lastPosition: '1:1', sealedAt: new Date() },
      { ...forger, keyId: signingKey.keyId },
    );
    await w.pool.query(
      `INSERT INTO es_seal.checkpoints (tree_size, root_hash, last_position, sealed_at, key_id, signature, frontier)
       VALUES ($1, $2, $3, $4, $5, $6, '{}')`,
      [forged.treeSize, forged.rootHash, forged.lastPosition, forged.sealedAt, forged.keyId, forged.signature],
    );
    const report = await verify(w);
    expect(report.firstProblem).toMatchObject({ kind: 'invalid-checkpoint-signature', checkpointTreeSize: 1_000 });
  });

  it('a DELETE of the newest checkpoint: its leaves stay behind', async () => {
    const w = await sealedWorld();
    await w.pool.query(
      'DELETE FROM es_seal.checkpoints WHERE tree_size = (SELECT max(tree_size) FROM es_seal.checkpoints)',
    );
    const report = await verify(w);
    expect(report.firstProblem?.kind).toBe('tampered-seal-leaves');
    expect(report.firstProblem?.message).toMatch(/checkpoint was removed/);
  });
});

describe('command line', () => {
  const dist = (name: string) => resolve(REPO_ROOT, 'dist/libs/event-store/src/sealing', name);

  beforeAll(() => {
    // tsc emits even when files outside this folder fail to typecheck; only a stale build is fatal.
    spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'ignore' });
    for (const name of ['verify.command', 'seal.command', 'verifier', 'sealer']) {
      const source = resolve(REPO_ROOT, 'libs/event-store/src/sealing', `${name}.ts`);
      expect(statSync(dist(`${name}.js`)).mtimeMs).toBeGreaterThanOrEqual(statSync(source).mtimeMs);
    }
  }, 120_000);

  const run = (command: string, w: World, env: Record<string, string>, args: string[] = []) =>
    spawnSync(process.execPath, [dist(command), ...args], {
      env: { PATH: process.env.PATH, DATABASE_URL: w.url, ...env },
      encoding: 'utf8',
    });

  it('seals, then verifies with exit 0; after tampering, exits 1 naming the altered event', async () => {
    const w = await emptyWorld();
    await populate(w, 2);
    const sealed = run('seal.command.js', w, { SEAL_SIGNING_KEY: keys.signingKey });
    expect(sealed.stdout).toMatch(/^封存完成 \/ sealed: \d+ new events/);
    expect(sealed.status).toBe(0);
    const { events } = await verify(w);

    const intact = run('verify.command.js', w, { SEAL_VERIFY_KEY: keys.verifyKey });
    expect(intact.stdout.trim()).toBe(`校验通过 / verified: ${events} events, 1 checkpoints`);
    expect(intact.status).toBe(0);

    const target = await eventOf(w, w.streams[3], 1);
    await w.pool.query(`UPDATE es_events SET data = '{}' WHERE event_id = $1`, [target.eventId]);
    const tampered = run('verify.command.js', w, { SEAL_VERIFY_KEY: keys.verifyKey });
    expect(tampered.stdout).toMatch(
      new RegExp(
        `^校验失败 / verification failed: 事件被篡改 / altered event: event ${target.eventId} \\(stream ${target.streamId}, revision 1`,
      ),
    );
    expect(tampered.stdout.trim().split('\n')).toHaveLength(1);
    expect(tampered.status).toBe(1);
  });

  it('exits 2 without a verify key, and generates a usable key pair', async () => {
    const w = await emptyWorld();
    const unconfigured = run('verify.command.js', w, {});
    expect(unconfigured.status).toBe(2);
    expect(unconfigured.stderr).toMatch(/SEAL_VERIFY_KEY is not set/);

    const generated = execFileSync(process.execPath, [dist('seal.command.js'), 'generate-keys'], { encoding: 'utf8' });
    const pair = Object.fromEntries(
      generated
        .split('\n')
        .filter((line) => line.startsWith('SEAL_'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect([...parseVerifyKeys(pair.SEAL_VERIFY_KEY).keys()]).toEqual([parseSigningKey(pair.SEAL_SIGNING_KEY).keyId]);
  });
});
