import { decideIndexation, monthlyAmount, RateTable, versionInForce } from './rates';
import { defaultRates, meta, people } from './testing/fixtures';

const basic = () => defaultRates()['basic-living'] as RateTable;
const index = (
  table: RateTable,
  rule: Parameters<typeof decideIndexation>[0]['data']['rule'],
  effectiveFrom = '2027-01',
) => {
  const [event] = decideIndexation(
    { type: 'IndexRates', data: { programme: 'basic-living', effectiveFrom, rule }, metadata: meta(people.county) },
    table,
  );
  table.versions.push(event.data);
  return event.data;
};

describe('rates: effective-dated versions and the natural growth mechanism', () => {
  it('an annual percentage makes a new version from the effective month, rounded to the yuan', () => {
    const table = basic();
    const v2 = index(table, { kind: 'annual-percent', percent: 5 });
    expect(v2).toMatchObject({ version: 2, effectiveFrom: '2027-01', retroactive: false });
    expect(v2.amounts['orphan/scattered']).toBe(2_193_00); // 2,089 × 1.05 = 2,193.45 → 2,193
    expect(monthlyAmount(table, 'orphan/scattered', '2026-12')?.amount).toBe(2_089_00);
    expect(monthlyAmount(table, 'orphan/scattered', '2027-01')).toEqual({ amount: 2_193_00, version: 2 });
  });

  it('a share of a published base figure sets the named keys and keeps the others', () => {
    const table = basic();
    const v2 = index(table, {
      kind: 'share-of-base',
      baseName: '上年度绍兴市城镇居民人均消费支出',
      baseAnnualFen: 48_000_00,
      sharesBasisPoints: { 'orphan/institution': 7_000, 'orphan/scattered': 5_500 },
    });
    expect(v2.amounts['orphan/institution']).toBe(2_800_00); // 48,000 × 70% / 12
    expect(v2.amounts['orphan/scattered']).toBe(2_200_00);
    expect(v2.amounts['family-in-difficulty/scattered']).toBe(600_00);
  });

  it('of two versions for one month the later published wins; later months keep their own', () => {
    const table = basic();
    index(table, { kind: 'annual-percent', percent: 5 }, '2027-01');
    index(table, { kind: 'annual-percent', percent: 10 }, '2027-01');
    expect(versionInForce(table, '2027-03')?.version).toBe(3);
    expect(versionInForce(table, '2023-12')).toBeUndefined();
  });

  it('refuses nonsense', () => {
    expect(() => index(basic(), { kind: 'annual-percent', percent: 500 })).toThrow('SUBSIDY.RATE_INVALID');
    expect(() => index(basic(), { kind: 'annual-percent', percent: 3 }, '2026-01')).toThrow(
      'SUBSIDY.RATE_NOT_RETROACTIVE',
    );
    expect(() =>
      index(basic(), { kind: 'share-of-base', baseName: 'x', baseAnnualFen: 1, sharesBasisPoints: { nope: 1 } }),
    ).toThrow('SUBSIDY.RATE_INVALID');
  });
});
