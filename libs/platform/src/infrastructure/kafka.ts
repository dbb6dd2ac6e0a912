import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Admin, Kafka, logLevel } from 'kafkajs';

export const KAFKA = Symbol('KAFKA');
export const InjectKafka = () => Inject(KAFKA);

export function createKafka(clientId: string, brokers: string): Kafka {
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.WARN,
    connectionTimeout: 3_000,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

export const kafkaProvider = (clientId: string) => ({
  provide: KAFKA,
  inject: [ConfigService],
  useFactory: (config: ConfigService) => createKafka(clientId, config.getOrThrow<string>('KAFKA_BROKERS')),
});

/** One lazily connected admin client, reconnected after a failure; used by health checks. */
@Injectable()
export class KafkaAdmin implements OnApplicationShutdown {
  private admin?: Admin;
  constructor(@InjectKafka() private readonly kafka: Kafka) {}

  async describeCluster(): Promise<{ brokers: number; controller: number | null }> {
    try {
      if (!this.admin) {
        this.admin = this.kafka.admin({ retry: { retries: 0 } });
        await this.admin.connect();
      }
      const cluster = await this.admin.describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    } catch (error) {
      await this.onApplicationShutdown();
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect().catch(() => undefined);
  }
}
