import { decidePublish, RateTable } from '../rates';
import { BeneficiaryEvent } from './events';
import { CHILD, COUNTY, defaultRates, entitled, given, meta, people, when } from '../testing/fixtures';
import { paymentReference } from './schedule';
import { Beneficiary } from './state';

const ORPHAN_SCATTERED = 2_089_00;

const schedule = (state: Beneficiary, month: string, county = COUNTY, rates = defaultRates()) =>
  when(
    state,
    {
      type: 'SchedulePayments',
      data: { runId: `run-${month}`, county, month },
      metadata: meta(people.county, `${month}-28T02:00:00Z`),
    },
    rates,
  );

const scheduled = (events: BeneficiaryEvent[]) =>
  events.map((e) => (e.type === 'PaymentScheduled' ? e.data : undefined)).filter((d) => d !== undefined);

describe('monthly allowance: proration, arrears and exactly one payment per month', () => {
  it('pays a full month in full', () => {
    const { events } = schedule(given(entitled('2026-09-01')), '2026-09');
    const [payment] = scheduled(events);
    expect(payment).toMatchObject({
      reference: paymentReference(CHILD, 'basic-living', '2026-09'),
      programme: 'basic-living',
      month: '2026-09',
      amount: ORPHAN_SCATTERED,
    });
    expect(payment.lines).toEqual([
      expect.objectContaining({
        kind: 'allowance',
        month: '2026-09',
        amount: ORPHAN_SCATTERED,
        days: 30,
        daysInMonth: 30,
        rateVersion: 1,
      }),
    ]);
  });

  it('prorates a start within the month by days, half up to the fen', () => {
    // 16 of 30 days of September: 208900 × 16 / 30 = 111413.33 → 111413
    const [payment] = scheduled(schedule(given(entitled('2026-09-15')), '2026-09').events);
    expect(payment.amount).toBe(111_413);
    expect(payment.lines[0]).toMatchObject({ days: 16, daysInMonth: 30 });
  });

  it('a late approval pays the earlier months as arrears in the first run', () => {
    const [payment] = scheduled(schedule(given(entitled('2026-08-15')), '2026-10').events);
    expect(payment.lines.map((l) => [l.kind, l.month, l.amount])).toEqual([
      ['arrears', '2026-08', Math.floor((ORPHAN_SCATTERED * 17) / 31 + 0.5)],
      ['arrears', '2026-09', ORPHAN_SCATTERED],
      ['allowance', '2026-10', ORPHAN_SCATTERED],
    ]);
  });

  it('re-running the month schedules nothing: one payment per child, programme and month', () => {
    const first = schedule(given(entitled('2026-09-01')), '2026-09');
    expect(scheduled(first.events)).toHaveLength(1);
    expect(schedule(first.state, '2026-09').events).toEqual([]);
    // The next month pays only the next month.
    const next = scheduled(schedule(first.state, '2026-10').events);
    expect(next.map((p) => p.lines.map((l) => l.month))).toEqual([['2026-10']]);
  });

  it('a retroactive rate is paid as the difference for the months already paid', () => {
    let state = schedule(given(entitled('2026-07-01')), '2026-07').state;
    state = schedule(state, '2026-08').state;
    const rates = defaultRates();
    const table = rates['basic-living'] as RateTable;
    const [raised] = decidePublish(
      {
        type: 'PublishRates',
        data: {
          programme: 'basic-living',
          effectiveFrom: '2026-08',
          amounts: { ...table.versions[0].amounts, 'orphan/scattered': 2_200_00 },
          retroactive: true,
        },
        metadata: meta(people.county),
      },
      table,
    );
    table.versions.push({ ...raised.data });
    const [payment] = scheduled(schedule(state, '2026-09', COUNTY, rates).events);
    expect(payment.lines.map((l) => [l.kind, l.month, l.amount, l.rateVersion])).toEqual([
      ['arrears', '2026-08', 2_200_00 - ORPHAN_SCATTERED, 2],
      ['allowance', '2026-09', 2_200_00, 2],
    ]);
  });

  it('a retroactive rate must say so', () => {
    const table = defaultRates()['basic-living'] as RateTable;
    expect(() =>
      decidePublish(
        {
          type: 'PublishRates',
          data: { programme: 'basic-living', effectiveFrom: '2026-08', amounts: { 'orphan/scattered': 1 } },
          metadata: meta(people.county),
        },
        table,
      ),
    ).toThrow('SUBSIDY.RATE_NOT_RETROACTIVE');
  });

  it('a failed payment is re-issued in the next run; a paid one is not', () => {
    const first = schedule(given(entitled('2026-09-01')), '2026-09');
    const reference = scheduled(first.events)[0].reference;
    const failed = when(first.state, {
      type: 'SettlePayment',
      data: { reference, outcome: 'failed', on: '2026-10-03', bankNote: 'account closed' },
      metadata: meta(people.county),
    }).state;
    const [next] = scheduled(schedule(failed, '2026-10').events);
    expect(next.lines.map((l) => [l.kind, l.month, l.amount, l.replaces])).toEqual([
      ['reissue', '2026-09', ORPHAN_SCATTERED, reference],
      ['allowance', '2026-10', ORPHAN_SCATTERED, undefined],
    ]);
  });

  it('bank results move forward only and repeat as no-ops', () => {
    const first = schedule(given(entitled('2026-09-01')), '2026-09');
    const reference = scheduled(first.events)[0].reference;
    const settle = (outcome: 'paid' | 'failed' | 'reversed') => ({
      type: 'SettlePayment' as const,
      data: { reference, outcome, on: '2026-10-03' },
      metadata: meta(people.county),
    });
    const paid = when(first.state, settle('paid')).state;
    expect(when(paid, settle('paid')).events).toEqual([]);
    expect(() => when(paid, settle('failed'))).toThrow('SUBSIDY.WRONG_STEP');
    const reversed = when(paid, settle('reversed')).state;
    expect(scheduled(schedule(reversed, '2026-10').events)[0].lines[0]).toMatchObject({
      kind: 'reissue',
      month: '2026-09',
    });
  });
});

