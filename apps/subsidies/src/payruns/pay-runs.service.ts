import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { EventStore, RecordedEvent, StreamWrite, WrongExpectedVersion } from '@app/event-store';
import { InjectEventStore } from '@app/event-store/nest';
import { PG_POOL, revisionMismatch, VersionConflict } from '@app/platform';
import {
  BankResult,
  BatchedPayment,
  CommandMetadata,
  decide,
  decideApproval,
  decideBatch,
  decideComputed,
  decideExport,
  decideOpen,
  evolve,
  evolvePayRun,
  exportLines,
  initialPayRun,
  Month,
  PAYRUN_CATEGORY,
  PayRun,
  PayRunEvent,
  payRunStream,
  Rates,
  reconcile,
  SUBSIDY_CATEGORY,
  SubsidyError,
  subsidyStream,
  Totals,
} from '../domain';
import { foldAccount } from '../accounts/subsidy-accounts.service';
import { envelope } from '../shared/envelope';
import { RateTables } from '../rates/rate-tables.service';

export interface LoadedRun {
  run: PayRun;
  revision: number;
  /** The decision record of the opening: the computation's batches are the opener's work. */
  opening?: RecordedEvent;
}

export interface RunProgress {
  accountsVisited: number;
  accountsTotal: number;
  startedAt: Date;
}

/** Accounts read per round trip, and written per atomic batch. */
const PAGE = Number(process.env.PAYRUN_PAGE_SIZE ?? 500);
const BATCH_RETRIES = 5;

/**
 * Monthly payment runs. Computing a run visits every subsidy account once, in stream order, and
 * writes each page's new payments and the run's batch record in one atomic write: a crash loses at
 * most the page in flight, and computing again continues (accounts already paid for the month
 * decide nothing). Exactly once is the accounts' rule, one payment per child × programme × month.
 */
@Injectable()
export class PayRuns {
  private readonly logger = new Logger(PayRuns.name);
  private readonly computing = new Map<string, Promise<void>>();
  private readonly progress = new Map<string, RunProgress>();

  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly rates: RateTables,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async load(county: string, month: Month): Promise<LoadedRun> {
    const events = await this.store.readStream(payRunStream(county, month));
    let run = initialPayRun();
    for (const e of events) run = evolvePayRun(run, e as unknown as PayRunEvent, e.metadata.decision.actorId);
    return { run, revision: events.length ? events[events.length - 1].revision : -1, opening: events[0] };
  }

  progressOf(county: string, month: Month): RunProgress | undefined {
    return this.progress.get(payRunStream(county, month));
  }

  /** Opens the run (once) and computes it in the background; calling again resumes an interrupted computation. */
  async start(county: string, month: Month, metadata: CommandMetadata): Promise<LoadedRun> {
    const loaded = await this.load(county, month);
    const events = decideOpen({ runId: randomUUID(), county, month }, loaded.run, metadata);
    if (events.length) {
      loaded.revision = await this.append(payRunStream(county, month), events, metadata, loaded.revision);
      for (const e of events) loaded.run = evolvePayRun(loaded.run, e, metadata.decision.actorId);
    }
    void this.computeInBackground(county, month);
    return loaded;
  }

  computeInBackground(county: string, month: Month): Promise<void> {
    const key = payRunStream(county, month);
    let running = this.computing.get(key);
    if (!running) {
      running = this.compute(county, month)
        .catch((error: unknown) =>
          this.logger.error(`pay run ${key} stopped: ${(error as Error).message}`, (error as Error).stack),
        )
        .finally(() => this.computing.delete(key));
      this.computing.set(key, running);
    }
    return running;
  }

