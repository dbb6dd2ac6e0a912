/**
 * npm run demo:subsidies — a month of payments for the demo population, through the subsidies API
 * as the demo users would: every demo child in a tier that qualifies for the basic living allowance
 * applies (its village officer), the township reviews, the county approves from the first day of
 * last month; a few children with a severe illness claim major-illness costs; then each county runs
 * this month's payments (its county centre opens the run, its checker approves the control totals),
 * exports the bank file and imports the bank's results (a few accounts fail and are re-issued by
 * next month's run). ./platform up runs it after the population (DEMO_DATA=off skips both).
 *
 * Re-runnable: application and claim ids are derived from the child, each step is taken only when
 * the account shows it has not been, and a run that exists is picked up at its status.
 *
 * Settings: DEMO_CHILDREN, DEMO_ANCHOR_DATE (as the population loader), DEMO_CONCURRENCY (8),
 * GATEWAY_URL, SUBSIDIES_URL, DEMO_PASSWORD.
 */
import { createHash } from 'node:crypto';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/gateway/src/users/demo-users';
import { addMonths, chinaDay, monthOf } from '../../apps/subsidies/src/domain';
import { chinaDateOf } from '../../apps/registry/src/domain';
import { children, SHAOXING_CITY } from '@app/auth/jurisdiction';
import { formatDuration } from '@app/projections/progress-bar';
import { actorsFor, VillageActors } from './actors';
import { codeOf, PlatformClient, requireRunning, serviceUrl, sleep } from './http';
import { anchorFor, DemoChild, demoPopulation } from './population';
import { fmt, Progress } from './progress';

const QUALIFYING = new Set(['orphan', 'de-facto-unsupported', 'severe-illness-or-disability', 'family-in-difficulty']);

