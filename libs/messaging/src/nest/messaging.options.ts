import { InjectionToken } from '@nestjs/common';
import { RetryPolicy } from '../consumer/backoff';
import { IntegrationEventMapper } from '../mapping';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const MESSAGING_SETTINGS = Symbol('MESSAGING_SETTINGS');

export interface MessagingModuleOptions {
  /** The service: names the relay's checkpoint (`relay:<service>`) and the default consumer group. */
  service: string;
  /** The relay of the service's own categories; absent for a service that publishes nothing. */
  relay?: {
    categories: string[];
    mapper: IntegrationEventMapper;
    /** The provider of the service's EventStore (decrypting, upcasting: the mapper sees current shapes). */
    eventStore: InjectionToken;
    batchSize?: number;
  };
  consumers?: {
    retry?: Partial<RetryPolicy>;
    partitionsConsumedConcurrently?: number;
  };
  /** Where the Kafka client and PostgreSQL pool come from; PlatformModule's by default. */
  kafkaToken: InjectionToken;
  poolToken: InjectionToken;
}
