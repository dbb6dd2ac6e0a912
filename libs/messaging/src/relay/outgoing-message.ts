import { ContractViolation, validate } from '@app/contracts';
import type { RecordedEvent } from '@app/event-store';
import { buildHeaders } from '../headers';
import { IntegrationEventMapper } from '../mapping';

export interface OutgoingMessage {
  topic: string;
  /** The stream id: Kafka keeps one key's messages in order, so one entity's events stay in order. */
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * A stored event the relay cannot publish: the mapping gives a payload that breaks its contract, or
 * a key that is not the stream id. This is a bug in the service, never skipped: the relay stops at
 * the event (and reports it) until a corrected mapper is deployed, since skipping would lose it.
 */
export class RelayMappingError extends Error {
  readonly code = 'MESSAGING.MAPPING_FAILED';
  constructor(
    readonly event: Pick<RecordedEvent, 'id' | 'type' | 'streamId' | 'revision'>,
    detail: string,
    cause?: unknown,
  ) {
    super(`cannot publish event ${event.id} (${event.type}, ${event.streamId}@${event.revision}): ${detail}`, {
      cause,
    });
  }
}

/** The Kafka message for a stored event, or undefined when the service does not publish it. */
export function toOutgoingMessage(event: RecordedEvent, mapper: IntegrationEventMapper): OutgoingMessage | undefined {
  const mapped = mapper.map(event);
  if (!mapped) return undefined;
  const { contract } = mapped;
  let payload: unknown;
  try {
    payload = validate(contract, mapped.payload);
  } catch (error) {
    if (error instanceof ContractViolation) throw new RelayMappingError(event, error.message, error);
    throw error;
  }
  const key = contract.key.of(payload);
  if (key !== event.streamId) {
    throw new RelayMappingError(
      event,
      `the key rule of ${contract.id} gives ${key}, not the stream id: per-entity order would break`,
    );
  }
  return { topic: contract.topic, key, value: JSON.stringify(payload), headers: buildHeaders(event, contract) };
}
