/**
 * npm run bench:eventstore — the event store against raw PostgreSQL and Emmett, side by side in one
 * run, on the same server, payload and concurrency. Workloads alternate in rounds and the median
 * of each is reported, so a noisy neighbour hurts all of them alike.
 */
import { randomUUID } from 'node:crypto';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Client, Pool } from 'pg';
import { ensureEventStoreSchema, NewEvent, PostgresEventStore, Position, ProtectedEventStore } from '@app/event-store';
import { benchSettings, fmt, median, ratio, throughput } from './bench-support';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STREAMS_PER_LANE = 50;

const payload = () => ({
  childId: randomUUID(),
  county: '330602',
  tier: 'orphan',
  note: '入户走访核实，监护人长期外出务工，由祖父母照料。'.repeat(8),
});
const decision = {
  actorId: 'user-bench',
  role: 'village-officer',
  agency: 'civil-affairs',
  jurisdiction: '330602001001',
  reason: 'benchmark',
  policy: '浙民儿〔2014〕87号',
};
const newEvent = (): NewEvent => {
  const id = randomUUID();
  return {
    id,
    type: 'ChildVisited',
    schemaVersion: 1,
    data: payload(),
    metadata: { correlationId: id, causationId: id, decision },
  };
};

async function main(): Promise<void> {
  const { DATABASE_URL } = benchSettings();
  const database = `bench_es_${Date.now()}`;
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  const pool = new Pool({ connectionString: url.toString(), max: CONCURRENCY + 2 });
  const emmett = getPostgreSQLEventStore(url.toString());
  try {
    await ensureEventStoreSchema(pool);
    await pool.query(`CREATE TABLE raw_events (
      global_position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL,
      type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL)`);
    const store = new ProtectedEventStore(new PostgresEventStore(pool));
    const revisions = new Map<string, number>();
    const emmettVersions = new Map<string, bigint>();
    const stream = (prefix: string, lane: number, i: number) => `${prefix}-${lane}_${i % STREAMS_PER_LANE}`;

    const workloads: Record<string, (lane: number, i: number) => Promise<number>> = {
      raw_insert: async () => {
        const e = newEvent();
        await pool.query(
          'INSERT INTO raw_events (event_id, stream_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5)',
          [e.id, 'raw-1', e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)],
        );
        return 1;
      },
      append_1: async (lane, i) => {
        const id = stream('one', lane, i);
        const result = await store.append(id, [newEvent()], revisions.get(id) ?? 'no_stream');
        revisions.set(id, result.nextExpectedRevision);
        return 1;
      },
      append_10: async (lane, i) => {
        const id = stream('ten', lane, i);
        const result = await store.append(id, Array.from({ length: 10 }, newEvent), revisions.get(id) ?? 'no_stream');
        revisions.set(id, result.nextExpectedRevision);
        return 10;
      },
      emmett_1: async (lane, i) => {
        const id = stream('emmett', lane, i);
        const e = newEvent();
        const result = await emmett.appendToStream(
          id,
          [
            {
              type: e.type,
              data: e.data as Record<string, unknown>,
              metadata: e.metadata as unknown as Record<string, unknown>,
            },
          ],
          {
            expectedStreamVersion: emmettVersions.get(id) ?? 0n,
          },
        );
        emmettVersions.set(id, result.nextExpectedStreamVersion);
        return 1;
      },
    };
    // Emmett creates its schema on first use; do that outside the measurement.
    await workloads.emmett_1(999, 0);

    const results: Record<string, number[]> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, worker] of Object.entries(workloads)) {
        const rate = await throughput(CONCURRENCY, SECONDS, worker);
        (results[name] ??= []).push(rate);
        process.stderr.write(`round ${round}/${ROUNDS}  ${name.padEnd(11)} ${fmt(rate).padStart(8)} /s\n`);
      }
    }

    // readAll: the whole global order in pages of 1,000, against a raw keyset SELECT of the same rows.
    const total = Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);
    const readAll = async () => {
      const started = performance.now();
      let from: Position | undefined;
      let read = 0;
      for (;;) {
        const page = await store.readAll({ from, maxCount: 1000 });
        if (!page.length) break;
        read += page.length;
        from = page[page.length - 1].position;
      }
      return read / ((performance.now() - started) / 1000);
    };
    // The baseline: the same rows in the same index order, without the visibility horizon and
    // without turning rows into events.
    const rawSelect = async () => {
      const started = performance.now();
      let from = ['0', '0'];
      let read = 0;
      for (;;) {
        const { rows } = await pool.query<{ tx: string; global_position: string }>(
          `SELECT event_id, type, stream_id, revision, transaction_id::text AS tx, global_position, occurred_at, data,
                  metadata, hash
             FROM es_events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
            ORDER BY transaction_id, global_position LIMIT 1000`,
          from,
        );
        if (!rows.length) break;
        read += rows.length;
        from = [rows[rows.length - 1].tx, rows[rows.length - 1].global_position];
      }
      return read / ((performance.now() - started) / 1000);
    };
    for (let round = 1; round <= ROUNDS; round++) {
      (results.read_all ??= []).push(await readAll());
      (results.raw_select ??= []).push(await rawSelect());
      process.stderr.write(
        `round ${round}/${ROUNDS}  read ${fmt(total)} events: readAll ${fmt(results.read_all.at(-1)!)} /s, raw SELECT ${fmt(results.raw_select.at(-1)!)} /s\n`,
      );
    }

    const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
    console.log(
      `\nevent store benchmark: PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, ` +
        `${CONCURRENCY} concurrent clients, ${SECONDS}s × ${ROUNDS} rounds, ~${JSON.stringify(newEvent()).length} bytes per event`,
    );
    console.log(`  raw single-row INSERT   ${fmt(m.raw_insert).padStart(9)} commits/s`);
    console.log(`  append, 1 event         ${fmt(m.append_1).padStart(9)} appends/s`);
    console.log(`  append, 10 events       ${fmt(m.append_10).padStart(9)} events/s`);
    console.log(`  Emmett append, 1 event  ${fmt(m.emmett_1).padStart(9)} appends/s`);
    console.log(`  readAll                 ${fmt(m.read_all).padStart(9)} events/s`);
    console.log(`  raw SELECT              ${fmt(m.raw_select).padStart(9)} events/s`);
    console.log(
      `RESULT append_vs_raw=${ratio(m.append_1, m.raw_insert)} append_vs_emmett=${ratio(m.append_1, m.emmett_1)} ` +
        `batch10_events_vs_raw=${ratio(m.append_10, m.raw_insert)} readall_vs_raw=${ratio(m.read_all, m.raw_select)}`,
    );
  } finally {
    await emmett.close();
    await pool.end();
    await admin.end();
  }
}

/** Databases of earlier runs; dropped at the start, as Emmett's pool outlives its close(). */
async function dropEarlierRuns(url: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'bench_es_%'",
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
}

dropEarlierRuns(benchSettings().DATABASE_URL)
  .then(main)
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
