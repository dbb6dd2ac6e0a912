import { randomUUID } from 'node:crypto';
import { DecisionRecord, EventStore, NewEvent, StreamWrite, systemDecision } from '@app/event-store';
import {
  AgeGroup,
  BeneficiaryEvent,
  CareSetting,
  Day,
  Fen,
  Month,
  PROGRAMMES,
  subsidyStream,
  ZHEJIANG_DEFAULT_RATES,
} from '../domain';

/**
 * Seeds subsidy accounts straight into the event store, as the registry reactions and an approved
 * application would have left them: ChildRecorded + TierRecorded (by the system actor that records
 * registry facts) and EntitlementStarted for the basic living allowance (by a county-centre user),
 * with full envelopes and decision records, written with `appendMany` in big batches. For tests and
 * benchmarks of payment runs (apps/subsidies/src/payruns/payrun-crash.e2e.spec.ts,
 * scripts/bench/payrun.bench.ts); nothing here runs in the service.
 */

export interface SeedOptions {
  /** The county (6 digits) every account lives in. */
  county: string;
  count: number;
  /** The month the accounts are meant to be paid for: entitlements start in it (see `startsOn`). */
  month: Month;
  /** Accounts per atomic `appendMany` (3 events each). */
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /**
   * The entitlement's first day for account k; default: the month's first day, except every tenth
   * account, which starts on the 16th (a prorated month).
   */
  startsOn?: (k: number) => Day;
  /** After every batch: accounts written so far. */
  onProgress?: (done: number) => void;
}

export interface SeededAccount {
  childId: string;
  tier: string;
  careSetting: CareSetting;
  rateKey: string;
  startsOn: Day;
}

/** Tiers that qualify for the basic living allowance, with the care settings their default rates know. */
const TIER_MIX: { tier: string; careSetting: CareSetting }[] = [
  { tier: 'orphan', careSetting: 'scattered' },
  { tier: 'orphan', careSetting: 'institution' },
  { tier: 'de-facto-unsupported', careSetting: 'scattered' },
  { tier: 'severe-illness-or-disability', careSetting: 'scattered' },
  { tier: 'severe-illness-or-disability', careSetting: 'institution' },
  { tier: 'family-in-difficulty', careSetting: 'scattered' },
  { tier: 'de-facto-unsupported', careSetting: 'institution' },
];
const AGE_GROUPS: AgeGroup[] = ['0-5', '6-11', '12-17'];
const POLICY = PROGRAMMES['basic-living'].policy;

const factsDecision = (county: string): DecisionRecord =>
  systemDecision('subsidies-registry-facts', {
    agency: 'civil-affairs',
    jurisdiction: county,
    reason: '测试数据：登记系统事实 / seeded registry facts',
    policy: POLICY,
  });

const approverDecision = (county: string): DecisionRecord => ({
  actorId: 'u-seed-county-approver',
  role: 'county-centre',
  agency: 'civil-affairs',
  jurisdiction: county,
  reason: '测试数据：审批通过，开始发放 / seeded approval',
  policy: POLICY,
});

/** The account k of a seeding: its tier, care setting and start day (deterministic in k). */
export function seededAccount(k: number, month: Month, startsOn?: (k: number) => Day): Omit<SeededAccount, 'childId'> {
  const { tier, careSetting } = TIER_MIX[k % TIER_MIX.length];
  return {
    tier,
    careSetting,
    rateKey: `${tier}/${careSetting}`,
    startsOn: startsOn?.(k) ?? (k % 10 === 9 ? `${month}-16` : `${month}-01`),
  };
}

function accountEvents(account: SeededAccount, county: string, k: number, now: Date): NewEvent[] {
  const village = `${county}${String(1 + (k % 9)).padStart(3, '0')}${String(1 + (k % 17)).padStart(3, '0')}`;
  const facts: BeneficiaryEvent[] = [
    {
      type: 'ChildRecorded',
      data: {
        childId: account.childId,
        village,
        county,
        ageGroup: AGE_GROUPS[k % AGE_GROUPS.length],
        registeredOn: '2024-01-15',
      },
    },
    { type: 'TierRecorded', data: { tier: account.tier, effectiveFrom: '2024-01-15' } },
  ];
  const applicationId = randomUUID();
  const started: BeneficiaryEvent = {
    type: 'EntitlementStarted',
    data: {
      entitlementId: randomUUID(),
      programme: 'basic-living',
      startsOn: account.startsOn,
      rateKey: account.rateKey,
      county,
      careSetting: account.careSetting,
      source: { applicationId },
    },
  };
  const factsCorrelation = randomUUID();
  const approvalCorrelation = randomUUID();
  const envelope = (event: BeneficiaryEvent, decision: DecisionRecord, correlationId: string): NewEvent => ({
    id: randomUUID(),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    occurredAt: now,
    metadata: { correlationId, causationId: correlationId, decision },
  });
  return [
    envelope(facts[0], factsDecision(county), factsCorrelation),
    envelope(facts[1], factsDecision(county), factsCorrelation),
    envelope(started, approverDecision(county), approvalCorrelation),
  ];
}

/** Writes `count` fresh accounts; returns them in the order written. */
export async function seedAccounts(store: EventStore, options: SeedOptions): Promise<SeededAccount[]> {
  const batchSize = options.batchSize ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  const now = new Date();
  const accounts: SeededAccount[] = [];
  for (let k = 0; k < options.count; k++)
    accounts.push({ childId: randomUUID(), ...seededAccount(k, options.month, options.startsOn) });
  let next = 0;
  let done = 0;
  const lane = async () => {
    for (;;) {
      const from = next;
      if (from >= accounts.length) return;
      next = Math.min(from + batchSize, accounts.length);
      const writes: StreamWrite[] = [];
      for (let k = from; k < next; k++)
        writes.push({
          streamId: subsidyStream(accounts[k].childId),
          events: accountEvents(accounts[k], options.county, k, now),
          expected: 'no_stream',
        });
      await store.appendMany(writes);
      done += writes.length;
      options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return accounts;
}

/**
 * What a run for `month` owes a seeded account under the default rate table (version 1, in force
 * since 2024-01): the month's rate, by days when the entitlement starts within the month. Written
 * out here rather than taken from the domain's schedule, so a test checks the run against it.
 */
export function expectedAmount(account: SeededAccount, month: Month): Fen {
  const rate = ZHEJIANG_DEFAULT_RATES['basic-living'].amounts[account.rateKey];
  if (rate === undefined) throw new Error(`no default rate for ${account.rateKey}`);
  if (account.startsOn.slice(0, 7) < month) throw new Error('expectedAmount covers entitlements starting in the month');
  const [year, monthNumber] = month.split('-').map(Number);
  const total = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const days = total - Number(account.startsOn.slice(8, 10)) + 1;
  // Rounded half up to the fen.
  return days === total ? rate : Math.floor((rate * days) / total + 0.5);
}
