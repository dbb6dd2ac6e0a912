import { Controller, Get } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Connection } from 'mongoose';
import { Pool } from 'pg';
import { InjectPgPool } from '../infrastructure/postgres';
import { KafkaAdmin } from '../infrastructure/kafka';
import { Public } from '../http/public.decorator';

const CHECK_TIMEOUT_MS = 3_000;

/** Liveness and readiness: each backing server is reported on its own, so an operator sees which is down. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectPgPool() private readonly pool: Pool,
    private readonly kafka: KafkaAdmin,
    @InjectConnection() private readonly mongo: Connection,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Reports PostgreSQL, Kafka and MongoDB individually (503 when any is down).' })
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('postgres')
          .attempt(async () => {
            const { rows } = await this.pool.query<{ version: string }>('select current_setting($1) as version', [
              'server_version',
            ]);
            return { version: rows[0]?.version };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('kafka')
          .attempt(() => this.kafka.describeCluster())
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('mongodb')
          .attempt(async () => {
            const db = this.mongo.db;
            if (!db) throw new Error('not connected');
            await db.admin().ping();
            return { database: db.databaseName };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }
}
