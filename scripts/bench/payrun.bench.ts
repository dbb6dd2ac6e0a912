/**
 * npm run bench:payrun — a county's monthly payment run over 100,000 beneficiaries, in this process,
 * against the event store's raw batch-append rate measured in the same run on the same database.
 *
 * 1. A scratch database of the local PostgreSQL (bench_payrun_<time>; earlier ones are dropped) gets
 *    the event store schema, the default rate tables, and BENCH_BENEFICIARIES accounts in one county
 *    with an open basic-living entitlement (apps/subsidies/src/testing/seed-accounts.ts).
 * 2. Baseline: `appendMany` of what one page of the run writes, minus reading and deciding: PAGE
 *    fresh streams with one PaymentScheduled-sized event each plus one PaymentsBatched-sized event
 *    on a batch stream. Measured before and after the run (BENCH_BASELINE_EVENTS each); the mean
 *    of the two rates is the baseline.
 * 3. The run: PayRuns.start (the service's class over ProtectedEventStore + PostgresEventStore, as
 *    the service builds it) until its computation ends; wall time, events written per second, and
 *    peak RSS: the process's maxRSS (the seeding runs in a child process, so it is the run's and
 *    the baselines'), with the RSS sampled every 50 ms during the run beside it.
 *
 * Settings: BENCH_BENEFICIARIES (100000), PAYRUN_PAGE_SIZE (500, as the service), BENCH_BASELINE_EVENTS
 * (20000), BENCH_COUNTY (330683), DATABASE_URL (else .local/infra.env; the servers are started when
 * needed). Last line: RESULT payrun_vs_append=<r> rss_mib=<n>; goals r ≥ 0.5, rss < 1024.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Logger } from '@nestjs/common';
import { Client, Pool } from 'pg';
import {
  ensureEventStoreSchema,
  NewEvent,
  PersonalDataVault,
  PostgresEventStore,
  ProtectedEventStore,
  StreamWrite,
} from '@app/event-store';
import { formatDuration, ProgressBar } from '@app/projections/progress-bar';
import { addMonths, chinaDay, monthOf, paymentReference } from '../../apps/subsidies/src/domain';
import { PayRuns } from '../../apps/subsidies/src/payruns/pay-runs.service';
import { RateTables } from '../../apps/subsidies/src/rates/rate-tables.service';
import { seedAccounts } from '../../apps/subsidies/src/testing/seed-accounts';
import { benchSettings, fmt, ratio } from './bench-support';

const BENEFICIARIES = Number(process.env.BENCH_BENEFICIARIES ?? 100_000);
const PAGE = Number(process.env.PAYRUN_PAGE_SIZE ?? 500);
const BASELINE_EVENTS = Number(process.env.BENCH_BASELINE_EVENTS ?? 20_000);
const COUNTY = process.env.BENCH_COUNTY ?? '330683';
const MONTH = addMonths(monthOf(chinaDay(new Date())), -1);
const MIB = 1024 * 1024;

const decision = {
  actorId: 'u-bench-county',
  role: 'county-centre',
  agency: 'civil-affairs',
  jurisdiction: COUNTY,
  reason: '压测：月度发放 / benchmark run',
  policy: '浙民儿〔2014〕87号',
};

const envelope = (type: string, data: unknown, correlationId: string): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  occurredAt: new Date(),
  metadata: { correlationId, causationId: correlationId, decision },
});

/** What the run writes for one account: a PaymentScheduled of the same shape and size. */
function paymentLike(childId: string, runId: string) {
  const reference = paymentReference(childId, 'basic-living', MONTH);
  return {
    reference,
    runId,
    programme: 'basic-living' as const,
    month: MONTH,
    county: COUNTY,
    amount: 208_900,
    lines: [
      {
        kind: 'allowance',
        month: MONTH,
        amount: 208_900,
        owed: 208_900,
        paidBefore: 0,
        rateKey: 'orphan/scattered',
        rateVersion: 1,
        days: 30,
        daysInMonth: 30,
      },
    ],
  };
}

/** The raw batch-append rate: pages of PAGE fresh streams with one event each, plus one batch event. */
async function baseline(store: ProtectedEventStore, events: number, label: string): Promise<number> {
  const batchStream = `benchbatch-${randomUUID()}`;
  const runId = randomUUID();
  let revision = -1;
  let written = 0;
  const bar = new ProgressBar(process.stderr, label, events);
  const started = performance.now();
  while (written < events) {
    const correlationId = randomUUID();
    const writes: StreamWrite[] = [];
    const payments = [];
    for (let i = 0; i < PAGE; i++) {
      const childId = randomUUID();
      const payment = paymentLike(childId, runId);
      payments.push({ reference: payment.reference, childId, programme: payment.programme, amount: payment.amount });
      writes.push({
        streamId: `benchpay-${childId}`,
        events: [envelope('PaymentScheduled', payment, correlationId)],
        expected: 'no_stream',
      });
    }
    writes.push({
      streamId: batchStream,
      events: [envelope('PaymentsBatched', { batch: revision + 1, payments }, correlationId)],
      expected: revision < 0 ? 'no_stream' : revision,
    });
    const results = await store.appendMany(writes);
    revision = results[results.length - 1].nextExpectedRevision;
    written += writes.length;
    bar.update(written);
  }
  bar.finish();
  return written / ((performance.now() - started) / 1000);
}

