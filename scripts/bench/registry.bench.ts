/**
 * npm run bench:registry — the registry under load, against the running platform (./platform up
 * first: this benchmark starts nothing, and says so when the services are not there).
 *
 * 1. Registrations: POST /v1/children through HTTP with N concurrent clients (16), side by side
 *    with the event store's raw append rate — PostgresEventStore.append of one registration-sized
 *    event to a new stream, on a scratch database of the same PostgreSQL server, same concurrency.
 *    The two alternate in rounds and the median of each is reported (a noisy neighbour hurts both
 *    alike); registration latency p50/p99 over every round.
 *    Registrations are made by the county's centre (its place covers every village registered in).
 * 2. Lists: the county is filled to 100,000 children through the same registrations (once: later
 *    runs find them), then GET /v1/children?jurisdiction=<county>&tier=…&page=… p99 (served by the
 *    registry's PostgreSQL index of files, apps/registry/src/children/child-index.ts).
 *
 * The benchmark's children live in one county (嵊州市 by default, BENCH_COUNTY), are named 压测…,
 * registered with the reason "压测…", and carry ID numbers from a range the demo population never
 * uses (sequence 200 and up). Child k has a fixed id, so a later run continues at the first k not
 * yet in the event store.
 *
 * Settings: BENCH_CONCURRENCY (16), BENCH_SECONDS (5), BENCH_ROUNDS (3), BENCH_LIST_CHILDREN
 * (100000), BENCH_FILL_MINUTES (30: the filling stops there and the lists are measured at the size
 * reached, which the output says), BENCH_WAIT_MINUTES (30, for the read model to catch up),
 * BENCH_LIST_QUERIES (100), BENCH_COUNTY (330683), GATEWAY_URL,
 * REGISTRY_URL, DATABASE_URL (else .local/infra.env), DEMO_PASSWORD.
 * Last line: RESULT register_vs_append=… p99_ms=… list_p99_ms=…
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { children } from '@app/auth/jurisdiction';
import { ensureEventStoreSchema, NewEvent, PostgresEventStore } from '@app/event-store';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/gateway/src/users/demo-users';
import { addYears, childStream, chinaDateOf, makeIdNumber, sequenceFor } from '../../apps/registry/src/domain';
import { actorsFor } from '../demo/actors';
import { codeOf, PlatformClient, requireRunning, serviceUrl } from '../demo/http';
import { GIVEN_NAME_CHARACTERS } from '../demo/names';
import { anchorFor, nameBasedUuid } from '../demo/population';
import { Progress } from '../demo/progress';
import { formatDuration } from '@app/projections/progress-bar';
import { fmt, median, percentile, ratio, throughput } from './bench-support';

const ROOT = resolve(__dirname, '../../..');
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIST_CHILDREN = Number(process.env.BENCH_LIST_CHILDREN ?? 100_000);
const LIST_QUERIES = Number(process.env.BENCH_LIST_QUERIES ?? 100);
const FILL_MINUTES = Number(process.env.BENCH_FILL_MINUTES ?? 30);
const WAIT_MINUTES = Number(process.env.BENCH_WAIT_MINUTES ?? 30);
const COUNTY = process.env.BENCH_COUNTY ?? '330683';
const BENCH_NAMESPACE = '0b7e3c55-2f41-4d8e-a6b9-5c0d7e1f3a92';
const LIST_TIERS = [undefined, 'universal', 'orphan', 'left-behind', 'family-in-difficulty', 'migrant'];

/** DATABASE_URL from the environment, else the local servers' settings file; nothing is started. */
function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = resolve(process.env.WELFARE_STATE_DIR ?? resolve(ROOT, '.local'), 'infra.env');
  try {
    const match = /^DATABASE_URL=(.*)$/m.exec(readFileSync(file, 'utf8'));
    if (match) return match[1];
  } catch {
    // answered below
  }
  throw new Error(`no DATABASE_URL and no ${file}: run ./platform up first (this benchmark starts nothing)`);
}

/**
 * Benchmark child k: a fixed id, a village of the county, a birth date and an ID number unique to
 * k. The number's sequence is 200–999 (ordinals 100–499: the demo population keeps below 100), in
 * a band of 100 ordinals per year so a new year's children do not meet last year's numbers.
 */
