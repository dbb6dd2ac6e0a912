/**
 * npm run demo:load — loads the demo population into the running platform through the real
 * commands, as the demo users would: each file registered by its village's officer, each tier
 * proposed with its evidence by that officer (after recording the parents' situations), forwarded
 * by the township supervisor and approved by the county centre, over HTTP with tokens from the
 * gateway's sign-in. ./platform up runs it once the services are healthy (DEMO_DATA=off skips it).
 *
 * Re-runnable: the ids are deterministic, so what exists is found in the registry's list (the
 * children already in their tier, then every other child by ID number or name) and skipped, and a
 * run that stopped half-way resumes each file at the step it reached (a repeated registration with
 * the same id would be a no-op too). Places whose demo users the gateway lacks are reported: their
 * children keep the universal tier, and the run that finds the users classifies them.
 *
 * Settings: DEMO_CHILDREN (5000), DEMO_CONCURRENCY (8), DEMO_ANCHOR_DATE (1 January of this year in
 * China: birth dates fall in the 17 years before it), GATEWAY_URL, REGISTRY_URL, DEMO_PASSWORD, and
 * DEMO_USERS_FILE (a JSON list of {username, role, agency, jurisdiction} to act as instead of the
 * gateway's seeded demo users, for a gateway with other users).
 */
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/gateway/src/users/demo-users';
import { chinaDateOf, isCalendarDate } from '../../apps/registry/src/domain';
import { actorsFor, DemoUserLike, missingUsers, VillageActors } from './actors';
import { codeOf, HttpFailure, PlatformClient, requireRunning, serviceUrl } from './http';
import { anchorFor, DemoChild, demoPopulation, DemoTier, TIER_MIX } from './population';
import { fmt, Progress } from './progress';
import { formatDuration } from '@app/projections/progress-bar';

const READ_PURPOSE = '演示数据装载：续跑时核对档案进度';

interface ListedFile {
  childId: string;
  tier: string;
  status: string;
  pendingStep: string | null;
  revision: number;
}

type Registration = 'new' | 'existing' | 'failed';
type Classification = 'approved' | 'already' | 'waiting-for-users' | 'none' | 'failed' | 'not-active';

interface Tally {
  registration: Record<Registration, number>;
  classification: Record<Classification, number>;
  reachedByTier: Record<string, number>;
  failures: Map<string, number>;
  waitingVillages: Set<string>;
  done: number;
}

function intSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

const etagRevision = (etag: string | undefined): number | undefined => {
  const match = /^"(\d+)"$/.exec(etag ?? '');
  return match ? Number(match[1]) : undefined;
};

class Loader {
  readonly tally: Tally = {
    registration: { new: 0, existing: 0, failed: 0 },
    classification: { approved: 0, already: 0, 'waiting-for-users': 0, none: 0, failed: 0, 'not-active': 0 },
    reachedByTier: {},
    failures: new Map(),
    waitingVillages: new Set(),
    done: 0,
  };
  private readonly today = chinaDateOf(new Date());

  constructor(
    private readonly client: PlatformClient,
    private readonly registryUrl: string,
    private readonly actors: Map<string, VillageActors>,
  ) {}

  private fail(what: string, status: number, body: unknown): void {
    const key = `${what}: ${status} ${codeOf(body) ?? ''}`.trim();
    this.tally.failures.set(key, (this.tally.failures.get(key) ?? 0) + 1);
    if (this.tally.failures.get(key) === 1) {
      process.stderr.write(`\ndemo data: ${key} ${JSON.stringify(body).slice(0, 300)}\n`);
    }
  }

  /**
   * What the registry's list already holds: the children already in their tier, county by county
   * and tier by tier (cheap: the read model filters on the tier), and whether an earlier run got
   * this far at all (is the first child there?). When it did, every other child is looked up
   * before it is registered, so a resumed file continues at its step and the summary can tell
   * new files from existing ones.
   */
  async existing(population: DemoChild[]): Promise<{ files: Map<string, ListedFile>; resume: boolean }> {
    const files = new Map<string, ListedFile>();
    const counties = new Map<string, string>();
    for (const child of population) {
      const reader = this.actors.get(child.place.village)?.read;
      if (reader && !counties.has(child.place.county)) counties.set(child.place.county, reader.username);
    }
    const tiers = [...new Set(population.map((child) => child.classification?.tierCode).filter(Boolean))];
    await Promise.all(
      [...counties].flatMap(([county, reader]) =>
        tiers.map(async (tier) => {
          for (let page = 1; page <= 10_000; page++) {
            const answer = await this.client.call<{ total: number; items: ListedFile[] }>(
              reader,
              'GET',
              `${this.registryUrl}/v1/children?jurisdiction=${county}&tier=${tier}&pageSize=100&page=${page}`,
            );
            if (answer.status !== 200) throw new HttpFailure(answer.status, codeOf(answer.body), answer.body, 'list');
            for (const item of answer.body.items) files.set(item.childId, item);
            if (page * 100 >= answer.body.total) return;
          }
        }),
      ),
    );
    const resume = files.size > 0 || (population.length > 0 && (await this.lookUp(population[0])) !== undefined);
    return { files, resume };
  }

