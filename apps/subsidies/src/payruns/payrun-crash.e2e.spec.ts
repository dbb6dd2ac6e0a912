import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { testSigner } from '@app/auth/testing';
import { ensureEventStoreSchema, PostgresEventStore, ProtectedEventStore } from '@app/event-store';
import { createTestDatabase, eventually, testSettings, uniqueName, withDatabase } from '@app/testing';
import { addMonths, chinaDay, monthOf, parseYuan } from '../domain';
import { expectedAmount, SeededAccount, seedAccounts } from '../testing/seed-accounts';

/**
 * Fault test: the subsidies service runs as a process of its own from the compiled build and is
 * killed with SIGKILL while it computes a county's monthly run over a few thousand accounts (small
 * pages, so the run is many atomic batches). Started again, it resumes the run by itself
 * (ResumeInterruptedRuns); the control totals then equal what the accounts are owed, the bank file
 * has one line per account and no reference twice, and the event store holds exactly one
 * PaymentScheduled per account for the month.
 */
const ACCOUNTS = 4_000;
const PAGE_SIZE = 50;
const COUNTY = '330602';
const MONTH = addMonths(monthOf(chinaDay(new Date())), -1);
const ROOT = resolve(__dirname, '../../../..');
const MAIN = resolve(ROOT, 'dist/apps/subsidies/src/main.js');

const signer = testSigner();
const users = {
  maker: signer.token({ roles: ['county-centre'], jurisdiction: COUNTY, sub: 'u-crash-maker' }),
  checker: signer.token({ roles: ['county-centre'], jurisdiction: COUNTY, sub: 'u-crash-checker' }),
};
/** The second case: a county whose run is killed as soon as it is opened. */
const EARLY_COUNTY = '330681';
const EARLY_ACCOUNTS = 500;
const earlyMaker = signer.token({ roles: ['county-centre'], jurisdiction: EARLY_COUNTY, sub: 'u-crash-early' });

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let accounts: SeededAccount[];
let earlyAccounts: SeededAccount[];
const children = new Set<ChildProcess>();
const env: Record<string, string> = {};

/** The newest modification time of the TypeScript sources the service is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * `./platform test` builds before jest runs; a test run on its own (jest straight from the shell)
 * may find no build or an older one, so then it builds here (`npm run --silent build`, ~1 minute).
 */
function ensureBuilt(): void {
  const sources = Math.max(
    newestSource(resolve(ROOT, 'apps/subsidies/src')),
    ...['platform', 'auth', 'event-store', 'messaging', 'contracts', 'projections'].map((lib) =>
      newestSource(resolve(ROOT, 'libs', lib, 'src')),
    ),
  );
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= sources) return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

interface ServiceProcess {
  child: ChildProcess;
  url: string;
  /** Resolves when a logged line matches. */
  logged(pattern: RegExp): Promise<string>;
  exited: Promise<NodeJS.Signals | number | null>;
}

async function startService(): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const exited = new Promise<NodeJS.Signals | number | null>((resolveExit) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      if (code) console.error(`subsidies exited with ${code}:\n${lines.slice(-40).join('\n')}`);
      resolveExit(signal ?? code);
    }),
  );
  const service: ServiceProcess = {
    child,
    url: `http://127.0.0.1:${port}`,
    logged: (pattern) => {
      const seen = lines.find((l) => pattern.test(l));
      return seen
        ? Promise.resolve(seen)
        : new Promise((resolveLine) => waiters.push({ pattern, resolve: resolveLine }));
    },
    exited,
  };
  await Promise.race([
    service.logged(/subsidies listening on/),
    exited.then((how) => Promise.reject(new Error(`subsidies stopped at boot (${String(how)})`))),
  ]);
  return service;
}

async function call(service: ServiceProcess, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json');
  return { status: response.status, body: json && text ? JSON.parse(text) : text };
}

const runOf = (service: ServiceProcess) => call(service, 'GET', `/v1/payruns/${COUNTY}/${MONTH}`, users.maker);

