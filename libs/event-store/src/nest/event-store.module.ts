import { DynamicModule, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';
import { PG_POOL, secretFromConfiguration } from '@app/platform';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { PostgresCheckpointStore } from '../postgres/postgres-checkpoint-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { ensureEventStoreSchema } from '../postgres/schema';
import { ProtectedEventStore } from '../protected-event-store';
import { Upcaster, Upcasters } from '../upcasting';

/** The service's event store: decision records enforced, personal data encrypted, upcast on read. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CHECKPOINT_STORE = Symbol('CHECKPOINT_STORE');
export const InjectEventStore = () => Inject(EVENT_STORE);

@Injectable()
class EventStoreSchema implements OnModuleInit {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly vault: PersonalDataVault,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureEventStoreSchema(this.pool);
    await this.vault.ensureSchema();
  }
}

/** Needs PlatformModule (PG_POOL, ConfigService); PERSONAL_DATA_MASTER_KEY (required in production). */
@Module({})
export class EventStoreModule {
  static forService(options: { upcasters?: Upcaster[] } = {}): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: PersonalDataVault,
          inject: [PG_POOL, ConfigService],
          useFactory: (pool: Pool, config: ConfigService) =>
            new PersonalDataVault(
              pool,
              secretFromConfiguration('PERSONAL_DATA_MASTER_KEY', config.get<string>('PERSONAL_DATA_MASTER_KEY')),
            ),
        },
        {
          provide: EVENT_STORE,
          inject: [PG_POOL, PersonalDataVault],
          useFactory: (pool: Pool, vault: PersonalDataVault) =>
            new ProtectedEventStore(new PostgresEventStore(pool), vault, new Upcasters(options.upcasters)),
        },
        { provide: CHECKPOINT_STORE, inject: [PG_POOL], useFactory: (pool: Pool) => new PostgresCheckpointStore(pool) },
        EventStoreSchema,
      ],
      exports: [EVENT_STORE, CHECKPOINT_STORE, PersonalDataVault],
    };
  }
}
