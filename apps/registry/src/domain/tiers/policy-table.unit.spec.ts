import { unmetEligibilityHints } from './eligibility';
import { findTier, missingEvidence, PolicyTable, policyTableProblems, tiersInForce } from './policy-table';
import { ZHEJIANG_DEFAULT_TIERS } from './zhejiang-defaults';

const codes = (table: PolicyTable, date: string) => tiersInForce(table, date).map((tier) => tier.code);

describe("Zhejiang's default protection tiers", () => {
  it('is a sound table: one universal tier, known evidence kinds, no overlapping versions', () => {
    expect(policyTableProblems(ZHEJIANG_DEFAULT_TIERS)).toEqual([]);
  });

  it('has every tier the plan names, each with names in both languages and a policy reference', () => {
    expect(codes(ZHEJIANG_DEFAULT_TIERS, '2026-01-01')).toEqual([
      'orphan',
      'de-facto-unsupported',
      'severe-illness-or-disability',
      'family-in-difficulty',
      'left-behind',
      'migrant',
      'universal',
    ]);
    for (const tier of ZHEJIANG_DEFAULT_TIERS.tiers) {
      expect(tier.name.zh).toMatch(/儿/);
      expect(tier.name.en).not.toBe('');
      expect(tier.policyReference).toMatch(/〔\d{4}〕\d+号/);
    }
  });

  it('offers only the tiers in force on the day: de facto unsupported from 2020, left-behind from February 2016', () => {
    expect(codes(ZHEJIANG_DEFAULT_TIERS, '2014-09-30')).toEqual([]);
    expect(codes(ZHEJIANG_DEFAULT_TIERS, '2015-06-01')).toEqual([
      'orphan',
      'severe-illness-or-disability',
      'family-in-difficulty',
      'migrant',
      'universal',
    ]);
    expect(codes(ZHEJIANG_DEFAULT_TIERS, '2016-02-04')).toContain('left-behind');
    expect(codes(ZHEJIANG_DEFAULT_TIERS, '2019-12-31')).not.toContain('de-facto-unsupported');
    expect(codes(ZHEJIANG_DEFAULT_TIERS, '2020-01-01')).toContain('de-facto-unsupported');
  });

  it('finds the version of a tier in force on a date, and none outside its period', () => {
    const redefined: PolicyTable = {
      ...ZHEJIANG_DEFAULT_TIERS,
      tiers: [
        ...ZHEJIANG_DEFAULT_TIERS.tiers.filter((tier) => tier.code !== 'migrant'),
        { ...findTier(ZHEJIANG_DEFAULT_TIERS, 'migrant', '2020-01-01')!, effectiveTo: '2022-12-31' },
        {
          ...findTier(ZHEJIANG_DEFAULT_TIERS, 'migrant', '2020-01-01')!,
          effectiveFrom: '2023-01-01',
          policyReference: '浙民儿〔2022〕99号',
        },
      ],
    };
    expect(policyTableProblems(redefined)).toEqual([]);
    expect(findTier(redefined, 'migrant', '2022-12-31')?.policyReference).toBe('绍政办发〔2013〕66号');
    expect(findTier(redefined, 'migrant', '2023-01-01')?.policyReference).toBe('浙民儿〔2022〕99号');
    expect(findTier(redefined, 'orphan', '2014-09-30')).toBeUndefined();
    expect(findTier(redefined, 'no-such-tier', '2023-01-01')).toBeUndefined();
  });

  it('reports a table whose versions overlap, whose evidence kinds are unknown or with no universal tier', () => {
    const orphan = findTier(ZHEJIANG_DEFAULT_TIERS, 'orphan', '2020-01-01')!;
    const broken: PolicyTable = {
      ...ZHEJIANG_DEFAULT_TIERS,
      tiers: [orphan, { ...orphan, effectiveFrom: '2020-01-01', evidenceRequired: [{ anyOf: ['horoscope'] }] }],
    };
    expect(policyTableProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/overlaps another version of orphan/),
        expect.stringMatching(/unknown evidence kind horoscope/),
        expect.stringMatching(/no universal tier/),
        'exactly one universal tier code expected',
      ]),
    );
  });

  it('asks an orphan proposal for the household register and a death certificate, a court declaration or a foundling record', () => {
    const orphan = findTier(ZHEJIANG_DEFAULT_TIERS, 'orphan', '2026-01-01')!;
    expect(missingEvidence(orphan, ['household-register', 'declaration-of-missing'])).toEqual([]);
    expect(missingEvidence(orphan, ['household-register'])).toEqual([
      { anyOf: ['death-certificate', 'declaration-of-missing', 'foundling-record'] },
    ]);
  });
});

describe('eligibility hints: what the records should show', () => {
  const facts = {
    birthDate: '2015-03-01',
    householdRegistrationRegion: '330602',
    residenceCounty: '330602',
    on: '2026-03-15',
  };
  const tier = (code: string) => findTier(ZHEJIANG_DEFAULT_TIERS, code, '2026-03-15')!;
  const unmet = (
    code: string,
    guardians: {
      relation: 'father' | 'mother';
      situations: ('dead' | 'missing' | 'imprisoned' | 'working-away' | 'low-income-family')[];
    }[],
    extra = {},
  ) => unmetEligibilityHints(tier(code), { ...facts, guardians, ...extra }).map((hint) => hint.id);

  it('an orphan: both parents dead or missing', () => {
    expect(
      unmet('orphan', [
        { relation: 'father', situations: ['dead'] },
        { relation: 'mother', situations: ['missing'] },
      ]),
    ).toEqual([]);
    expect(unmet('orphan', [{ relation: 'father', situations: ['dead'] }])).toEqual([
      'orphan.both-parents-dead-or-missing',
    ]);
    expect(
      unmet('orphan', [
        { relation: 'father', situations: ['dead'] },
        { relation: 'mother', situations: ['imprisoned'] },
      ]),
    ).toEqual(['orphan.both-parents-dead-or-missing']);
  });

  it('de facto unsupported: one parent dead and the other imprisoned fits; both dead is an orphan instead', () => {
    expect(
      unmet('de-facto-unsupported', [
        { relation: 'father', situations: ['dead'] },
        { relation: 'mother', situations: ['imprisoned'] },
      ]),
    ).toEqual([]);
    expect(
      unmet('de-facto-unsupported', [
        { relation: 'father', situations: ['dead'] },
        { relation: 'mother', situations: ['dead'] },
      ]),
    ).toEqual(['de-facto-unsupported.parents-unable-to-care']);
  });

  it('left-behind: parents away and the child under 16', () => {
    const away = [
      { relation: 'father' as const, situations: ['working-away' as const] },
      { relation: 'mother' as const, situations: ['working-away' as const] },
    ];
    expect(unmet('left-behind', away)).toEqual([]);
    expect(unmet('left-behind', away, { birthDate: '2009-03-01' })).toEqual(['left-behind.under-16']);
  });

  it('a family in difficulty: a 低保 or 低边 household; migrant: household registered outside the city', () => {
    expect(unmet('family-in-difficulty', [{ relation: 'mother', situations: ['low-income-family'] }])).toEqual([]);
    expect(unmet('family-in-difficulty', [])).toEqual(['family-in-difficulty.low-income-household']);
    expect(unmet('migrant', [], { householdRegistrationRegion: '511623' })).toEqual([]);
    expect(unmet('migrant', [], { householdRegistrationRegion: '330681' })).toEqual(['migrant.registered-elsewhere']);
  });
});