beforeAll(async () => {
  ensureBuilt();
  database = await createTestDatabase('subsidies_crash');
  pool = new Pool({ connectionString: database.url, max: 4 });
  await ensureEventStoreSchema(pool);
  accounts = await seedAccounts(new ProtectedEventStore(new PostgresEventStore(pool)), {
    county: COUNTY,
    count: ACCOUNTS,
    month: MONTH,
  });
  earlyAccounts = await seedAccounts(new ProtectedEventStore(new PostgresEventStore(pool)), {
    county: EARLY_COUNTY,
    count: EARLY_ACCOUNTS,
    month: MONTH,
  });
  const prefix = `${uniqueName('crash').toLowerCase()}.`;
  Object.assign(env, {
    DATABASE_URL: database.url,
    MONGO_URL: withDatabase(testSettings().MONGO_URL, uniqueName('subsidies_crash')),
    KAFKA_BROKERS: testSettings().KAFKA_BROKERS,
    AUTH_PUBLIC_KEYS: signer.publicKeys,
    // Topics and groups of its own: the demo platform may be running on the same broker.
    KAFKA_TOPIC_PREFIX: prefix,
    MESSAGING_GROUP_PREFIX: prefix,
    PAYRUN_PAGE_SIZE: String(PAGE_SIZE),
    LOG_LEVEL: 'log',
  });
}, 300_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await pool?.end();
  await database?.drop();
});

