import { createHash } from 'node:crypto';
import { addDays, daysCovered, daysInMonth, Month, monthOf, monthsFrom } from '../calendar';
import { Fen, prorate } from '../money';
import { PROGRAMMES, ProgrammeCode } from '../programmes';
import { monthlyAmount, Rates } from '../rates';
import { PaymentLine } from './events';
import { Beneficiary, Entitlement, Payment } from './state';

/**
 * What is owed and what is due. The rules, stated once:
 * - Proration: a month is paid in full when the entitlement covers all of it; otherwise by days,
 *   amount × covered days ÷ days in the month, rounded half up to the fen. An entitlement covers
 *   [startsOn, endsBefore): it starts on the day the application asked for (or the placement began)
 *   and ends before the day its end rule names (see reactions.ts).
 * - The rate of a month is the version in force for that month as the table stands when the run is
 *   computed, so a retroactive version changes what was owed for past months.
 * - Due for a month = owed − what payments that were not failed or reversed already gave for it.
 *   Earlier months with something due are paid in the current month's payment as arrears (late
 *   approval, retroactive rate) or re-issue (a failed or reversed payment). Overpayments are not
 *   deducted: recovery is a decision of its own (shown as overpaid in the ledger).
 * - One payment per child × programme × month: a month that has a payment gets no second one.
 */

const at = <T extends { fromMonth: Month }>(periods: T[], month: Month): T | undefined => {
  let found: T | undefined;
  for (const p of periods) if (p.fromMonth <= month) found = p;
  return found;
};

export interface Owed {
  amount: Fen;
  rateKey: string;
  rateVersion?: number;
  days: number;
  daysInMonth: number;
}

/** What one entitlement owes for one month (zero when it does not cover the month or no rate is in force). */
export function owedFor(entitlement: Entitlement, month: Month, rates: Rates): Owed | undefined {
  const days = daysCovered(month, entitlement.startsOn, entitlement.endsBefore);
  if (!days) return undefined;
  const rateKey = at(entitlement.rateKeys, month)?.rateKey ?? entitlement.rateKeys[0].rateKey;
  const table = rates[entitlement.programme];
  const rate = table ? monthlyAmount(table, rateKey, month) : undefined;
  const total = daysInMonth(month);
  if (!rate) return { amount: 0, rateKey, days, daysInMonth: total };
  return {
    amount: days === total ? rate.amount : prorate(rate.amount, days, total),
    rateKey,
    rateVersion: rate.version,
    days,
    daysInMonth: total,
  };
}

/** The county that pays an entitlement in a month: where it was at the month's start. */
export function payingCounty(entitlement: Entitlement, month: Month): string {
  return (at(entitlement.counties, month) ?? entitlement.counties[0]).county;
}

const counts = (p: Payment) => p.outcome === 'scheduled' || p.outcome === 'paid';

/**
 * What earlier payments gave for each month of a programme, and which of them failed or were
 * reversed (the last such payment in account order): one pass over the payments, not one per month.
 */
function paidByMonth(state: Beneficiary, programme: ProgrammeCode): Map<Month, { paid: Fen; undone?: string }> {
  const byMonth = new Map<Month, { paid: Fen; undone?: string }>();
  for (const payment of Object.values(state.payments)) {
    if (payment.programme !== programme) continue;
    const counted = counts(payment);
    for (const line of payment.lines) {
      if (line.kind === 'claim') continue;
      let entry = byMonth.get(line.month);
      if (!entry) byMonth.set(line.month, (entry = { paid: 0 }));
      if (counted) entry.paid += line.amount;
      else entry.undone = payment.reference;
    }
  }
  return byMonth;
}

/** The bank reference of the one payment of a child, programme and month: the same on every computation. */
export function paymentReference(childId: string, programme: ProgrammeCode, month: Month): string {
  const digest = createHash('sha256').update(`${childId}|${programme}|${month}`).digest('hex').slice(0, 16);
  return `${month.replace('-', '')}-${digest.toUpperCase()}`;
}