class BenchChildren {
  private readonly villages: string[];
  private readonly days: string[] = [];
  private readonly year: string;
  private readonly band: number;
  private readonly characters = [
    ...new Set([...GIVEN_NAME_CHARACTERS.male.first, ...GIVEN_NAME_CHARACTERS.female.second]),
  ];

  constructor(county: string, today: string) {
    this.villages = children(county).flatMap((township) => children(township));
    if (!this.villages.length) throw new Error(`BENCH_COUNTY ${county} has no demo villages`);
    const anchor = anchorFor(today);
    this.year = anchor.slice(0, 4);
    this.band = 100 + 100 * (Number(this.year) % 4);
    for (let day = Date.parse(`${addYears(anchor, -17)}T00:00:00Z`); ; day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      if (date >= anchor) break;
      this.days.push(date);
    }
  }

  /** How many children fit before the band's sequences run out. */
  get capacity(): number {
    return this.days.length * 100;
  }

  id(k: number): string {
    return nameBasedUuid(`registry-bench/${this.year}/${k}`, BENCH_NAMESPACE, 4);
  }

  registration(k: number) {
    if (k >= this.capacity) throw new RangeError(`benchmark child ${k} is beyond this year's ${this.capacity}`);
    const sex = k % 2 === 0 ? 'male' : 'female';
    const birthDate = this.days[k % this.days.length];
    const ordinal = this.band + Math.floor(k / this.days.length);
    let name = '压测';
    for (let n = k, i = 0; i < 4; i++, n = Math.floor(n / this.characters.length)) {
      name += this.characters[n % this.characters.length];
    }
    const village = this.villages[Math.floor(k / 2) % this.villages.length];
    return {
      childId: this.id(k),
      name,
      idNumber: makeIdNumber(COUNTY, birthDate, sequenceFor(sex, ordinal)),
      birthDate,
      sex,
      householdRegistrationRegion: COUNTY,
      villageCode: village,
      address: `压测地址${k}号`,
      reason: '压测：注册吞吐量基准',
    };
  }
}

/** The first k whose file is not in the registry's event store (a binary search; earlier runs fill 0…k-1). */
async function firstFreeK(pool: Pool, bench: BenchChildren): Promise<number> {
  const store = new PostgresEventStore(pool);
  const exists = async (k: number) => (await store.readStream(childStream(bench.id(k)), { maxCount: 1 })).length > 0;
  let low = 0;
  let high = 1;
  while ((await exists(high - 1)) && high < bench.capacity) high *= 2;
  // Invariant: every k < low exists (as far as the search can tell); high - 1 does not.
  while (low < high - 1) {
    const mid = Math.floor((low + high) / 2);
    if (await exists(mid - 1)) low = mid;
    else high = mid;
  }
  return (await exists(low)) ? low + 1 : low;
}

/** A registration-sized event for the raw append: the ChildRegistered shape, without encryption. */
function registrationEvent(): NewEvent {
  const id = randomUUID();
  const key = (what: string) => createHmac('sha256', 'bench').update(`${what}${id}`).digest('hex');
  return {
    id,
    type: 'ChildRegistered',
    schemaVersion: 1,
    data: {
      childId: id,
      personal: { name: '压测儿童', idNumber: '330683201503011239', address: '压测地址123号' },
      identity: 'id-number',
      registryNumber: null,
      birthDate: '2015-03-01',
      sex: 'male',
      householdRegistrationRegion: COUNTY,
      residence: { villageCode: `${COUNTY}001001`, countyCode: COUNTY },
      responsibleCounty: COUNTY,
      foundInCampaign: null,
      confirmedNotDuplicateOf: [],
      lookup: { idNumber: key('id'), name: key('name') },
    },
    metadata: {
      correlationId: id,
      causationId: randomUUID(),
      decision: {
        actorId: 'user-bench',
        role: 'city-bureau',
        agency: 'civil-affairs',
        jurisdiction: '330600',
        reason: '压测：注册吞吐量基准',
        policy: '浙民儿〔2014〕87号',
      },
    },
  };
}