  /** One child's file, found by ID number (or name) within its village: both are keyed-hash matches. */
  private async lookUp(child: DemoChild): Promise<ListedFile | undefined> {
    const reader = this.actors.get(child.place.village)?.read;
    if (!reader) return undefined;
    const key = child.idNumber ? `idNumber=${child.idNumber}` : `name=${encodeURIComponent(child.name)}`;
    const answer = await this.client.call<{ items: ListedFile[] }>(
      reader.username,
      'GET',
      `${this.registryUrl}/v1/children?jurisdiction=${child.place.village}&${key}&pageSize=100`,
    );
    if (answer.status !== 200) throw new HttpFailure(answer.status, codeOf(answer.body), answer.body, 'look up');
    return answer.body.items.find((item) => item.childId === child.childId);
  }

  async load(child: DemoChild, listed: ListedFile | undefined, resume: boolean): Promise<void> {
    let registered = false;
    try {
      const file = listed ?? (resume ? await this.lookUp(child) : undefined);
      const revision = file ? file.revision : await this.register(child);
      this.tally.registration[file ? 'existing' : revision === undefined ? 'failed' : 'new'] += 1;
      registered = true;
      if (revision === undefined) return;
      const outcome = await this.classify(child, revision, file);
      this.tally.classification[outcome] += 1;
      if (outcome === 'approved' || outcome === 'already') {
        this.tally.reachedByTier[child.tier] = (this.tally.reachedByTier[child.tier] ?? 0) + 1;
      }
    } catch (error) {
      // Not an answer but a failure to get one (after retries): counted, and the run goes on.
      this.tally[registered ? 'classification' : 'registration'].failed += 1;
      this.fail(registered ? 'classify' : 'register', 0, { error: { code: (error as Error).message } });
    } finally {
      this.tally.done += 1;
    }
  }

  /** Registers the child; the file's revision, or undefined when refused. */
  private async register(child: DemoChild): Promise<number | undefined> {
    const user = this.actors.get(child.place.village)?.register;
    if (!user) {
      this.fail(`register in ${child.place.village}`, 0, { error: { code: 'DEMO.NO_USER_MAY_REGISTER' } });
      return undefined;
    }
    const answer = await this.client.call(user.username, 'POST', `${this.registryUrl}/v1/children`, {
      childId: child.childId,
      name: child.name,
      ...(child.idNumber ? { idNumber: child.idNumber } : { registryNumber: child.registryNumber }),
      birthDate: child.birthDate,
      sex: child.sex,
      householdRegistrationRegion: child.householdRegistrationRegion,
      villageCode: child.place.village,
      address: child.address,
      reason: child.registerReason,
    });
    if (answer.status !== 201) {
      this.fail('register', answer.status, answer.body);
      return undefined;
    }
    return etagRevision(answer.etag) ?? 0;
  }