describe('reactions to registry facts', () => {
  it('ends at 18: paid by days through the day before the birthday', () => {
    const aged = when(given(entitled('2026-01-01')), {
      type: 'RecordLeaving',
      data: { reason: 'aged-out', on: '2026-09-11' },
      metadata: meta(people.system),
    });
    expect(aged.events.map((e) => e.type)).toEqual(['ChildLeftProtection', 'EntitlementEnded']);
    expect(aged.events[1].data).toMatchObject({ endsBefore: '2026-09-11', reason: 'aged-out' });
    const [payment] = scheduled(schedule(aged.state, '2026-09').events);
    // Only September is due (earlier months unpaid in this account): Jan–Aug as arrears, Sep for 10 of 30 days.
    expect(payment.lines.at(-1)).toMatchObject({
      month: '2026-09',
      days: 10,
      amount: Math.floor((ORPHAN_SCATTERED * 10) / 30 + 0.5),
    });
    expect(
      scheduled(
        schedule(
          when(aged.state, {
            type: 'SchedulePayments',
            data: { runId: 'r', county: COUNTY, month: '2026-09' },
            metadata: meta(people.county),
          }).state,
          '2026-10',
        ).events,
      ),
    ).toEqual([]);
  });

  it('death stops payment from the next month (次月停发)', () => {
    const died = when(given(entitled('2026-09-01')), {
      type: 'RecordLeaving',
      data: { reason: 'deceased', on: '2026-09-11' },
      metadata: meta(people.system),
    });
    expect(died.events[1].data).toMatchObject({ endsBefore: '2026-10-01', reason: 'deceased' });
    const [september] = scheduled(schedule(died.state, '2026-09').events);
    expect(september.amount).toBe(ORPHAN_SCATTERED);
  });

  it('a tier change pays the new rate from the next month; a tier that does not qualify ends the allowance with the month', () => {
    const promoted = when(given(entitled('2026-01-01', 'family-in-difficulty')), {
      type: 'RecordTier',
      data: { tier: 'orphan', effectiveFrom: '2026-09-20' },
      metadata: meta(people.system),
    });
    expect(promoted.events[1]).toEqual({
      type: 'EntitlementRateKeyChanged',
      data: { entitlementId: 'e-1', fromMonth: '2026-10', rateKey: 'orphan/scattered' },
    });
    const sep = schedule(promoted.state, '2026-09');
    const oct = scheduled(schedule(sep.state, '2026-10').events)[0];
    expect(oct.lines).toEqual([
      expect.objectContaining({ month: '2026-10', amount: ORPHAN_SCATTERED, rateKey: 'orphan/scattered' }),
    ]);

    const dropped = when(given(entitled('2026-01-01')), {
      type: 'RecordTier',
      data: { tier: 'left-behind', effectiveFrom: '2026-09-20' },
      metadata: meta(people.system),
    });
    expect(dropped.events[1].data).toMatchObject({ endsBefore: '2026-10-01', reason: 'tier-no-longer-eligible' });
  });

  it('a move to another county: the old county pays the month of the move, the new one from the next — no gap, no overlap', () => {
    const SHENGZHOU = '330683';
    let state = schedule(given(entitled('2026-08-01')), '2026-08').state;
    state = when(state, {
      type: 'RecordResidence',
      data: { village: '330683001001', county: SHENGZHOU, effectiveOn: '2026-09-10' },
      metadata: meta(people.system),
    }).state;
    const septemberOld = scheduled(schedule(state, '2026-09', COUNTY).events);
    const septemberNew = scheduled(schedule(state, '2026-09', SHENGZHOU).events);
    expect(septemberOld.map((p) => p.amount)).toEqual([ORPHAN_SCATTERED]);
    expect(septemberNew).toEqual([]);
    state = schedule(state, '2026-09', COUNTY).state;
    expect(scheduled(schedule(state, '2026-10', COUNTY).events)).toEqual([]);
    const octoberNew = scheduled(schedule(state, '2026-10', SHENGZHOU).events);
    expect(octoberNew.map((p) => [p.county, p.lines.map((l) => l.month)])).toEqual([[SHENGZHOU, ['2026-10']]]);
  });

  it('facts are recorded once', () => {
    const state = given(entitled('2026-08-01'));
    expect(
      when(state, {
        type: 'RecordTier',
        data: { tier: 'orphan', effectiveFrom: '2026-01-01' },
        metadata: meta(people.system),
      }).events,
    ).toEqual([]);
  });

  it('foster placement starts and ends the foster subsidy (care cost + labour allowance)', () => {
    const started = when(given(entitled('2026-08-01')), {
      type: 'StartFosterSubsidy',
      data: { placementId: 'p-1', county: COUNTY, startedOn: '2026-09-01' },
      metadata: meta(people.system),
    });
    const ended = when(started.state, {
      type: 'EndFosterSubsidy',
      data: { placementId: 'p-1', endedOn: '2026-09-15' },
      metadata: meta(people.system),
    });
    expect(ended.events[0].data).toMatchObject({ endsBefore: '2026-09-16', reason: 'placement-ended' });
    const foster = scheduled(schedule(ended.state, '2026-09').events).find((p) => p.programme === 'foster-family');
    expect(foster?.amount).toBe(Math.floor(((2_089_00 + 800_00) * 15) / 30 + 0.5));
  });
});
