import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { SUBSIDY_PAYRUNS } from '../read-models/payruns.projection';
import { PayRuns } from './pay-runs.service';

/** A run whose computation was cut off (crash, deploy) continues when the service starts again. */
@Injectable()
export class ResumeInterruptedRuns implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResumeInterruptedRuns.name);

  constructor(
    private readonly runs: PayRuns,
    @InjectModel(SUBSIDY_PAYRUNS)
    private readonly rows: Model<{ _id: string; county: string; month: string; status: string }>,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the service answers while it resumes; a read model that is not there yet resumes nothing.
    void this.rows
      .find({ status: 'computing' })
      .lean()
      .then((rows) => {
        for (const row of rows) {
          this.logger.log(`resuming pay run ${row._id}`);
          void this.runs.computeInBackground(row.county, row.month);
        }
      })
      .catch((error: unknown) => this.logger.warn(`could not look for interrupted runs: ${(error as Error).message}`));
  }
}
