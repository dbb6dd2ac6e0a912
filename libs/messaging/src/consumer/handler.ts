import type { PoolClient } from 'pg';
import { AnyContract, IntegrationContract } from '@app/contracts';
import type { DecisionRecord, EventMetadata } from '@app/event-store';

/** An integration event as a consumer receives it: the validated payload and what the headers say. */
export interface IntegrationEvent<Payload = unknown> {
  /** The producing service's stored event id; de-duplication is by this id. */
  id: string;
  contract: string;
  contractVersion: number;
  /** The Kafka key: the producer's stream id. */
  key: string;
  payload: Payload;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  traceparent?: string;
  source: { stream: string; revision: number; eventType: string; schemaVersion: number };
}

export interface HandlerContext {
  groupId: string;
  topic: string;
  partition: number;
  offset: string;
  /** 1 for the first delivery to the handler, 2 for its first retry, … */
  attempt: number;
  /**
   * The id of an event appended in reaction: the same for every delivery of this message, so the
   * event store turns a repeated append into a no-op (see deterministic-id.ts).
   */
  deriveEventId(purpose?: string): string;
  /** Metadata for events appended in reaction: same correlation, caused by this event. */
  causedBy(decision: DecisionRecord): EventMetadata;
}

/** The context of an inbox handler: its writes go through `tx`, the transaction that claims the message. */
export interface InboxContext extends HandlerContext {
  tx: PoolClient;
}

/**
 * How a handler makes its effect happen once per event:
 * - `inbox`: its effect is PostgreSQL writes on `ctx.tx`, committed with the processed-message row;
 * - `deterministic-ids`: its effect is event-store appends of events whose ids come from
 *   `ctx.deriveEventId`, which the store de-duplicates itself.
 */
export type Idempotency = 'inbox' | 'deterministic-ids';

export type IntegrationHandler<Payload = unknown> =
  | {
      contract: IntegrationContract<string, Payload>;
      idempotency: 'inbox';
      name?: string;
      handle(event: IntegrationEvent<Payload>, ctx: InboxContext): Promise<void>;
    }
  | {
      contract: IntegrationContract<string, Payload>;
      idempotency: 'deterministic-ids';
      name?: string;
      handle(event: IntegrationEvent<Payload>, ctx: HandlerContext): Promise<void>;
    };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyIntegrationHandler = IntegrationHandler<any>;

export const handlerName = (handler: AnyIntegrationHandler): string => handler.name ?? handler.contract.id;

export function contractsOf(handlers: AnyIntegrationHandler[]): AnyContract[] {
  return [...new Set(handlers.map((h) => h.contract))];
}