  /** Visits every account; returns when the control totals are fixed (or at once when they already are). */
  async compute(county: string, month: Month, onProgress?: (p: RunProgress) => void): Promise<void> {
    const key = payRunStream(county, month);
    const loaded = await this.load(county, month);
    let { run, revision } = loaded;
    const { opening } = loaded;
    if (run.status !== 'computing' || !opening) return;
    const metadata: CommandMetadata = { decision: opening.metadata.decision, now: opening.occurredAt };
    const rates = await this.rates.all();
    const progress: RunProgress = {
      accountsVisited: 0,
      accountsTotal: await this.countAccounts(),
      startedAt: new Date(),
    };
    this.progress.set(key, progress);
    let after: string | undefined;
    for (;;) {
      const page = await this.store.readCategory(SUBSIDY_CATEGORY, { afterStreamId: after, maxStreams: PAGE });
      if (!page.length) break;
      for (let attempt = 1; ; attempt++) {
        try {
          ({ run, revision } = await this.schedulePage(page, run, revision, rates, metadata));
          break;
        } catch (error) {
          if (!(error instanceof WrongExpectedVersion) || attempt >= BATCH_RETRIES) throw error;
          // An account changed under us (or another process computes too): read the page again.
          ({ run, revision } = await this.load(county, month));
          if (run.status !== 'computing') return;
          const fresh = await this.store.readCategory(SUBSIDY_CATEGORY, {
            afterStreamId: after,
            maxStreams: page.length,
          });
          page.splice(0, page.length, ...fresh);
        }
      }
      after = page[page.length - 1].streamId;
      progress.accountsVisited += page.length;
      onProgress?.(progress);
    }
    const computed = decideComputed(run, progress.accountsVisited);
    if (computed.length) await this.append(key, computed, metadata, revision);
    this.logger.log(
      `pay run ${key}: ${run.totals.count} payments, ${run.totals.amount} fen, ${progress.accountsVisited} accounts`,
    );
  }

  private async schedulePage(
    page: { streamId: string; events: RecordedEvent[] }[],
    run: PayRun,
    revision: number,
    rates: Rates,
    metadata: CommandMetadata,
  ): Promise<{ run: PayRun; revision: number }> {
    const { county, month, runId } = run as PayRun & { county: string; month: Month; runId: string };
    const writes: StreamWrite[] = [];
    const batch: BatchedPayment[] = [];
    for (const { streamId, events } of page) {
      const state = foldAccount(events);
      if (!state.childId) continue;
      const command = { type: 'SchedulePayments' as const, data: { runId, county, month }, metadata };
      const scheduled = decide(command, state, rates);
      if (!scheduled.length) continue;
      writes.push({
        streamId,
        events: envelope(scheduled, metadata, { subjectId: state.childId }),
        expected: events[events.length - 1].revision,
      });
      for (const e of scheduled)
        if (e.type === 'PaymentScheduled')
          batch.push({
            reference: e.data.reference,
            childId: state.childId,
            programme: e.data.programme,
            amount: e.data.amount,
          });
    }
    const runEvents = decideBatch(batch, run);
    if (!runEvents.length) return { run, revision };
    writes.push({
      streamId: payRunStream(county, month),
      events: envelope(runEvents, metadata),
      expected: revision,
    });
    const results = await this.store.appendMany(writes);
    for (const e of runEvents) run = evolvePayRun(run, e, metadata.decision.actorId);
    return { run, revision: results[results.length - 1].nextExpectedRevision };
  }

  async approve(county: string, month: Month, confirmed: Totals, metadata: CommandMetadata, ifMatch?: number) {
    return this.decideOn(county, month, ifMatch, metadata, (run) => decideApproval(confirmed, run, metadata));
  }

  /** The bank file: the same bytes every time; the first export is recorded with its digest. */
  async export(county: string, month: Month, metadata: CommandMetadata): Promise<{ csv: string; sha256: string }> {
    const { run } = await this.existing(county, month);
    if (run.status !== 'approved' && run.status !== 'exported')
      throw new SubsidyError('SUBSIDY.WRONG_STEP', { status: run.status });
    const csv = exportLines(run.payments.values(), month);
    const sha256 = createHash('sha256').update(csv).digest('hex');
    await this.decideOn(county, month, undefined, metadata, (r) => decideExport(sha256, r));
    return { csv, sha256 };
  }

  /**
   * Imports the bank's results: the run records the reconciliation, and each result is recorded on
   * the child's account in batches (a failed payment is then re-issued by the next run). Importing
   * the same file again applies nothing.
   */
  async importResults(county: string, month: Month, file: string, results: BankResult[], metadata: CommandMetadata) {
    const importId = createHash('sha256').update(file).digest('hex');
    const { run, revision } = await this.existing(county, month);
    const { events, apply } = reconcile(importId, results, run);
    for (let i = 0; i < apply.length; i += PAGE) await this.settle(apply.slice(i, i + PAGE), run, metadata);
    if (events.length) await this.append(payRunStream(county, month), events, metadata, revision);
    return { importId, summary: events[0]?.data ?? null };
  }