  /**
   * The tier's workflow from wherever the file stands: parents' situations, proposal, review,
   * approval. Each call carries If-Match; a 412 (the file moved on since the list was read, or a
   * repeated registration of a file that had gone further) re-reads the file and resumes.
   */
  private async classify(child: DemoChild, revision: number, listed: ListedFile | undefined): Promise<Classification> {
    const plan = child.classification;
    if (!plan) return 'none';
    if (listed && listed.status !== 'active') return 'not-active';
    if (listed?.tier === plan.tierCode) return 'already';
    const actors = this.actors.get(child.place.village)!;
    if (!actors.propose || !actors.review || !actors.approve) {
      this.tally.waitingVillages.add(child.place.village);
      return 'waiting-for-users';
    }
    const base = `${this.registryUrl}/v1/children/${child.childId}`;
    let step: 'start' | 'proposed' | 'forwarded' | 'approved' =
      listed?.pendingStep === 'proposed' || listed?.pendingStep === 'forwarded' ? listed.pendingStep : 'start';
    let current = revision;
    for (let resyncs = 0; ;) {
      let answer: { status: number; etag?: string; body: unknown } | undefined;
      const send = async (username: string, path: string, body: unknown) => {
        answer = await this.client.call(username, 'POST', `${base}${path}`, body, { 'if-match': `"${current}"` });
        if (answer.status === 200) current = etagRevision(answer.etag) ?? current;
        return answer.status === 200;
      };
      let ok = true;
      if (step === 'start') {
        for (const guardian of child.guardians) {
          ok = await send(actors.propose.username, '/guardians', {
            guardianId: guardian.guardianId,
            relation: guardian.relation,
            situations: guardian.situations,
            guardianName: guardian.name,
            reason: guardian.reason,
          });
          if (!ok) break;
        }
        if (ok) {
          ok = await send(actors.propose.username, '/classification/proposals', {
            proposalId: plan.proposalId,
            tierCode: plan.tierCode,
            evidence: plan.evidence,
            reason: plan.proposeReason,
          });
        }
        if (ok) step = 'proposed';
      }
      if (ok && step === 'proposed') {
        ok = await send(actors.review.username, `/classification/proposals/${plan.proposalId}/review`, {
          outcome: 'forward',
          reason: plan.reviewReason,
        });
        if (ok) step = 'forwarded';
      }
      if (ok && step === 'forwarded') {
        ok = await send(actors.approve.username, `/classification/proposals/${plan.proposalId}/decision`, {
          outcome: 'approve',
          effectiveFrom: this.today,
          reason: plan.approveReason,
        });
        if (ok) return 'approved';
      }
      const failed = answer!;
      if (failed.status !== 412 || ++resyncs > 2) {
        this.fail(`classify (${step})`, failed.status, failed.body);
        return 'failed';
      }
      const resumed = await this.resume(child, actors.propose.username);
      if (resumed === undefined) return 'failed';
      if (resumed.step === 'approved') return 'already';
      ({ step, revision: current } = resumed);
    }
  }

  /** Reads the file (the read is recorded, with its purpose) to find the step the workflow reached. */
  private async resume(
    child: DemoChild,
    username: string,
  ): Promise<{ step: 'start' | 'proposed' | 'forwarded' | 'approved'; revision: number } | undefined> {
    const plan = child.classification!;
    const answer = await this.client.call<{
      revision: number;
      pendingClassification: { proposalId: string; step: 'proposed' | 'forwarded' } | null;
      settledProposals: Record<string, string>;
      tierHistory: { protectionTierCode: string | null }[];
    }>(username, 'GET', `${this.registryUrl}/v1/children/${child.childId}?purpose=${encodeURIComponent(READ_PURPOSE)}`);
    if (answer.status !== 200) {
      this.fail('re-read the file', answer.status, answer.body);
      return undefined;
    }
    const file = answer.body;
    const revision = file.revision;
    if (file.settledProposals?.[plan.proposalId] === 'approved') return { step: 'approved', revision };
    if (file.tierHistory?.at(-1)?.protectionTierCode === plan.tierCode) return { step: 'approved', revision };
    const pending = file.pendingClassification;
    if (pending && pending.proposalId === plan.proposalId) return { step: pending.step, revision };
    if (pending || file.settledProposals?.[plan.proposalId]) {
      this.fail('resume', 409, { error: { code: 'DEMO.FILE_TAKEN_ANOTHER_WAY', proposal: pending ?? null } });
      return undefined;
    }
    return { step: 'start', revision };
  }