/** A v4-shaped id derived from the child and a purpose: the same on every run. */
function derivedId(childId: string, purpose: string): string {
  const h = createHash('sha256').update(`${childId}|${purpose}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const hashOf = (text: string) => parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16);

interface Account {
  tier: string;
  status: string;
  applications: { applicationId: string; step: string }[];
  entitlements: { programme: string }[];
  claims: { claimId: string; step: string }[];
}

class SubsidiesLoader {
  readonly failures = new Map<string, number>();
  done = 0;
  entitled = 0;
  claims = 0;
  notYetKnown = 0;

  constructor(
    private readonly client: PlatformClient,
    private readonly url: string,
    private readonly actors: Map<string, VillageActors>,
    private readonly startsOn: string,
    private readonly today: string,
  ) {}

  fail(what: string, status: number, body: unknown): void {
    const key = `${what}: ${status} ${codeOf(body) ?? ''}`.trim();
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
    if (this.failures.get(key) === 1)
      process.stderr.write(`\ndemo subsidies: ${key} ${JSON.stringify(body).slice(0, 300)}\n`);
  }

  /** Waiting for the consumer ends here for everyone: a child whose tier never came is not waited for again. */
  private readonly waitUntil = Date.now() + 180_000;

  /** The account once the registry's facts reached subsidies (the consumer may still be catching up). */
  private async account(child: DemoChild, reader: string): Promise<Account | undefined> {
    for (;;) {
      const answer = await this.client.call<Account>(reader, 'GET', `${this.url}/v1/beneficiaries/${child.childId}`);
      if (answer.status === 200 && answer.body.tier === child.tier) return answer.body;
      if (answer.status !== 200 && answer.status !== 404) {
        this.fail('read account', answer.status, answer.body);
        return undefined;
      }
      if (Date.now() > this.waitUntil) break;
      await sleep(1000);
    }
    this.notYetKnown += 1;
    return undefined;
  }

  async load(child: DemoChild): Promise<void> {
    try {
      const actors = this.actors.get(child.place.village);
      if (!actors?.propose || !actors.review || !actors.approve) return;
      const account = await this.account(child, actors.approve.username);
      if (!account || account.status !== 'active') return;
      if (await this.allowance(child, account, actors)) this.entitled += 1;
      if (child.tier === 'severe-illness-or-disability' && hashOf(child.childId) % 4 === 0) {
        if (await this.claim(child, account, actors)) this.claims += 1;
      }
    } catch (error) {
      this.fail('load', 0, { error: { code: (error as Error).message } });
    } finally {
      this.done += 1;
    }
  }

  private async post(username: string, path: string, body: unknown, what: string): Promise<boolean> {
    const answer = await this.client.call(username, 'POST', `${this.url}${path}`, body);
    if (answer.status === 200 || answer.status === 201) return true;
    this.fail(what, answer.status, answer.body);
    return false;
  }

  private async allowance(child: DemoChild, account: Account, actors: VillageActors): Promise<boolean> {
    if (account.entitlements.some((e) => e.programme === 'basic-living')) return true;
    const applicationId = derivedId(child.childId, 'basic-living');
    const base = `/v1/beneficiaries/${child.childId}/applications`;
    let step = account.applications.find((a) => a.applicationId === applicationId)?.step ?? 'none';
    if (step === 'rejected') return false;
    if (step === 'none') {
      const careSetting = child.tier === 'orphan' && hashOf(child.childId) % 3 === 0 ? 'institution' : 'scattered';
      const body = {
        applicationId,
        programme: 'basic-living',
        careSetting,
        requestedFrom: this.startsOn,
        reason: '演示数据：申请基本生活费',
      };
      if (!(await this.post(actors.propose!.username, base, body, 'apply'))) return false;
      step = 'submitted';
    }
    if (step === 'submitted') {
      const body = { forward: true, reason: '演示数据：材料齐全，同意上报' };
      if (!(await this.post(actors.review!.username, `${base}/${applicationId}/review`, body, 'review'))) return false;
      step = 'reviewed';
    }
    if (step === 'reviewed') {
      const body = { approve: true, reason: '演示数据：符合条件，同意发放' };
      if (!(await this.post(actors.approve!.username, `${base}/${applicationId}/decision`, body, 'approve')))
        return false;
    }
    return true;
  }

  private async claim(child: DemoChild, account: Account, actors: VillageActors): Promise<boolean> {
    const claimId = derivedId(child.childId, 'major-illness-claim');
    const base = `/v1/beneficiaries/${child.childId}/claims`;
    let step = account.claims.find((c) => c.claimId === claimId)?.step ?? 'none';
    if (step === 'approved') return true;
    if (step === 'rejected') return false;
    if (step === 'none') {
      const bill = 20_000_00 + (hashOf(child.childId) % 80) * 1_000_00;
      const body = {
        claimId,
        programme: 'major-illness',
        disease: (['leukaemia', 'congenital-heart-disease', 'cerebral-palsy'] as const)[hashOf(claimId) % 3],
        serviceDate: this.today,
        billFen: bill,
        insurancePaidFen: Math.round(bill * 0.55),
        diagnosis: '演示数据：住院治疗',
        hospital: '绍兴市人民医院',
        reason: '演示数据：大病医疗康复补贴报销',
      };
      if (!(await this.post(actors.propose!.username, base, body, 'claim'))) return false;
      step = 'submitted';
    }
    if (step === 'submitted') {
      const body = { forward: true, reason: '演示数据：票据齐全' };
      if (!(await this.post(actors.review!.username, `${base}/${claimId}/review`, body, 'claim review'))) return false;
    }
    const body = { approve: true, reason: '演示数据：同意报销' };
    return this.post(actors.approve!.username, `${base}/${claimId}/decision`, body, 'claim decision');
  }
}

interface Run {
  status: string;
  controlTotals: { count: number; amountFen: number; amount: string };
}

/** One county's run for the month: open, wait for the control totals, approve (second person), export, bank results. */
async function payCounty(
  client: PlatformClient,
  url: string,
  county: string,
  month: string,
  maker: string,
  checker: string,
): Promise<string> {
  const path = `${url}/v1/payruns/${county}/${month}`;
  let run = await client.call<Run>(maker, 'GET', path);
  if (run.status === 404) {
    const opened = await client.call<Run>(maker, 'POST', `${url}/v1/payruns`, {
      county,
      month,
      reason: '演示数据：月度发放',
    });
    if (opened.status !== 202) return `open refused: ${opened.status} ${codeOf(opened.body)}`;
  }
  for (let waited = 0; ; waited += 500) {
    run = await client.call<Run>(maker, 'GET', path);
    if (run.status === 200 && run.body.status !== 'computing') break;
    if (waited > 300_000) return 'still computing after 5 minutes';
    await sleep(500);
  }
  const totals = run.body.controlTotals;
  if (run.body.status === 'computed') {
    const approved = await client.call(checker, 'POST', `${path}/approval`, {
      count: totals.count,
      amountFen: totals.amountFen,
      reason: '演示数据：控制数核对无误',
    });
    if (approved.status !== 200) return `approval refused: ${approved.status} ${codeOf(approved.body)}`;
  }
  const file = await client.call<string>(maker, 'GET', `${path}/bank-file`);
  if (file.status !== 200 || typeof file.body !== 'string') return `export refused: ${file.status}`;
  // The bank pays all but about one in fifty (a closed account), which next month's run re-issues.
  const results = file.body
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [reference, , , , amount] = line.split(',');
      return hashOf(reference) % 50 === 0 ? `${reference},failed,${amount},账户已销户` : `${reference},paid,${amount}`;
    });
  const token = await client.token(maker);
  const imported = await fetch(`${path}/bank-results?reason=${encodeURIComponent('演示数据：银行回盘')}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', accept: 'application/json' },
    body: `reference,outcome,amount,note\n${results.join('\n')}\n`,
  });
  if (imported.status !== 200) return `bank results refused: ${imported.status}`;
  return `${fmt(totals.count)} payments, ${totals.amount} yuan`;
}

