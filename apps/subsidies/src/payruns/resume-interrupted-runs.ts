import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { payRunStream } from '../domain';
import { PayRuns } from './pay-runs.service';

/**
 * A run whose computation was cut off (crash, deploy) continues when the service starts again. The
 * runs to resume are found in the event store, not in the read model: a run opened just before the
 * crash may not have reached the read model, and would otherwise stay 'computing' until someone
 * opened it again.
 */
@Injectable()
export class ResumeInterruptedRuns implements OnApplicationBootstrap {
  private readonly logger = new Logger(ResumeInterruptedRuns.name);

  constructor(private readonly runs: PayRuns) {}

  onApplicationBootstrap(): void {
    // In the background: the service answers while it resumes.
    void this.runs
      .interrupted()
      .then((runs) => {
        for (const { county, month } of runs) {
          this.logger.log(`resuming pay run ${payRunStream(county, month)}`);
          void this.runs.computeInBackground(county, month);
        }
      })
      .catch((error: unknown) => this.logger.warn(`could not look for interrupted runs: ${(error as Error).message}`));
  }
}