  /** Waits (up to a minute) until the list shows the tiers reached: the read model follows the event store. */
  async readModelCaughtUp(expected: Record<string, number>, reader: string | undefined): Promise<boolean> {
    if (!reader) return false;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const totals = await Promise.all(
        Object.entries(expected).map(async ([tier, count]) => {
          const answer = await this.client.call<{ total: number }>(
            reader,
            'GET',
            `${this.registryUrl}/v1/children?tier=${tier}&pageSize=1`,
          );
          return answer.status === 200 && answer.body.total >= count;
        }),
      );
      if (totals.every(Boolean)) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const size = intSetting('DEMO_CHILDREN', 5000, 1, 200_000);
  const concurrency = intSetting('DEMO_CONCURRENCY', 8, 1, 64);
  const anchor = process.env.DEMO_ANCHOR_DATE || anchorFor(chinaDateOf(new Date()));
  if (!isCalendarDate(anchor)) throw new Error(`DEMO_ANCHOR_DATE must be a date YYYY-MM-DD, got ${anchor}`);
  const gatewayUrl = serviceUrl('gateway', 'GATEWAY_URL');
  const registryUrl = serviceUrl('registry', 'REGISTRY_URL');
  await requireRunning(
    [
      ['gateway', gatewayUrl],
      ['registry', registryUrl],
    ],
    'the loader signs in at the gateway and registers through the registry',
  );

  const users: readonly DemoUserLike[] = process.env.DEMO_USERS_FILE
    ? (JSON.parse(readFileSync(process.env.DEMO_USERS_FILE, 'utf8')) as DemoUserLike[])
    : DEMO_USERS;
  const population = demoPopulation({ size, anchor });
  const villages = [...new Set(population.map((child) => child.place.village))].sort();
  const actors = new Map(villages.map((village) => [village, actorsFor(village, users)]));
  const client = new PlatformClient(gatewayUrl, process.env.DEMO_PASSWORD || DEMO_PASSWORD);
  // Users sign in when first needed; one sign-in now, so a gateway that refuses says so at once.
  const firstUser = [...actors.values()].map((a) => a.read ?? a.register).find(Boolean);
  if (firstUser) await client.token(firstUser.username);

  const loader = new Loader(client, registryUrl, actors);
  const { files, resume } = await loader.existing(population);
  process.stderr.write(
    `demo population: ${fmt(size)} children in ${villages.length} villages, born in the 17 years before ${anchor}; ` +
      `listed in ${formatDuration(performance.now() - started)}; ` +
      (resume
        ? `an earlier run was here (${fmt(files.size)} children already in their tier): the others are looked up first\n`
        : 'nothing loaded yet\n'),
  );
  const progress = new Progress('demo population', population.length, 'children', () => loader.tally.done);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < population.length) {
        const child = population[next++];
        await loader.load(child, files.get(child.childId), resume);
      }
    }),
  );
  progress.finish();

  const { tally } = loader;
  const planned: Partial<Record<DemoTier, number>> = {};
  for (const child of population) planned[child.tier] = (planned[child.tier] ?? 0) + 1;
  process.stderr.write(
    'tiers planned → reached: ' +
      (Object.keys(TIER_MIX) as DemoTier[])
        .map((tier) => `${tier} ${fmt(planned[tier] ?? 0)}→${fmt(tally.reachedByTier[tier] ?? 0)}`)
        .join(', ') +
      `; universal only ${fmt(planned.universal ?? 0)}\n`,
  );
  const waiting = tally.classification['waiting-for-users'];
  if (waiting) {
    const missing = missingUsers(villages, users);
    const byRole = new Map<string, string[]>();
    for (const line of missing) {
      const [role, code] = line.split(/\s+/);
      byRole.set(role, [...(byRole.get(role) ?? []), code]);
    }
    process.stderr.write(
      `${fmt(waiting)} children in ${tally.waitingVillages.size} villages keep the universal tier until the gateway ` +
        `has demo users for their places (a later run classifies them). Missing:\n` +
        [...byRole].map(([role, codes]) => `  ${role} (${codes.length}): ${codes.join(' ')}\n`).join(''),
    );
  }
  const caughtUp = await loader.readModelCaughtUp(tally.reachedByTier, cityReader(actors));
  const reached = Object.values(tally.reachedByTier).reduce((a, b) => a + b, 0);
  const failed = tally.registration.failed + tally.classification.failed;
  const took = formatDuration(performance.now() - started);
  const { new: created, existing } = tally.registration;
  console.log(
    `演示数据：${fmt(size)} 名儿童（新建 ${fmt(created)}，已有 ${fmt(existing)}），分类保障 ${fmt(reached)} 名` +
      `（本次审批 ${fmt(tally.classification.approved)}，待补演示用户 ${fmt(waiting)}），失败 ${fmt(failed)}，用时 ${took}` +
      `${caughtUp ? '' : '，列表仍在更新'} / demo population: ${fmt(size)} children (${fmt(created)} new, ` +
      `${fmt(existing)} already there), ${fmt(reached)} in a protection tier (${fmt(tally.classification.approved)} ` +
      `approved now, ${fmt(waiting)} waiting for demo users), ${fmt(failed)} failed, ${took}` +
      `${caughtUp ? '' : '; the list is still catching up'}`,
  );
  for (const [what, count] of tally.failures) process.stderr.write(`  ${fmt(count)} × ${what}\n`);
  return failed ? 1 : 0;
}

/** A reader over the whole city, for the read model's tier totals. */
function cityReader(actors: Map<string, VillageActors>): string | undefined {
  for (const { read } of actors.values()) if (read && read.jurisdiction.endsWith('00')) return read.username;
  return undefined;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`demo population: ${(error as Error).message}`);
    process.exit(1);
  });
