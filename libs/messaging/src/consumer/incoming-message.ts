import type { KafkaMessage } from 'kafkajs';
import { ContractViolation, validate } from '@app/contracts';
import { MalformedMessage, readHeaders } from '../headers';
import { DeadLetterReason } from './dead-letter';
import { AnyIntegrationHandler, IntegrationEvent } from './handler';

export type Decoded =
  /** A contract this consumer group does not handle: other groups read this topic for it. */
  | { kind: 'ignored'; contract: string }
  /** A message that no retry can fix: straight to the dead-letter topic. */
  | { kind: 'poison'; reason: DeadLetterReason; error: string }
  | { kind: 'event'; event: IntegrationEvent; handler: AnyIntegrationHandler };

/** Handlers by contract name, then version. One handler per contract version in a consumer group. */
export type HandlerTable = Map<string, Map<number, AnyIntegrationHandler>>;

export function handlerTable(handlers: AnyIntegrationHandler[]): HandlerTable {
  const table: HandlerTable = new Map();
  for (const handler of handlers) {
    const { name, version, id } = handler.contract;
    const versions = table.get(name) ?? new Map<number, AnyIntegrationHandler>();
    // Two handlers of one event in one group would share one processed-message row: the second
    // would never run. Give it a group of its own instead.
    if (versions.has(version)) throw new Error(`two handlers for ${id} in one consumer group`);
    versions.set(version, handler);
    table.set(name, versions);
  }
  return table;
}

/** Reads a message: headers, contract, JSON value, contract validation. */
export function decodeMessage(message: KafkaMessage, handlers: HandlerTable): Decoded {
  let headers;
  try {
    headers = readHeaders(message.headers);
  } catch (error) {
    if (error instanceof MalformedMessage) return { kind: 'poison', reason: 'malformed', error: error.message };
    throw error;
  }
  const versions = handlers.get(headers.contract);
  if (!versions) return { kind: 'ignored', contract: headers.contract };
  const handler = versions.get(headers.contractVersion);
  if (!handler) {
    return {
      kind: 'poison',
      reason: 'unknown-contract-version',
      error: `no handler for ${headers.contract} v${headers.contractVersion} (handled: v${[...versions.keys()].join(', v')})`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(message.value?.toString() ?? '');
  } catch (error) {
    return { kind: 'poison', reason: 'malformed', error: `the value is not JSON: ${(error as Error).message}` };
  }
  let payload: unknown;
  try {
    payload = validate(handler.contract, value);
  } catch (error) {
    if (error instanceof ContractViolation)
      return { kind: 'poison', reason: 'contract-violation', error: error.message };
    throw error;
  }
  return {
    kind: 'event',
    handler,
    event: {
      id: headers.eventId,
      contract: headers.contract,
      contractVersion: headers.contractVersion,
      key: message.key?.toString() ?? '',
      payload,
      occurredAt: headers.occurredAt,
      correlationId: headers.correlationId,
      causationId: headers.causationId,
      traceparent: headers.traceparent,
      source: {
        stream: headers.sourceStream,
        revision: headers.sourceRevision,
        eventType: headers.eventType,
        schemaVersion: headers.schemaVersion,
      },
    },
  };
}
