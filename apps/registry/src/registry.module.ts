import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { EVENT_STORE, EventStoreModule } from '@app/event-store/nest';
import { MessagingModule } from '@app/messaging';
import { PG_POOL, KAFKA, PlatformModule } from '@app/platform';
import { ProjectionsModule } from '@app/projections';
import { AgeingOutScheduler } from './ageing-out/ageing-out.scheduler';
import { CensusController } from './census/census.controller';
import { ChildFiles } from './children/child-files.service';
import { ChildIndex } from './children/child-index';
import { ReportsController } from './reports/reports.controller';
import { ChildrenController } from './children/children.controller';
import { registryMapper } from './children/registry.mapper';
import { projections } from './projections';

@Module({
  imports: [
    PlatformModule.forService('registry'),
    AuthModule.forService('registry'),
    EventStoreModule.forService(),
    ProjectionsModule.forRoot({ projections, eventStore: EVENT_STORE }),
    MessagingModule.forService({
      service: 'registry',
      relay: { categories: ['child'], mapper: registryMapper, eventStore: EVENT_STORE },
      kafkaToken: KAFKA,
      poolToken: PG_POOL,
    }),
  ],
  controllers: [ChildrenController, CensusController, ReportsController],
  providers: [ChildFiles, ChildIndex, AgeingOutScheduler],
})
export class RegistryModule {}
