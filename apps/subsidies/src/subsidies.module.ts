import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { EVENT_STORE, EventStoreModule } from '@app/event-store/nest';
import { MessagingModule } from '@app/messaging';
import { KAFKA, PG_POOL, PlatformModule } from '@app/platform';
import { ProjectionsModule } from '@app/projections';
import { SubsidyAccounts } from './accounts/subsidy-accounts.service';
import { BeneficiariesController } from './http/beneficiaries.controller';
import { PayRunsController } from './http/payruns.controller';
import { RatesController } from './http/rates.controller';
import { PayRuns } from './payruns/pay-runs.service';
import { ResumeInterruptedRuns } from './payruns/resume-interrupted-runs';
import { projections } from './projections';
import { RateTables } from './rates/rate-tables.service';
import { RegistryFactsReactions } from './reactions/registry-facts.reactions';

@Module({
  imports: [
    PlatformModule.forService('subsidies'),
    AuthModule.forService('subsidies'),
    EventStoreModule.forService(),
    ProjectionsModule.forRoot({ projections, eventStore: EVENT_STORE }),
    MessagingModule.forService({ service: 'subsidies', kafkaToken: KAFKA, poolToken: PG_POOL }),
  ],
  controllers: [BeneficiariesController, RatesController, PayRunsController],
  providers: [SubsidyAccounts, RateTables, PayRuns, ResumeInterruptedRuns, RegistryFactsReactions],
})
export class SubsidiesModule {}
