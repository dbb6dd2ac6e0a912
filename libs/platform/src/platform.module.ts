import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { MongooseModule } from '@nestjs/mongoose';
import { TerminusModule } from '@nestjs/terminus';
import { parseServiceEnvironment } from './config/service-environment';
import { HealthController } from './health/health.controller';
import { KafkaAdmin, kafkaProvider, KAFKA } from './infrastructure/kafka';
import { PG_POOL, PgPoolCloser, pgPoolProvider } from './infrastructure/postgres';
import { ServiceName } from './services';

/**
 * What every service process has: validated configuration, one PostgreSQL pool, one Kafka client,
 * one mongoose connection and GET /health. Import it once, in the service's root module.
 */
@Module({})
export class PlatformModule {
  static forService(name: ServiceName): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, cache: true, validate: parseServiceEnvironment }),
        MongooseModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            uri: config.getOrThrow<string>('MONGO_URL'),
            serverSelectionTimeoutMS: 5_000,
            retryAttempts: 3,
            retryDelay: 1_000,
          }),
        }),
        TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }),
      ],
      controllers: [HealthController],
      providers: [pgPoolProvider, PgPoolCloser, kafkaProvider(name), KafkaAdmin],
      exports: [PG_POOL, KAFKA, KafkaAdmin],
    };
  }
}
