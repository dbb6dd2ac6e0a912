import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';

export const PG_POOL = Symbol('PG_POOL');
export const InjectPgPool = () => Inject(PG_POOL);

export const pgPoolProvider = {
  provide: PG_POOL,
  inject: [ConfigService],
  useFactory: (config: ConfigService) =>
    new Pool({ connectionString: config.getOrThrow<string>('DATABASE_URL'), max: 10, connectionTimeoutMillis: 5_000 }),
};

@Injectable()
export class PgPoolCloser implements OnApplicationShutdown {
  constructor(@InjectPgPool() private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
