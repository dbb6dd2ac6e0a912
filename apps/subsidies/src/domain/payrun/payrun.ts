import { addMonths, chinaDay, isMonth, Month, monthOf } from '../calendar';
import { assertNever, CommandMetadata } from '../decider';
import { Fen } from '../money';
import { ProgrammeCode } from '../programmes';
import { SubsidyError } from '../subsidy-error';

/**
 * A county's monthly payment run, stream `payrun-<county>-<YYYY-MM>` (one run per county and
 * month). Computing it visits every child's account and schedules what is due in batches; each batch
 * is one atomic write of the children's PaymentScheduled events and the run's PaymentsBatched, so a
 * crash leaves whole batches and a restart continues where it stopped. The control totals are then
 * fixed, a second person approves them, the bank file is exported, and the bank's results imported.
 */
export const payRunStream = (county: string, month: Month) => `payrun-${county}-${month}`;
export const PAYRUN_CATEGORY = 'payrun';

export interface BatchedPayment {
  reference: string;
  childId: string;
  programme: ProgrammeCode;
  amount: Fen;
}

export interface Totals {
  count: number;
  amount: Fen;
}

export interface SettlementSummary {
  paid: Totals;
  failed: Totals;
  reversed: Totals;
}

export type PayRunEvent =
  | { type: 'PayRunOpened'; data: { runId: string; county: string; month: Month } }
  | { type: 'PaymentsBatched'; data: { batch: number; payments: BatchedPayment[] } }
  | {
      type: 'PayRunComputed';
      data: Totals & { byProgramme: Partial<Record<ProgrammeCode, Totals>>; accountsVisited: number };
    }
  | { type: 'PayRunApproved'; data: Totals }
  | { type: 'PayRunExported'; data: Totals & { fileSha256: string } }
  | {
      type: 'BankResultsImported';
      data: SettlementSummary & {
        importId: string;
        /** References in the file this run does not have, and results that contradict an earlier one. */
        unknownReferences: string[];
        refused: { reference: string; outcome: string; was: string }[];
        applied: { reference: string; outcome: 'paid' | 'failed' | 'reversed' }[];
      };
    };

export type PayRunStatus = 'none' | 'computing' | 'computed' | 'approved' | 'exported';

export interface PayRun {
  runId: string | null;
  county: string | null;
  month: Month | null;
  status: PayRunStatus;
  openedBy: string | null;
  batches: number;
  payments: Map<string, BatchedPayment & { outcome: 'scheduled' | 'paid' | 'failed' | 'reversed' }>;
  totals: Totals;
  imports: Set<string>;
  exportedSha256: string | null;
}

export const initialPayRun = (): PayRun => ({
  runId: null,
  county: null,
  month: null,
  status: 'none',
  openedBy: null,
  batches: 0,
  payments: new Map(),
  totals: { count: 0, amount: 0 },
  imports: new Set(),
  exportedSha256: null,
});

/** Mutates and returns `run`: a run of 100,000 payments is folded without copying its map per event. */
export function evolvePayRun(run: PayRun, event: PayRunEvent, actorId: string): PayRun {
  switch (event.type) {
    case 'PayRunOpened':
      return { ...run, ...event.data, status: 'computing', openedBy: actorId };
    case 'PaymentsBatched':
      for (const p of event.data.payments) {
        run.payments.set(p.reference, { ...p, outcome: 'scheduled' });
        run.totals = { count: run.totals.count + 1, amount: run.totals.amount + p.amount };
      }
      run.batches = Math.max(run.batches, event.data.batch + 1);
      return run;
    case 'PayRunComputed':
      run.status = 'computed';
      return run;
    case 'PayRunApproved':
      run.status = 'approved';
      return run;
    case 'PayRunExported':
      run.status = 'exported';
      run.exportedSha256 = event.data.fileSha256;
      return run;
    case 'BankResultsImported':
      run.imports.add(event.data.importId);
      for (const { reference, outcome } of event.data.applied) {
        const payment = run.payments.get(reference);
        if (payment) payment.outcome = outcome;
      }
      return run;
    default:
      return assertNever(event, 'pay run event');
  }
}

export function decideOpen(
  data: { runId: string; county: string; month: Month },
  run: PayRun,
  metadata: CommandMetadata,
): PayRunEvent[] {
  if (run.status !== 'none') return [];
  const current = monthOf(chinaDay(metadata.now));
  if (!isMonth(data.month) || data.month > current || data.month < addMonths(current, -24))
    throw new SubsidyError('SUBSIDY.PAYRUN_MONTH_INVALID', { month: data.month });
  return [{ type: 'PayRunOpened', data }];
}

