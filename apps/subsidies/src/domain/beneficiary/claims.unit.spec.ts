import { BeneficiaryEvent } from './events';
import { Beneficiary } from './state';
import { CHILD, given, meta, people, recorded, when } from '../testing/fixtures';

let serial = 0;
function approvedClaim(state: Beneficiary, bill: number, insurancePaid: number, serviceDate = '2026-10-08') {
  const claimId = `c-${++serial}`;
  let s = when(state, {
    type: 'SubmitClaim',
    data: {
      claimId,
      programme: 'major-illness',
      disease: 'leukaemia',
      serviceDate,
      bill,
      insurancePaid,
      personal: { diagnosis: '急性淋巴细胞白血病', hospital: '绍兴市人民医院' },
    },
    metadata: meta(people.village),
  }).state;
  s = when(s, { type: 'ReviewClaim', data: { claimId, forward: true }, metadata: meta(people.township) }).state;
  return when(s, { type: 'DecideClaim', data: { claimId, approve: true }, metadata: meta(people.county) });
}

const approval = (events: BeneficiaryEvent[]) =>
  events.find((e) => e.type === 'ClaimApproved')?.data as { subsidy: number; usedBefore: number };

describe('major-illness medical claims: min(ratio × out-of-pocket, what is left of the annual cap)', () => {
  it('pays 70% of the out-of-pocket part', () => {
    const { events } = approvedClaim(given(recorded()), 50_000_00, 30_000_00);
    expect(approval(events)).toMatchObject({ subsidy: 14_000_00, outOfPocket: 20_000_00, ratioBasisPoints: 7000 });
  });

  it('stops at the yearly cap of 100,000 yuan, and refuses once it is used up', () => {
    const first = approvedClaim(given(recorded()), 150_000_00, 20_000_00); // 70% of 130,000 = 91,000
    expect(approval(first.events).subsidy).toBe(91_000_00);
    const second = approvedClaim(first.state, 40_000_00, 0); // 28,000 asked, 9,000 left
    expect(approval(second.events)).toMatchObject({ subsidy: 9_000_00, usedBefore: 91_000_00 });
    expect(() => approvedClaim(second.state, 10_000_00, 0)).toThrow('SUBSIDY.CAP_EXHAUSTED');
  });

  it('the cap is per calendar year of the service date', () => {
    const lastYear = approvedClaim(given(recorded()), 200_000_00, 0, '2025-12-20');
    expect(approval(lastYear.events).subsidy).toBe(100_000_00);
    expect(approval(approvedClaim(lastYear.state, 10_000_00, 0).events).subsidy).toBe(7_000_00);
  });

  it('an approved claim is paid once, in the next run', () => {
    const { state } = approvedClaim(given(recorded()), 10_000_00, 0);
    const run = (s: Beneficiary, month: string) =>
      when(s, {
        type: 'SchedulePayments',
        data: { runId: 'r', county: '330602', month },
        metadata: meta(people.county),
      });
    const november = run(state, '2026-11');
    expect(november.events).toHaveLength(1);
    expect(november.events[0].data).toMatchObject({ programme: 'major-illness', amount: 7_000_00 });
    expect(run(november.state, '2026-12').events).toEqual([]);
  });

  it('refuses diseases outside the five, bills where insurance paid more than the bill, and ineligible tiers', () => {
    const submit = (overrides: object, state = given(recorded())) =>
      when(state, {
        type: 'SubmitClaim',
        data: {
          claimId: 'c-x',
          programme: 'major-illness',
          disease: 'leukaemia',
          serviceDate: '2026-10-08',
          bill: 100,
          insurancePaid: 0,
          personal: { diagnosis: 'x', hospital: 'y' },
          ...overrides,
        },
        metadata: meta(people.village),
      });
    expect(() => submit({ disease: null })).toThrow('SUBSIDY.DISEASE_NOT_COVERED');
    expect(() => submit({ insurancePaid: 200 })).toThrow('SUBSIDY.CLAIM_INVALID');
    expect(() => submit({}, given(recorded('migrant')))).toThrow('SUBSIDY.NOT_ELIGIBLE');
    expect(() => submit({ programme: 'rehabilitation-0-6', disease: null })).toThrow('SUBSIDY.NOT_ELIGIBLE');
  });
});

describe('age-bound programmes follow the age group the registry publishes', () => {
  const rehab = (state: Beneficiary) =>
    when(state, {
      type: 'SubmitClaim',
      data: {
        claimId: 'c-rehab',
        programme: 'rehabilitation-0-6',
        disease: null,
        serviceDate: '2026-10-08',
        bill: 10_000_00,
        insurancePaid: 0,
        personal: { diagnosis: '脑瘫康复训练', hospital: '绍兴市妇幼保健院' },
      },
      metadata: meta(people.village),
    });
  const young = () =>
    given([
      [
        {
          type: 'ChildRecorded',
          data: {
            childId: CHILD,
            village: '330602001001',
            county: '330602',
            ageGroup: '0-5',
            registeredOn: '2024-01-10',
          },
        },
      ],
      [{ type: 'TierRecorded', data: { tier: 'severe-illness-or-disability', effectiveFrom: '2024-01-10' } }],
    ]);

  it('takes a 0–6 rehabilitation claim while the child is in the 0–5 group, and refuses it once 6 is recorded', () => {
    expect(rehab(young()).events.map((e) => e.type)).toEqual(['ClaimSubmitted']);
    const six = when(young(), {
      type: 'RecordAgeGroup',
      data: { ageGroup: '6-11', on: '2026-05-01' },
      metadata: meta(people.system),
    });
    expect(six.events).toEqual([{ type: 'AgeGroupRecorded', data: { ageGroup: '6-11', on: '2026-05-01' } }]);
    expect(() => rehab(six.state)).toThrow('SUBSIDY.NOT_ELIGIBLE');
    expect(
      when(six.state, {
        type: 'RecordAgeGroup',
        data: { ageGroup: '6-11', on: '2026-05-01' },
        metadata: meta(people.system),
      }).events,
    ).toEqual([]);
  });
});