async function main(): Promise<void> {
  const gatewayUrl = serviceUrl('gateway', 'GATEWAY_URL');
  const registryUrl = serviceUrl('registry', 'REGISTRY_URL');
  await requireRunning(
    [
      ['gateway', gatewayUrl],
      ['registry', registryUrl],
    ],
    'this benchmark starts nothing',
  );
  const villages = children(COUNTY).flatMap((township) => children(township));
  const actors = actorsFor(villages[0], DEMO_USERS);
  // The benchmark registers in every village of the county: one user whose place covers them all
  // (the county centre, else the city bureau), not a village officer refused outside its village.
  const registrar = villages
    .map((village) => actorsFor(village, DEMO_USERS).approve)
    .find((user) => user && villages.every((village) => village.startsWith(user.jurisdiction)));
  const reader = actors.read;
  if (!registrar || !reader) throw new Error(`no demo user may register and list in ${COUNTY}`);
  const client = new PlatformClient(gatewayUrl, process.env.DEMO_PASSWORD || DEMO_PASSWORD);
  await Promise.all([client.token(registrar.username), client.token(reader.username)]);

  const url = databaseUrl();
  const registryPool = new Pool({ connectionString: url, max: 4 });
  const admin = new Client({ connectionString: url });
  await admin.connect();
  for (const { datname } of (
    await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'bench_registry_%'")
  ).rows) {
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  const scratch = `bench_registry_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${scratch}`);
  const scratchUrl = new URL(url);
  scratchUrl.pathname = `/${scratch}`;
  const pool = new Pool({ connectionString: scratchUrl.toString(), max: CONCURRENCY + 2 });
  // A server restart ends idle connections with an 'error' event: the next query says so instead.
  const ignore = () => undefined;
  admin.on('error', ignore);
  pool.on('error', ignore);
  registryPool.on('error', ignore);

  try {
    await ensureEventStoreSchema(pool);
    const store = new PostgresEventStore(pool);
    const bench = new BenchChildren(COUNTY, chinaDateOf(new Date()));
    let nextK = await firstFreeK(registryPool, bench);
    const latencies: number[] = [];
    const refusals = new Map<string, number>();
    let lastRegistered: ReturnType<BenchChildren['registration']> | undefined;
    const register = async (): Promise<number> => {
      const body = bench.registration(nextK++);
      const started = performance.now();
      const answer = await client.call(registrar.username, 'POST', `${registryUrl}/v1/children`, body);
      latencies.push(performance.now() - started);
      if (answer.status === 201) {
        lastRegistered = body;
        return 1;
      }
      const key = `${answer.status} ${codeOf(answer.body) ?? JSON.stringify(answer.body).slice(0, 120)}`;
      refusals.set(key, (refusals.get(key) ?? 0) + 1);
      return 0;
    };
    const listTotal = async () => {
      const answer = await client.call<{ total: number }>(
        reader.username,
        'GET',
        `${registryUrl}/v1/children?jurisdiction=${COUNTY}&pageSize=1`,
      );
      if (answer.status !== 200) throw new Error(`list ${COUNTY}: HTTP ${answer.status} ${codeOf(answer.body)}`);
      return answer.body.total;
    };

    /**
     * The list is a projection that may lag far behind: wait until it shows the last child
     * registered (the projector applies events in order; a look-up by ID number is cheap, a count is not).
     */
    const caughtUp = async () => {
      const last = lastRegistered;
      if (last === undefined) return;
      const waitStarted = performance.now();
      const lookUp = `${registryUrl}/v1/children?jurisdiction=${last.villageCode}&idNumber=${last.idNumber}`;
      let lastReport = waitStarted;
      for (;;) {
        const answer = await client.call<{ total: number }>(reader.username, 'GET', lookUp);
        if (answer.status === 200 && answer.body.total > 0) break;
        if (performance.now() - waitStarted > WAIT_MINUTES * 60_000) {
          process.stderr.write(`the read model has not caught up after BENCH_WAIT_MINUTES=${WAIT_MINUTES}\n`);
          return;
        }
        if (performance.now() - lastReport > 30_000) {
          lastReport = performance.now();
          process.stderr.write(
            `waiting for the read model to catch up with the event store: ${formatDuration(lastReport - waitStarted)}\n`,
          );
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 2000));
      }
      process.stderr.write(`read model caught up in ${formatDuration(performance.now() - waitStarted)}\n`);
    };

    // 1. Registrations over HTTP against raw appends, alternating.
    process.stderr.write(
      `registry benchmark: ${CONCURRENCY} concurrent clients, ${SECONDS}s × ${ROUNDS} rounds; ` +
        `registering as ${registrar.username} in ${COUNTY}, from benchmark child ${fmt(nextK)}\n`,
    );
    const workloads: Record<string, () => Promise<number>> = {
      register_http: register,
      raw_append: async () => {
        await store.append(`child-${randomUUID()}`, [registrationEvent()], 'no_stream');
        return 1;
      },
    };
    const results: Record<string, number[]> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [name, worker] of Object.entries(workloads)) {
        const rate = await throughput(CONCURRENCY, SECONDS, worker);
        (results[name] ??= []).push(rate);
        process.stderr.write(`round ${round}/${ROUNDS}  ${name.padEnd(13)} ${fmt(rate).padStart(7)} /s\n`);
      }
    }
    const registerRate = median(results.register_http);
    const appendRate = median(results.raw_append);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    // 2. Fill the county's read model to LIST_CHILDREN through the same registrations, then query it.
    await caughtUp();
    const before = await listTotal();
    const missing = Math.max(0, LIST_CHILDREN - before);
    if (missing > 0) {
      process.stderr.write(`filling ${COUNTY} from ${fmt(before)} to ${fmt(LIST_CHILDREN)} children (once)\n`);
      let done = 0;
      const progress = new Progress('registering', missing, 'children', () => done);
      let left = missing;
      const deadline = performance.now() + FILL_MINUTES * 60_000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (left-- > 0 && performance.now() < deadline) {
            await register();
            done += 1;
          }
        }),
      );
      progress.finish();
      if (done < missing) {
        process.stderr.write(
          `filling stopped after BENCH_FILL_MINUTES=${FILL_MINUTES}: ${fmt(done)} of ${fmt(missing)} registered; ` +
            `the lists are measured at the size reached\n`,
        );
      }
    }
    await caughtUp();
    const total = await listTotal();

    const listLatencies: number[] = [];
    const pages = Math.max(1, Math.min(500, Math.floor(total / 20)));
    let query = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (query < LIST_QUERIES) {
          const q = query++;
          const tier = LIST_TIERS[q % LIST_TIERS.length];
          const page = 1 + ((q * 7919) % pages);
          const started = performance.now();
          const answer = await client.call(
            reader.username,
            'GET',
            `${registryUrl}/v1/children?jurisdiction=${COUNTY}${tier ? `&tier=${tier}` : ''}&page=${page}`,
          );
          listLatencies.push(performance.now() - started);
          if (answer.status !== 200) throw new Error(`list query: HTTP ${answer.status} ${codeOf(answer.body)}`);
        }
      }),
    );
    const listP50 = percentile(listLatencies, 50);
    const listP99 = percentile(listLatencies, 99);

    const registered = latencies.length - [...refusals.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\nregistry benchmark: PostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, ` +
        `${CONCURRENCY} concurrent clients, ${SECONDS}s × ${ROUNDS} rounds`,
    );
    console.log(`  POST /v1/children (HTTP)     ${fmt(registerRate).padStart(7)} registrations/s`);
    console.log(`  PostgresEventStore.append    ${fmt(appendRate).padStart(7)} appends/s (1 event, new stream)`);
    console.log(`  registration latency         p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
    console.log(
      `  list ${COUNTY} (${fmt(total)} children${total < LIST_CHILDREN ? `, not the ${fmt(LIST_CHILDREN)} asked for` : ''}, ` +
        `${LIST_QUERIES} queries, 4 at a time)  p50 ${listP50.toFixed(1)} ms, p99 ${listP99.toFixed(1)} ms`,
    );
    console.log(`  registrations this run: ${fmt(registered)} accepted, ${fmt(latencies.length - registered)} refused`);
    for (const [what, count] of refusals) console.log(`    ${fmt(count)} × ${what}`);
    console.log(
      `RESULT register_vs_append=${ratio(registerRate, appendRate)} p99_ms=${Math.round(p99)} list_p99_ms=${Math.round(listP99)}`,
    );
  } finally {
    await pool.end();
    await registryPool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(`registry benchmark: ${(error as Error).message}`);
    process.exit(1);
  });