/** A batch of newly scheduled payments; payments the run already has are left out (a repeated batch). */
export function decideBatch(payments: BatchedPayment[], run: PayRun): PayRunEvent[] {
  if (run.status !== 'computing') throw new SubsidyError('SUBSIDY.WRONG_STEP', { status: run.status });
  const fresh = payments.filter((p) => !run.payments.has(p.reference));
  return fresh.length ? [{ type: 'PaymentsBatched', data: { batch: run.batches, payments: fresh } }] : [];
}

export function decideComputed(run: PayRun, accountsVisited: number): PayRunEvent[] {
  if (run.status !== 'computing') return [];
  const byProgramme: Partial<Record<ProgrammeCode, Totals>> = {};
  for (const p of run.payments.values()) {
    const t = (byProgramme[p.programme] ??= { count: 0, amount: 0 });
    t.count += 1;
    t.amount += p.amount;
  }
  return [{ type: 'PayRunComputed', data: { ...run.totals, byProgramme, accountsVisited } }];
}

/** Maker ≠ checker: the person who started the run cannot approve it, and must confirm its totals. */
export function decideApproval(confirmed: Totals, run: PayRun, metadata: CommandMetadata): PayRunEvent[] {
  if (run.status === 'approved' || run.status === 'exported') return [];
  if (run.status !== 'computed') throw new SubsidyError('SUBSIDY.PAYRUN_NOT_COMPUTED', { status: run.status });
  if (run.openedBy === metadata.decision.actorId) throw new SubsidyError('SUBSIDY.MAKER_CANNOT_CHECK');
  if (confirmed.count !== run.totals.count || confirmed.amount !== run.totals.amount)
    throw new SubsidyError('SUBSIDY.CONTROL_TOTALS_DIFFER', { controlTotals: run.totals, confirmed });
  return [{ type: 'PayRunApproved', data: run.totals }];
}

export function decideExport(fileSha256: string, run: PayRun): PayRunEvent[] {
  if (run.status === 'exported') return [];
  if (run.status !== 'approved') throw new SubsidyError('SUBSIDY.WRONG_STEP', { status: run.status });
  return [{ type: 'PayRunExported', data: { ...run.totals, fileSha256 } }];
}

export interface BankResult {
  reference: string;
  outcome: 'paid' | 'failed' | 'reversed';
  amount: Fen;
  note?: string;
}

const ALLOWED: Record<string, readonly string[]> = {
  scheduled: ['paid', 'failed'],
  paid: ['reversed'],
  failed: [],
  reversed: [],
};

/**
 * Reconciliation of a bank results file: which results apply (to be recorded on the children's
 * accounts), which references are not this run's, which contradict what is known. The same file
 * imported twice applies nothing the second time.
 */
export function reconcile(
  importId: string,
  results: BankResult[],
  run: PayRun,
): { events: PayRunEvent[]; apply: BankResult[] } {
  if (run.status !== 'exported') throw new SubsidyError('SUBSIDY.PAYRUN_NOT_RELEASED', { status: run.status });
  if (run.imports.has(importId)) return { events: [], apply: [] };
  const summary: SettlementSummary = {
    paid: { count: 0, amount: 0 },
    failed: { count: 0, amount: 0 },
    reversed: { count: 0, amount: 0 },
  };
  const unknownReferences: string[] = [];
  const refused: { reference: string; outcome: string; was: string }[] = [];
  const apply: BankResult[] = [];
  // Outcomes as this file leaves them: a file may pay a payment and reverse it further down.
  const outcomes = new Map<string, string>();
  for (const result of results) {
    const payment = run.payments.get(result.reference);
    if (!payment || payment.amount !== result.amount) {
      unknownReferences.push(result.reference);
      continue;
    }
    const was = outcomes.get(result.reference) ?? payment.outcome;
    if (was === result.outcome) continue;
    if (!ALLOWED[was].includes(result.outcome)) {
      refused.push({ reference: result.reference, outcome: result.outcome, was });
      continue;
    }
    outcomes.set(result.reference, result.outcome);
    summary[result.outcome].count += 1;
    summary[result.outcome].amount += result.amount;
    apply.push(result);
  }
  const applied = apply.map(({ reference, outcome }) => ({ reference, outcome }));
  return {
    events: [{ type: 'BankResultsImported', data: { importId, ...summary, unknownReferences, refused, applied } }],
    apply,
  };
}