export interface DuePayment {
  reference: string;
  programme: ProgrammeCode;
  month: Month;
  county: string;
  amount: Fen;
  lines: PaymentLine[];
}

function monthlyLines(state: Beneficiary, programme: ProgrammeCode, month: Month, rates: Rates): PaymentLine[] {
  const entitlements = state.entitlements.filter((e) => e.programme === programme);
  const first = entitlements.reduce<Month>((m, e) => (monthOf(e.startsOn) < m ? monthOf(e.startsOn) : m), month);
  const lines: PaymentLine[] = [];
  const paidBefore = paidByMonth(state, programme);
  for (const m of monthsFrom(first, month)) {
    let owed: Owed | undefined;
    for (const e of entitlements) {
      const o = owedFor(e, m, rates);
      if (o) owed = owed ? { ...o, amount: owed.amount + o.amount, days: owed.days + o.days } : o;
    }
    if (!owed) continue;
    const { paid, undone } = paidBefore.get(m) ?? { paid: 0 };
    const amount = owed.amount - paid;
    if (amount <= 0) continue;
    lines.push({
      kind: m === month && paid === 0 && !undone ? 'allowance' : undone ? 'reissue' : 'arrears',
      month: m,
      amount,
      owed: owed.amount,
      paidBefore: paid,
      rateKey: owed.rateKey,
      rateVersion: owed.rateVersion,
      days: owed.days,
      daysInMonth: owed.daysInMonth,
      ...(undone ? { replaces: undone } : {}),
    });
  }
  return lines;
}

function claimLines(state: Beneficiary, programme: ProgrammeCode, month: Month): PaymentLine[] {
  const lines: PaymentLine[] = [];
  for (const claim of Object.values(state.claims)) {
    if (claim.programme !== programme || claim.step !== 'approved' || !claim.subsidy) continue;
    const payments = Object.values(state.payments).filter((p) => p.lines.some((l) => l.claimId === claim.claimId));
    if (payments.some(counts)) continue;
    const undone = payments.find((p) => !counts(p))?.reference;
    lines.push({
      kind: 'claim',
      month,
      amount: claim.subsidy,
      claimId: claim.claimId,
      ...(undone ? { replaces: undone } : {}),
    });
  }
  return lines;
}

/**
 * The payments a run for `county` and `month` makes to this child: one per programme with
 * something due whose paying county is `county`. Arrears are paid by the county paying now; claims
 * by the child's county of residence.
 */
export function paymentsDue(state: Beneficiary, county: string, month: Month, rates: Rates): DuePayment[] {
  if (!state.childId) return [];
  const due: DuePayment[] = [];
  const programmes = new Set<ProgrammeCode>([
    ...state.entitlements.map((e) => e.programme),
    ...Object.values(state.claims)
      .filter((c) => c.step === 'approved')
      .map((c) => c.programme),
  ]);
  for (const programme of programmes) {
    const reference = paymentReference(state.childId, programme, month);
    if (state.payments[reference]) continue;
    let payer: string | null;
    let lines: PaymentLine[];
    if (PROGRAMMES[programme].kind === 'monthly') {
      const entitlements = state.entitlements.filter((e) => e.programme === programme && monthOf(e.startsOn) <= month);
      const latest = entitlements[entitlements.length - 1];
      if (!latest) continue;
      // Where the entitlement is in the run's month, or in its last covered month when it has ended.
      const lastCovered = latest.endsBefore ? monthOf(addDays(latest.endsBefore, -1)) : month;
      payer = payingCounty(latest, lastCovered < month ? lastCovered : month);
      if (payer !== county) continue;
      lines = monthlyLines(state, programme, month, rates);
    } else {
      payer = state.county;
      if (payer !== county) continue;
      lines = claimLines(state, programme, month);
    }
    const amount = lines.reduce((sum, l) => sum + l.amount, 0);
    if (amount > 0) due.push({ reference, programme, month, county, amount, lines });
  }
  return due;
}
