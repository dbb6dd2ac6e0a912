import { Fen, parseYuan, plainYuan } from '../money';
import { BankResult, BatchedPayment } from './payrun';

/**
 * The bank files. Export: one line per payment, its reference the bank echoes back; amounts in yuan
 * with two decimals; no personal data (the bank matches the beneficiary id to its account list).
 * Import: `reference,outcome,amount[,note]` with outcome paid | failed | reversed.
 */
export const EXPORT_HEADER = 'reference,beneficiary_id,programme,period,amount_yuan,currency';

export function exportLines(payments: Iterable<BatchedPayment>, period: string): string {
  const lines = [EXPORT_HEADER];
  const sorted = [...payments].sort((a, b) => (a.reference < b.reference ? -1 : 1));
  for (const p of sorted) lines.push(`${p.reference},${p.childId},${p.programme},${period},${plainYuan(p.amount)},CNY`);
  return `${lines.join('\n')}\n`;
}

export interface BankFileProblem {
  line: number;
  problem: string;
}

const OUTCOMES = new Set(['paid', 'failed', 'reversed']);
const MAX_LINES = 500_000;

/** Parses a results file; every malformed line is reported (all or nothing: no result is applied from a bad file). */
export function parseResults(text: string): { results: BankResult[]; problems: BankFileProblem[] } {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const results: BankResult[] = [];
  const problems: BankFileProblem[] = [];
  if (rows.length > MAX_LINES) return { results, problems: [{ line: MAX_LINES, problem: 'too many lines' }] };
  rows.forEach((row, index) => {
    const line = index + 1;
    if (!row.trim() || (index === 0 && row.toLowerCase().startsWith('reference,'))) return;
    const [reference, outcome, amount, ...note] = row.split(',').map((f) => f.trim());
    if (!/^\d{6}-[0-9A-F]{16}$/.test(reference ?? '')) return problems.push({ line, problem: 'reference' });
    if (!OUTCOMES.has(outcome)) return problems.push({ line, problem: 'outcome' });
    const fen: Fen | undefined = parseYuan(amount ?? '');
    if (fen === undefined || fen < 0) return problems.push({ line, problem: 'amount' });
    results.push({
      reference,
      outcome: outcome as BankResult['outcome'],
      amount: fen,
      ...(note.length ? { note: note.join(',').slice(0, 200) } : {}),
    });
  });
  if (!results.length && !problems.length) problems.push({ line: 1, problem: 'empty' });
  return { results, problems: problems.slice(0, 50) };
}