async function main(): Promise<number> {
  const started = performance.now();
  const size = Number(process.env.DEMO_CHILDREN || 5000);
  const concurrency = Number(process.env.DEMO_CONCURRENCY || 8);
  const anchor = process.env.DEMO_ANCHOR_DATE || anchorFor(chinaDateOf(new Date()));
  const gatewayUrl = serviceUrl('gateway', 'GATEWAY_URL');
  const subsidiesUrl = serviceUrl('subsidies', 'SUBSIDIES_URL');
  await requireRunning(
    [
      ['gateway', gatewayUrl],
      ['subsidies', subsidiesUrl],
    ],
    'the loader signs in at the gateway and applies through the subsidies service',
  );
  const today = chinaDay(new Date());
  const month = monthOf(today);
  const startsOn = `${addMonths(month, -1)}-01`;
  const population = demoPopulation({ size, anchor }).filter((child) => QUALIFYING.has(child.tier));
  const villages = [...new Set(population.map((child) => child.place.village))];
  const actors = new Map(villages.map((village) => [village, actorsFor(village, DEMO_USERS)]));
  const client = new PlatformClient(gatewayUrl, process.env.DEMO_PASSWORD || DEMO_PASSWORD);
  const loader = new SubsidiesLoader(client, subsidiesUrl, actors, startsOn, today);

  const progress = new Progress('demo allowances', population.length, 'children', () => loader.done);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < population.length) await loader.load(population[next++]);
    }),
  );
  progress.finish();

  const outcomes: string[] = [];
  for (const county of children(SHAOXING_CITY)) {
    const maker = DEMO_USERS.find(
      (u) => u.role === 'county-centre' && u.jurisdiction === county && !u.username.startsWith('checker.'),
    );
    const checker = DEMO_USERS.find((u) => u.username === `checker.${county}`);
    if (!maker || !checker) {
      outcomes.push(`${county}: no demo county users`);
      continue;
    }
    outcomes.push(
      `${county}: ${await payCounty(client, subsidiesUrl, county, month, maker.username, checker.username)}`,
    );
  }
  const failed = [...loader.failures.values()].reduce((a, b) => a + b, 0);
  const took = formatDuration(performance.now() - started);
  console.log(
    `演示救助：${fmt(loader.entitled)} 名儿童享受基本生活费（自 ${startsOn} 起），${fmt(loader.claims)} 笔大病报销，` +
      `${month} 月发放：${outcomes.join('；')}；失败 ${fmt(failed)}，用时 ${took} / demo subsidies: ` +
      `${fmt(loader.entitled)} children receive the basic living allowance (from ${startsOn}), ${fmt(loader.claims)} ` +
      `major-illness claims; ${month} runs: ${outcomes.join('; ')}; ${fmt(failed)} failed, ${took}`,
  );
  if (loader.notYetKnown)
    process.stderr.write(`  ${fmt(loader.notYetKnown)} children had not reached subsidies yet (run again)\n`);
  for (const [what, count] of loader.failures) process.stderr.write(`  ${fmt(count)} × ${what}\n`);
  return failed || outcomes.some((o) => !/payments/.test(o)) ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`demo subsidies: ${(error as Error).message}`);
    process.exit(1);
  });
