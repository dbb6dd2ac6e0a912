import { AnyContract, IntegrationContract } from '@app/contracts';
import type { RecordedEvent } from '@app/event-store';

/**
 * Domain events are mapped to integration events explicitly, at the boundary (STYLE.md §5): the
 * service lists, per stored event type, the contract it publishes and how to build the payload.
 * Stored events without a rule are not published. A rule may also return undefined for an event it
 * does not publish.
 */
export interface IntegrationMessage<Payload = unknown> {
  contract: IntegrationContract<string, Payload>;
  payload: Payload;
}

export interface MappingRule {
  readonly contract: AnyContract;
  map(event: RecordedEvent): IntegrationMessage | undefined;
}

export interface IntegrationEventMapper {
  /** Every contract the mapper may produce: their topics are created at start and documented. */
  readonly contracts: AnyContract[];
  map(event: RecordedEvent): IntegrationMessage | undefined;
}

/** One rule: publish events of a stored type as `contract`, with the payload `toPayload` builds. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function publishAs<Payload, Data = any>(
  contract: IntegrationContract<string, Payload>,
  toPayload: (event: RecordedEvent<string, Data>) => Payload | undefined,
): MappingRule {
  return {
    contract,
    map: (event) => {
      const payload = toPayload(event as RecordedEvent<string, Data>);
      return payload === undefined ? undefined : { contract, payload };
    },
  };
}

/** The mapper of a service: stored event type → rule. */
export function defineMapper(rules: Record<string, MappingRule>): IntegrationEventMapper {
  const table = new Map(Object.entries(rules));
  return {
    contracts: [...new Set([...table.values()].map((rule) => rule.contract))],
    map: (event) => table.get(event.type)?.map(event),
  };
}
