import { RecordedEvent } from '@app/event-store';
import { defineProjection, DocumentChange, readModelSchema } from '@app/projections';
import { Schema } from 'mongoose';
import { PayRunEvent } from '../domain';

/**
 * Run summaries per county (`_id` = the run's stream id) and monthly commitments per county ×
 * programme (`_id` = `<county>-<month>`, programme totals as they are scheduled).
 */
export const SUBSIDY_PAYRUNS = 'subsidy_payruns';
export const SUBSIDY_COMMITMENTS = 'subsidy_commitments';

type Recorded = RecordedEvent<string, Record<string, unknown>>;
const Mixed = Schema.Types.Mixed;
const data = <T extends PayRunEvent['type']>(e: Recorded) => e.data as Extract<PayRunEvent, { type: T }>['data'];

/** `payrun-330602-2026-11` → county and month. */
const runOf = (streamId: string) => ({ county: streamId.slice(7, 13), month: streamId.slice(14) });

const run = (
  e: Recorded,
  set: Record<string, unknown>,
  extra: Partial<DocumentChange['update']> = {},
): DocumentChange => ({
  collection: SUBSIDY_PAYRUNS,
  id: e.streamId,
  update: { $set: { ...set, revision: e.revision, updatedAt: e.occurredAt }, ...extra },
});

export const payRunsProjection = defineProjection<Recorded>({
  name: SUBSIDY_PAYRUNS,
  categories: ['payrun'],
  collections: {
    [SUBSIDY_PAYRUNS]: readModelSchema({
      runId: String,
      county: String,
      month: String,
      status: String,
      openedBy: String,
      openedAt: Date,
      approvedBy: String,
      exportSha256: String,
      count: Number,
      amount: Number,
      byProgramme: Mixed,
      accountsVisited: Number,
      batches: Number,
      settlement: { type: Mixed, default: {} },
      unknownReferences: { type: [String], default: [] },
      refused: { type: Mixed, default: [] },
      revision: Number,
      updatedAt: Date,
    }),
    [SUBSIDY_COMMITMENTS]: readModelSchema({
      county: String,
      month: String,
      programmes: { type: Mixed, default: {} },
      count: Number,
      amount: Number,
    }),
  },
  handlers: {
    PayRunOpened: (e) => ({
      create: true,
      ...run(e, {
        ...runOf(e.streamId),
        runId: data<'PayRunOpened'>(e).runId,
        status: 'computing',
        openedBy: e.metadata.decision.actorId,
        openedAt: e.occurredAt,
        count: 0,
        amount: 0,
        batches: 0,
      }),
    }),
    PaymentsBatched: (e) => {
      const { payments } = data<'PaymentsBatched'>(e);
      const amount = payments.reduce((s, p) => s + p.amount, 0);
      const byProgramme: Record<string, number> = {};
      for (const p of payments) {
        byProgramme[`programmes.${p.programme}.count`] = (byProgramme[`programmes.${p.programme}.count`] ?? 0) + 1;
        byProgramme[`programmes.${p.programme}.amount`] =
          (byProgramme[`programmes.${p.programme}.amount`] ?? 0) + p.amount;
      }
      const { county, month } = runOf(e.streamId);
      return [
        run(e, {}, { $inc: { count: payments.length, amount, batches: 1 } }),
        {
          collection: SUBSIDY_COMMITMENTS,
          id: `${county}-${month}`,
          update: { $set: { county, month }, $inc: { ...byProgramme, count: payments.length, amount } },
        },
      ];
    },
    PayRunComputed: (e) => {
      const d = data<'PayRunComputed'>(e);
      return run(e, { status: 'computed', byProgramme: d.byProgramme, accountsVisited: d.accountsVisited });
    },
    PayRunApproved: (e) => run(e, { status: 'approved', approvedBy: e.metadata.decision.actorId }),
    PayRunExported: (e) => run(e, { status: 'exported', exportSha256: data<'PayRunExported'>(e).fileSha256 }),
    BankResultsImported: (e) => {
      const d = data<'BankResultsImported'>(e);
      return run(
        e,
        {},
        {
          $inc: Object.fromEntries(
            (['paid', 'failed', 'reversed'] as const).flatMap((k) => [
              [`settlement.${k}.count`, d[k].count],
              [`settlement.${k}.amount`, d[k].amount],
            ]),
          ),
          $push: {
            unknownReferences: { $each: d.unknownReferences.slice(0, 1000) },
            refused: { $each: d.refused.slice(0, 1000) },
          },
        },
      );
    },
  },
});
