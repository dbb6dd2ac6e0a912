import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AnyIntegrationHandler, HandlerContext, IntegrationEvent } from '../consumer/handler';
import { INTEGRATION_HANDLER_METADATA, IntegrationHandlerMetadata } from './on-integration-event.decorator';

export interface DiscoveredHandler {
  /** The group suffix from the decorator, if any. */
  group?: string;
  handler: AnyIntegrationHandler;
}

/** Finds the `@OnIntegrationEvent` methods of every provider of the application. */
@Injectable()
export class IntegrationHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  explore(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const target = (instance as Record<string, unknown>)[method] as (...args: unknown[]) => Promise<void>;
        const metadata = this.reflector.get<IntegrationHandlerMetadata | undefined>(
          INTEGRATION_HANDLER_METADATA,
          target,
        );
        if (!metadata) continue;
        // A consumer outlives any request: a request-scoped provider has no instance to call.
        if (!wrapper.isDependencyTreeStatic()) {
          throw new Error(
            `${String(wrapper.name)}.${method}: integration event handlers must be in singleton providers`,
          );
        }
        found.push({
          group: metadata.group,
          handler: {
            contract: metadata.contract,
            idempotency: metadata.idempotency,
            name: `${String(wrapper.name)}.${method}`,
            handle: (event: IntegrationEvent, ctx: HandlerContext) => target.call(instance, event, ctx),
          } as AnyIntegrationHandler,
        });
      }
    }
    return found;
  }
}
