import { exportLines, parseResults } from './bank-file';
import {
  BatchedPayment,
  decideApproval,
  decideBatch,
  decideComputed,
  decideExport,
  decideOpen,
  evolvePayRun,
  initialPayRun,
  PayRun,
  PayRunEvent,
  reconcile,
} from './payrun';
import { meta, people } from '../testing/fixtures';

const fold = (run: PayRun, events: PayRunEvent[], actor = people.county) =>
  events.reduce((r, e) => evolvePayRun(r, e, actor), run);

const payment = (n: number, amount = 2_089_00): BatchedPayment => ({
  reference: `202611-${n.toString(16).toUpperCase().padStart(16, '0')}`,
  childId: `child-${n}`,
  programme: 'basic-living',
  amount,
});

function computedRun(): PayRun {
  let run = fold(
    initialPayRun(),
    decideOpen({ runId: 'r', county: '330602', month: '2026-11' }, initialPayRun(), meta(people.county)),
  );
  run = fold(run, decideBatch([payment(1), payment(2)], run));
  run = fold(run, decideBatch([payment(2), payment(3, 600_00)], run));
  return fold(run, decideComputed(run, 10));
}

describe('payment run: control totals, maker ≠ checker, export and reconciliation', () => {
  it('adds each payment once to the control totals', () => {
    const run = computedRun();
    expect(run.totals).toEqual({ count: 3, amount: 2 * 2_089_00 + 600_00 });
    expect(decideComputed(run, 10)).toEqual([]);
  });

  it('refuses a future month', () => {
    expect(() =>
      decideOpen({ runId: 'r', county: '330602', month: '2026-12' }, initialPayRun(), meta(people.county)),
    ).toThrow('SUBSIDY.PAYRUN_MONTH_INVALID');
  });

  it('the opener cannot approve; the approver confirms the totals', () => {
    const run = computedRun();
    expect(() => decideApproval(run.totals, run, meta(people.county))).toThrow('SUBSIDY.MAKER_CANNOT_CHECK');
    expect(() => decideApproval({ count: 3, amount: 1 }, run, meta(people.countyChecker))).toThrow(
      'SUBSIDY.CONTROL_TOTALS_DIFFER',
    );
    expect(decideApproval(run.totals, run, meta(people.countyChecker))[0].type).toBe('PayRunApproved');
  });

  it('exports one line per reference and reconciles the bank results; the same file twice applies nothing', () => {
    let run = computedRun();
    run = fold(run, decideApproval(run.totals, run, meta(people.countyChecker)));
    const csv = exportLines(run.payments.values(), '2026-11');
    expect(csv.trim().split('\n')).toHaveLength(4);
    expect(csv).toContain(`${payment(3).reference},child-3,basic-living,2026-11,600.00,CNY`);
    run = fold(run, decideExport('sha', run));
    const file = [
      'reference,outcome,amount,note',
      `${payment(1).reference},paid,2089.00`,
      `${payment(2).reference},failed,2089.00,账户已销户`,
      `${payment(3).reference},paid,600.00`,
      `${payment(3).reference},reversed,600.00,退回`,
      `202611-FFFFFFFFFFFFFFFF,paid,1.00`,
    ].join('\n');
    const { results, problems } = parseResults(file);
    expect(problems).toEqual([]);
    const first = reconcile('import-1', results, run);
    expect(first.events[0].data).toMatchObject({
      paid: { count: 2, amount: 2_089_00 + 600_00 },
      failed: { count: 1, amount: 2_089_00 },
      reversed: { count: 1, amount: 600_00 },
      unknownReferences: ['202611-FFFFFFFFFFFFFFFF'],
    });
    run = fold(run, first.events);
    expect(reconcile('import-1', results, run)).toEqual({ events: [], apply: [] });
    const contradicting = reconcile('import-2', parseResults(`${payment(2).reference},paid,2089.00`).results, run);
    expect(contradicting.apply).toEqual([]);
    expect(contradicting.events[0].data).toMatchObject({
      refused: [{ reference: payment(2).reference, was: 'failed' }],
    });
  });

  it('reports every malformed line of a results file', () => {
    const { problems } = parseResults('nonsense\n202611-0000000000000001,maybe,1\n202611-0000000000000001,paid,-1');
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [1, 'reference'],
      [2, 'outcome'],
      [3, 'amount'],
    ]);
  });
});