/**
 * Seeding runs in a process of its own: the megabytes of JSON it writes would stay in this process's
 * RSS (V8 and malloc keep what they once had), and the RSS reported is the run's.
 */
async function seedInChildProcess(databaseUrl: string, onProgress: (done: number) => void): Promise<void> {
  const child = spawn(process.execPath, [__filename, 'seed'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^seeded (\d+)$/.exec(line);
    if (match) onProgress(Number(match[1]));
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`seeding stopped with exit code ${code}`);
}

async function seed(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  try {
    await seedAccounts(new ProtectedEventStore(new PostgresEventStore(pool)), {
      county: COUNTY,
      count: BENEFICIARIES,
      month: MONTH,
      onProgress: (done) => process.stdout.write(`seeded ${done}\n`),
    });
  } finally {
    await pool.end();
  }
}

async function dropEarlierRuns(url: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'bench_payrun_%'",
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const { DATABASE_URL } = benchSettings();
  await dropEarlierRuns(DATABASE_URL);
  const database = `bench_payrun_${Date.now()}`;
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(DATABASE_URL);
  url.pathname = `/${database}`;
  // The service's pool size (libs/platform): 10.
  const pool = new Pool({ connectionString: url.toString(), max: 10 });
  try {
    await ensureEventStoreSchema(pool);
    const vault = new PersonalDataVault(pool, randomBytes(32));
    await vault.ensureSchema();
    const store = new ProtectedEventStore(new PostgresEventStore(pool), vault);
    const rates = new RateTables(store);
    await rates.onApplicationBootstrap();

    const seedBar = new ProgressBar(process.stderr, 'seeding accounts', BENEFICIARIES);
    const seedStarted = performance.now();
    await seedInChildProcess(url.toString(), (done) => seedBar.update(done));
    seedBar.finish();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await pool.query('VACUUM ANALYZE es_streams, es_events');

    const before = await baseline(store, BASELINE_EVENTS, 'baseline appendMany (before)');

    // The run, as the HTTP endpoint starts it; RSS sampled while it computes.
    const runs = new PayRuns(store, rates, pool);
    global.gc?.();
    const rssAtStart = process.memoryUsage.rss();
    const heapAtStart = process.memoryUsage().heapUsed;
    let peakRss = rssAtStart;
    const runBar = new ProgressBar(process.stderr, 'pay run (accounts)', BENEFICIARIES);
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const progress = runs.progressOf(COUNTY, MONTH);
      if (progress) runBar.update(progress.accountsVisited, progress.accountsTotal);
    }, 50);
    const eventsBefore = Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);
    const started = performance.now();
    await runs.start(COUNTY, MONTH, { decision, now: new Date() });
    await runs.computeInBackground(COUNTY, MONTH);
    const runSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    runBar.update(BENEFICIARIES);
    runBar.finish();
    const eventsAfter = Number((await pool.query('SELECT count(*) FROM es_events')).rows[0].count);
    const runEvents = eventsAfter - eventsBefore;
    const { run } = await runs.load(COUNTY, MONTH);
    if (run.status !== 'computed' || run.totals.count !== BENEFICIARIES)
      throw new Error(`the run did not pay every beneficiary once: ${run.status}, ${run.totals.count} payments`);

    const after = await baseline(store, BASELINE_EVENTS, 'baseline appendMany (after)');
    const appendRate = (before + after) / 2;
    const runRate = runEvents / runSeconds;
    // maxRSS is the true peak of this process (baselines + run; the seeding ran in a child process).
    const rssMib = Math.round(process.resourceUsage().maxRSS / 1024);
    const sampledMib = Math.round(peakRss / MIB);

    console.log(
      `\npay run benchmark: PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, ` +
        `${fmt(BENEFICIARIES)} beneficiaries in county ${COUNTY}, month ${MONTH}, pages of ${PAGE}`,
    );
    console.log(
      `  seeding               ${fmt(BENEFICIARIES / seedSeconds).padStart(9)} accounts/s (${formatDuration(seedSeconds * 1000)})`,
    );
    console.log(
      `  pay run               ${fmt(runRate).padStart(9)} events/s  (${fmt(runEvents)} events, ` +
        `${fmt(run.totals.count)} payments, ${(run.totals.amount / 100).toLocaleString('en-US')} yuan, wall ${runSeconds.toFixed(1)}s)`,
    );
    console.log(
      `  raw batch append      ${fmt(appendRate).padStart(9)} events/s  (appendMany of ${PAGE} + 1 events; ` +
        `before ${fmt(before)}, after ${fmt(after)})`,
    );
    console.log(
      `  peak RSS              ${rssMib} MiB (process maxRSS; sampled during the run ${sampledMib} MiB, ` +
        `${Math.round(rssAtStart / MIB)} MiB at its start with ${Math.round(heapAtStart / MIB)} MiB heap)`,
    );
    console.log(`RESULT payrun_vs_append=${ratio(runRate, appendRate)} rss_mib=${rssMib}`);
  } finally {
    await pool.end();
  }
}

(process.argv[2] === 'seed' ? seed() : main())
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
