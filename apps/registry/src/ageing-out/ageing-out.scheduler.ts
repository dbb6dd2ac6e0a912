import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { Pool } from 'pg';
import { systemDecision } from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { ChildFiles } from '../children/child-files.service';
import { CHILD_FILES } from '../children/child-files.projection';
import { CHILD_INDEX } from '../children/child-index';
import { addYears, AGEING_OUT_SCHEDULER, chinaDateOf, RegistryError } from '../domain';

const LOCK = 7201104;

/**
 * Ages files out at 18, and records the age groups reached at 6 and 12 (an automated decision of the explicit system actor
 * system:ageing-out-scheduler). Runs hourly (AGEING_OUT_INTERVAL_MINUTES, 0 = off); one replica at a
 * time (an advisory lock); the AgeOut command is idempotent, so a repeat or a lagging read model
 * changes nothing.
 */
@Injectable()
export class AgeingOutScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AgeingOutScheduler');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly files: ChildFiles,
    @InjectModel(CHILD_FILES) private readonly list: Model<{ childId: string; agesOutOn: string; status: string }>,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    const minutes = Number(this.config.get('AGEING_OUT_INTERVAL_MINUTES') ?? 60);
    if (minutes > 0)
      this.timer = setInterval(() => void this.runOnce().catch((e) => this.logger.error(e)), minutes * 60_000);
    this.timer?.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Ages out every active file whose 18th birthday is on or before `now` (China time); returns how many. */
  async runOnce(now = new Date()): Promise<number> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LOCK]);
      if (!rows[0].locked) return 0;
      try {
        const today = chinaDateOf(now);
        const due = await this.list
          .find({ status: 'active', agesOutOn: { $lte: today } }, { childId: 1, _id: 0 })
          .limit(10_000)
          .lean();
        let agedOut = 0;
        for (const { childId } of due) {
          try {
            const { events } = await this.files.execute(childId, {
              type: 'AgeOut',
              data: {},
              metadata: {
                decision: systemDecision(AGEING_OUT_SCHEDULER.slice('system:'.length), {
                  agency: 'civil-affairs',
                  jurisdiction: '330600',
                  reason: '年满18周岁，儿童保护档案自动转出 / turned 18',
                  policy: '浙民儿〔2014〕87号',
                }),
                now,
              },
            });
            agedOut += events.length ? 1 : 0;
          } catch (error) {
            // A file that ended otherwise (closed, merged) in the meantime: the read model lags.
            if (!(error instanceof RegistryError)) throw error;
          }
        }
        if (agedOut) this.logger.log(`${agedOut} files aged out`);
        const advanced = await this.advanceAgeGroups(now);
        if (advanced) this.logger.log(`${advanced} files reached the next age group`);
        return agedOut;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK]);
      }
    } finally {
      client.release();
    }
  }

  /**
   * Records the age group of every active file that passed its 6th or 12th birthday since its group
   * was last recorded (found in the registry's PostgreSQL index of files); returns how many.
   */
  async advanceAgeGroups(now = new Date()): Promise<number> {
    const today = chinaDateOf(now);
    const { rows } = await this.pool.query<{ child_id: string }>(
      `SELECT child_id FROM ${CHILD_INDEX}
        WHERE status = 'active'
          AND ((doc->>'ageGroup' = '0-5' AND birth_date <= $1) OR (doc->>'ageGroup' = '6-11' AND birth_date <= $2))
        LIMIT 10000`,
      [addYears(today, -6), addYears(today, -12)],
    );
    let advanced = 0;
    for (const { child_id: childId } of rows) {
      try {
        const { events } = await this.files.execute(childId, {
          type: 'AdvanceAgeGroup',
          data: {},
          metadata: {
            decision: systemDecision(AGEING_OUT_SCHEDULER.slice('system:'.length), {
              agency: 'civil-affairs',
              jurisdiction: '330600',
              reason: '年满6周岁或12周岁，年龄段变更 / reached the next age group',
              policy: '浙民儿〔2014〕87号',
            }),
            now,
          },
        });
        advanced += events.length ? 1 : 0;
      } catch (error) {
        if (!(error instanceof RegistryError)) throw error;
      }
    }
    return advanced;
  }
}
