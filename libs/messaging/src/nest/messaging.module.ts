import { DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { KAFKA, PG_POOL } from '@app/platform';
import { IntegrationHandlerExplorer } from './integration-handler.explorer';
import { MESSAGING_OPTIONS, MESSAGING_SETTINGS, MessagingModuleOptions } from './messaging.options';
import { MessagingRuntime } from './messaging.runtime';
import { parseMessagingSettings } from './messaging-settings';

/**
 * Messaging for one service: its relay (event store → Kafka) and its consumers, the methods of its
 * providers marked `@OnIntegrationEvent(contract)`, each part switched by MESSAGING_RELAY and
 * MESSAGING_CONSUMERS.
 *
 * Why a module of our own and not a @nestjs/microservices Kafka transport: the transport's handler
 * receives a message and the framework commits offsets around it, so the guarantees this system
 * needs would live outside the handler's reach — the processed-event row committed in the handler's
 * own transaction, contract validation before the handler, bounded retries with backoff, dead
 * letters acknowledged before the offset moves, waiting out a database outage without dead-lettering.
 * It also has no place for the relay, which is not a message handler. Discovery gives the same
 * decorator ergonomics with all of these in one visible place (integration-consumer.ts).
 */
@Module({})
export class MessagingModule {
  static forService(
    options: Omit<MessagingModuleOptions, 'kafkaToken' | 'poolToken'> & Partial<MessagingModuleOptions>,
  ): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: { kafkaToken: KAFKA, poolToken: PG_POOL, ...options } },
        {
          provide: MESSAGING_SETTINGS,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => parseMessagingSettings((name) => config.get<string>(name)),
        },
        IntegrationHandlerExplorer,
        MessagingRuntime,
      ],
      exports: [MessagingRuntime],
    };
  }
}
