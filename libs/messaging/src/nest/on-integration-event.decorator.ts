import { SetMetadata } from '@nestjs/common';
import { AnyContract, IntegrationContract } from '@app/contracts';
import { HandlerContext, Idempotency, InboxContext, IntegrationEvent } from '../consumer/handler';

export const INTEGRATION_HANDLER_METADATA = 'messaging:on-integration-event';

export interface IntegrationHandlerMetadata {
  contract: AnyContract;
  idempotency: Idempotency;
  /** Consumer group suffix: handlers with their own group keep their own offsets and retries. */
  group?: string;
}

type Method<Context, Payload> = TypedPropertyDescriptor<
  (event: IntegrationEvent<Payload>, ctx: Context) => Promise<void>
>;

/**
 * Marks a provider method as the handler of an integration event. The method's signature is checked
 * against the contract: its event is typed by the contract's payload. By default its effect goes
 * through `ctx.tx`, in the transaction that records the event as processed (exactly once per
 * consumer group); with `idempotency: 'deterministic-ids'` it appends to the event store with ids
 * from `ctx.deriveEventId`.
 */
export function OnIntegrationEvent<Payload>(
  contract: IntegrationContract<string, Payload>,
  options: { idempotency: 'deterministic-ids'; group?: string },
): (target: object, key: string | symbol, descriptor: Method<HandlerContext, Payload>) => void;
export function OnIntegrationEvent<Payload>(
  contract: IntegrationContract<string, Payload>,
  options?: { idempotency?: 'inbox'; group?: string },
): (target: object, key: string | symbol, descriptor: Method<InboxContext, Payload>) => void;
export function OnIntegrationEvent(
  contract: AnyContract,
  options: { idempotency?: Idempotency; group?: string } = {},
): MethodDecorator {
  if (options.group !== undefined && !/^[a-z][a-z0-9-]*$/.test(options.group)) {
    throw new Error(`consumer group suffix must be lower case [a-z0-9-]: ${options.group}`);
  }
  const metadata: IntegrationHandlerMetadata = {
    contract,
    idempotency: options.idempotency ?? 'inbox',
    group: options.group,
  };
  return SetMetadata(INTEGRATION_HANDLER_METADATA, metadata);
}
