/**
 * Kafka headers every integration event carries (ARCHITECTURE.md §4). They are part of the wire
 * contract, so they are defined here and listed in the AsyncAPI document; libs/messaging writes
 * and reads them. The value of a message is the contract's payload alone (JSON).
 */
export const MESSAGE_HEADERS = {
  /** The id of the stored event the message was mapped from (UUID). Consumers de-duplicate on it. */
  eventId: 'event-id',
  /** The stored event's type and schema version, to trace a message back to the event store. */
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  /** Which contract the payload follows; consumers dispatch and validate on these two. */
  contract: 'contract',
  contractVersion: 'contract-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  /** W3C trace context. */
  traceparent: 'traceparent',
  /** When the fact happened (ISO 8601), not when it was relayed. */
  occurredAt: 'occurred-at',
  sourceStream: 'source-stream',
  sourceRevision: 'source-revision',
} as const;

/** Added by a consumer when it moves a message to `<topic>.dlq`, next to the original headers. */
export const DEAD_LETTER_HEADERS = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  attempts: 'dlq-attempts',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
} as const;

export const HEADER_DESCRIPTIONS: Record<(typeof MESSAGE_HEADERS)[keyof typeof MESSAGE_HEADERS], string> = {
  'event-id': 'Id of the stored event (UUID); consumers de-duplicate on it.',
  'event-type': "The stored domain event's type.",
  'schema-version': "The stored domain event's schema version.",
  contract: 'The contract name the payload follows.',
  'contract-version': 'The contract version the payload follows.',
  'correlation-id': 'Id of the request or process this event belongs to.',
  'causation-id': 'Id of the command or event that caused this event.',
  traceparent: 'W3C trace context (00-<trace id>-<parent id>-<flags>).',
  'occurred-at': 'When the fact happened (ISO 8601).',
  'source-stream': 'The event store stream the event was appended to (equals the key).',
  'source-revision': 'Revision of the event in its stream.',
};

export const DEAD_LETTER_SUFFIX = '.dlq';
export const deadLetterTopicOf = (topic: string): string => `${topic}${DEAD_LETTER_SUFFIX}`;