  private async settle(results: BankResult[], run: PayRun, metadata: CommandMetadata): Promise<void> {
    const day = new Date(metadata.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const byChild = new Map<string, BankResult[]>();
    for (const r of results) {
      const childId = run.payments.get(r.reference)?.childId as string;
      const list = byChild.get(childId);
      if (list) list.push(r);
      else byChild.set(childId, [r]);
    }
    for (let attempt = 1; ; attempt++) {
      // The accounts of one chunk are read side by side (the pool bounds the concurrency).
      const accounts = await Promise.all(
        [...byChild].map(async ([childId, childResults]) => ({
          childId,
          childResults,
          events: await this.store.readStream(subsidyStream(childId)),
        })),
      );
      const writes: StreamWrite[] = [];
      for (const { childId, childResults, events } of accounts) {
        let state = foldAccount(events);
        const decided = [];
        for (const r of childResults) {
          const command = {
            type: 'SettlePayment' as const,
            data: { reference: r.reference, outcome: r.outcome, on: day, ...(r.note ? { bankNote: r.note } : {}) },
            metadata,
          };
          const settled = decide(command, state, {});
          for (const event of settled) state = evolve(state, { event, actorId: metadata.decision.actorId });
          decided.push(...settled);
        }
        if (decided.length)
          writes.push({
            streamId: subsidyStream(childId),
            events: envelope(decided, metadata, { subjectId: childId }),
            expected: events[events.length - 1].revision,
          });
      }
      if (!writes.length) return;
      try {
        await this.store.appendMany(writes);
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion) || attempt >= BATCH_RETRIES) throw error;
      }
    }
  }

  private async existing(county: string, month: Month): Promise<LoadedRun> {
    const loaded = await this.load(county, month);
    if (loaded.run.status === 'none') throw new SubsidyError('SUBSIDY.PAYRUN_NOT_FOUND', { county, month });
    return loaded;
  }

  private async decideOn(
    county: string,
    month: Month,
    ifMatch: number | undefined,
    metadata: CommandMetadata,
    decideWith: (run: PayRun) => PayRunEvent[],
  ): Promise<{ revision: number }> {
    const { run, revision } = await this.existing(county, month);
    if (ifMatch !== undefined && ifMatch !== revision) throw revisionMismatch(ifMatch, revision);
    const events = decideWith(run);
    if (!events.length) return { revision };
    return { revision: await this.append(payRunStream(county, month), events, metadata, revision) };
  }

  private async append(
    streamId: string,
    events: PayRunEvent[],
    metadata: CommandMetadata,
    revision: number,
  ): Promise<number> {
    try {
      const result = await this.store.append(
        streamId,
        envelope(events, metadata),
        revision < 0 ? 'no_stream' : revision,
      );
      return result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersion) throw new VersionConflict({ actual: error.actual }, error);
      throw error;
    }
  }

  /**
   * Runs left computing (opened, not yet computed), from the event store itself: the read model may
   * not have seen a run that was opened just before a crash. A computing run's last event is its
   * opening or a batch; there are few runs (counties × months), each read from its end.
   */
  async interrupted(): Promise<{ county: string; month: Month }[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      'SELECT stream_id FROM es_streams WHERE category = $1 ORDER BY stream_id',
      [PAYRUN_CATEGORY],
    );
    const found: { county: string; month: Month }[] = [];
    for (const { stream_id } of rows) {
      const match = /^payrun-(\d{6})-(\d{4}-\d{2})$/.exec(stream_id);
      if (!match) continue;
      const [last] = await this.store.readStream(stream_id, { direction: 'backwards', maxCount: 1 });
      if (last?.type === 'PayRunOpened' || last?.type === 'PaymentsBatched')
        found.push({ county: match[1], month: match[2] });
    }
    return found;
  }

  /** For the progress figure only: an estimate from the stream table (the run itself reads through the port). */
  private async countAccounts(): Promise<number> {
    const { rows } = await this.pool
      .query<{ n: string }>('SELECT count(*) AS n FROM es_streams WHERE category = $1', [SUBSIDY_CATEGORY])
      .catch(() => ({ rows: [{ n: '0' }] }));
    return Number(rows[0].n);
  }
}