describe('the subsidies service killed with SIGKILL in the middle of a payment run', () => {
  it('resumes the run on restart: control totals as owed, one payment and one bank line per account', async () => {
    const started = Date.now();
    const first = await startService();
    const opened = await call(first, 'POST', '/v1/payruns', users.maker, {
      county: COUNTY,
      month: MONTH,
      reason: '月度发放（故障测试）',
    });
    expect([opened.status, opened.body.status]).toEqual([202, 'computing']);

    // Some batches are written, and the run is still computing: kill it there.
    const partial = await eventually(
      async () => {
        const run = await runOf(first);
        if (run.body.status !== 'computing') throw new Error(`the run finished before the kill: ${run.body.status}`);
        return run.body.controlTotals.count > 0 ? run.body : undefined;
      },
      60_000,
      'the first batches',
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const batchedAtKill = Number(
      (
        await pool.query("SELECT count(*) FROM es_events WHERE type = 'PaymentScheduled' AND data->>'county' = $1", [
          COUNTY,
        ])
      ).rows[0].count,
    );
    expect(batchedAtKill).toBeGreaterThanOrEqual(partial.controlTotals.count);
    expect(batchedAtKill).toBeLessThan(ACCOUNTS);
    const computedAtKill = await pool.query("SELECT 1 FROM es_events WHERE type = 'PayRunComputed'");
    expect(computedAtKill.rowCount).toBe(0);

    // Started again, nobody asks: the service resumes the interrupted run at boot.
    const second = await startService();
    await second.logged(/resuming pay run payrun-330602-/);
    const run = await eventually(
      async () => {
        const current = await runOf(second);
        return current.body.status === 'computed' ? current.body : undefined;
      },
      120_000,
      'the resumed run to be computed',
    );
    const owed = accounts.reduce((sum, a) => sum + expectedAmount(a, MONTH), 0);
    expect(run.controlTotals).toMatchObject({ count: ACCOUNTS, amountFen: owed });

    // A second person approves the totals; the bank file has one line per account.
    const approved = await call(second, 'POST', `/v1/payruns/${COUNTY}/${MONTH}/approval`, users.checker, {
      count: run.controlTotals.count,
      amountFen: run.controlTotals.amountFen,
      reason: '控制数核对无误',
    });
    expect(approved.status).toBe(200);
    const file = await call(second, 'GET', `/v1/payruns/${COUNTY}/${MONTH}/bank-file`, users.maker);
    expect(file.status).toBe(200);
    const [header, ...lines] = (file.body as string).trim().split('\n');
    expect(header).toBe('reference,beneficiary_id,programme,period,amount_yuan,currency');
    const rows = lines.map((line) => {
      const [reference, beneficiary, programme, period, amount] = line.split(',');
      return { reference, beneficiary, programme, period, amount: parseYuan(amount)! };
    });
    expect(rows).toHaveLength(ACCOUNTS);
    expect(new Set(rows.map((r) => r.reference)).size).toBe(ACCOUNTS);
    expect(new Set(rows.map((r) => r.beneficiary))).toEqual(new Set(accounts.map((a) => a.childId)));
    expect(rows.reduce((sum, r) => sum + r.amount, 0)).toBe(run.controlTotals.amountFen);
    const byChild = new Map(accounts.map((a) => [a.childId, expectedAmount(a, MONTH)]));
    expect(rows.filter((r) => r.amount !== byChild.get(r.beneficiary))).toEqual([]);

    // In the event store: exactly one PaymentScheduled per account for the month, and the run's
    // batches hold each reference once.
    const { rows: scheduled } = await pool.query<{ n: number; streams: number; refs: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS streams, count(DISTINCT data->>'reference')::int AS refs
         FROM es_events WHERE type = 'PaymentScheduled' AND data->>'month' = $1 AND data->>'county' = $2`,
      [MONTH, COUNTY],
    );
    expect(scheduled[0]).toEqual({ n: ACCOUNTS, streams: ACCOUNTS, refs: ACCOUNTS });
    const { rows: batched } = await pool.query<{ n: number; refs: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT p->>'reference')::int AS refs
         FROM es_events, jsonb_array_elements(data->'payments') AS p
        WHERE type = 'PaymentsBatched' AND stream_id = $1`,
      [`payrun-${COUNTY}-${MONTH}`],
    );
    expect(batched[0]).toEqual({ n: ACCOUNTS, refs: ACCOUNTS });
    console.log(
      `payrun crash test: ${ACCOUNTS} accounts in pages of ${PAGE_SIZE}; killed after ${batchedAtKill} payments; ` +
        `resumed and computed; ${Math.round((Date.now() - started) / 1000)}s from the first start`,
    );

    second.child.kill('SIGTERM');
    await second.exited;
  }, 300_000);

  it('resumes a run killed as soon as it was opened, before the read model could see it', async () => {
    const first = await startService();
    const opened = await call(first, 'POST', '/v1/payruns', earlyMaker, {
      county: EARLY_COUNTY,
      month: MONTH,
      reason: '月度发放（故障测试）',
    });
    first.child.kill('SIGKILL');
    expect(opened.status).toBe(202);
    expect(await first.exited).toBe('SIGKILL');
    const stream = `payrun-${EARLY_COUNTY}-${MONTH}`;
    const { rows: atKill } = await pool.query<{ type: string }>(
      'SELECT type FROM es_events WHERE stream_id = $1 ORDER BY revision',
      [stream],
    );
    expect(atKill[0]?.type).toBe('PayRunOpened');
    expect(atKill.map((e) => e.type)).not.toContain('PayRunComputed');

    const second = await startService();
    const run = await eventually(
      async () => {
        const current = await call(second, 'GET', `/v1/payruns/${EARLY_COUNTY}/${MONTH}`, earlyMaker);
        return current.body.status === 'computed' ? current.body : undefined;
      },
      60_000,
      'the run opened just before the kill to be resumed and computed',
    );
    const owed = earlyAccounts.reduce((sum, a) => sum + expectedAmount(a, MONTH), 0);
    expect(run.controlTotals).toMatchObject({ count: EARLY_ACCOUNTS, amountFen: owed });
    const { rows } = await pool.query<{ n: number; streams: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT stream_id)::int AS streams
         FROM es_events WHERE type = 'PaymentScheduled' AND data->>'month' = $1 AND data->>'county' = $2`,
      [MONTH, EARLY_COUNTY],
    );
    expect(rows[0]).toEqual({ n: EARLY_ACCOUNTS, streams: EARLY_ACCOUNTS });
    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});
