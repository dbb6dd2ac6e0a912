import { CommandMetadata } from '../decider';
import { BeneficiaryCommand } from '../beneficiary/commands';
import { decide } from '../beneficiary/decide';
import { BeneficiaryEvent } from '../beneficiary/events';
import { Beneficiary, evolve, initialBeneficiary } from '../beneficiary/state';
import { emptyRateTable, RateTable, Rates } from '../rates';
import { ZHEJIANG_DEFAULT_RATES } from '../zhejiang-rates';
import { ProgrammeCode } from '../programmes';

export const CHILD = '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f';
export const VILLAGE = '330602001001';
export const COUNTY = '330602';

export const people = {
  village: 'u-village',
  township: 'u-township',
  county: 'u-county',
  countyChecker: 'u-county-2',
  system: 'system:registry-facts',
};

export function meta(actorId: string, now = '2026-11-28T02:00:00Z'): CommandMetadata {
  return {
    decision: {
      actorId,
      role: actorId.startsWith('system') ? 'system' : 'county-centre',
      agency: 'civil-affairs',
      jurisdiction: COUNTY,
      reason: 'test',
      policy: '浙民儿〔2014〕87号',
    },
    now: new Date(now),
  };
}

/** Version 1 of every default table. */
export function defaultRates(): Rates {
  const rates: Rates = {};
  for (const [programme, v] of Object.entries(ZHEJIANG_DEFAULT_RATES)) {
    const table: RateTable = emptyRateTable(programme as ProgrammeCode);
    table.versions.push({ ...v, version: 1, retroactive: false });
    rates[programme as ProgrammeCode] = table;
  }
  return rates;
}

/** An account built by applying events as given by `who` (maker/checker need actors). */
export function given(events: [BeneficiaryEvent, string?][]): Beneficiary {
  return events.reduce(
    (s, [event, actorId]) => evolve(s, { event, actorId: actorId ?? people.system }),
    initialBeneficiary(),
  );
}

/** Decides and folds, so a test can go on from the new state. */
export function when(state: Beneficiary, command: BeneficiaryCommand, rates = defaultRates()) {
  const events = decide(command, state, rates);
  const next = events.reduce((s, event) => evolve(s, { event, actorId: command.metadata.decision.actorId }), state);
  return { events, state: next };
}

export const recorded = (tier = 'orphan', registeredOn = '2025-01-10'): [BeneficiaryEvent, string?][] => [
  [
    {
      type: 'ChildRecorded',
      data: { childId: CHILD, village: VILLAGE, county: COUNTY, ageGroup: '6-11', registeredOn },
    },
  ],
  [{ type: 'TierRecorded', data: { tier, effectiveFrom: registeredOn } }],
];

/** A child with a basic living allowance from `startsOn`, scattered care. */
export const entitled = (startsOn: string, tier = 'orphan'): [BeneficiaryEvent, string?][] => [
  ...recorded(tier),
  [
    {
      type: 'EntitlementStarted',
      data: {
        entitlementId: 'e-1',
        programme: 'basic-living',
        startsOn,
        rateKey: `${tier}/scattered`,
        county: COUNTY,
        careSetting: 'scattered',
        source: { applicationId: 'a-1' },
      },
    },
  ],
];
