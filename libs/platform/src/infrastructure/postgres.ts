import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';

export const PG_POOL = Symbol('PG_POOL');
export const InjectPgPool = () => Inject(PG_POOL);

export const pgPoolProvider = {
  provide: PG_POOL,
  inject: [ConfigService],
  useFactory: (config: ConfigService) => {
    const pool = new Pool({
      connectionString: config.getOrThrow<string>('DATABASE_URL'),
      max: 10,
      connectionTimeoutMillis: 5_000,
    });
    // An idle connection that PostgreSQL closes (a restart) emits 'error' on the pool; unhandled, that
    // would end the process. The pool replaces the connection; the next query reports any outage.
    pool.on('error', (error) => new Logger('PostgreSQL').warn(`idle connection lost: ${error.message}`));
    return pool;
  },
};

@Injectable()
export class PgPoolCloser implements OnApplicationShutdown {
  constructor(@InjectPgPool() private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
