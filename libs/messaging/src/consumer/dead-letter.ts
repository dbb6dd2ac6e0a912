import type { IHeaders, KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADERS as D, deadLetterTopicOf } from '@app/contracts';
import { ProducedMessage } from '../kafka/resilient-producer';

/** Why a message went to the dead-letter topic. */
export type DeadLetterReason =
  | 'malformed' // missing headers, or a value that is not JSON
  | 'unknown-contract-version' // a contract this consumer handles, in a version it does not know
  | 'contract-violation' // the payload breaks its contract
  | 'rejected' // the handler threw PermanentError
  | 'handler-failed'; // the handler failed maxAttempts times

export interface DeadLetter {
  reason: DeadLetterReason;
  error: string;
  topic: string;
  partition: number;
  offset: string;
  /** Attempts of the handler; 0 when the message never reached it. */
  attempts: number;
  consumerGroup: string;
  failedAt: Date;
}

/** Header values are bytes; a long error is cut so that one message stays well under the size limit. */
const MAX_ERROR_LENGTH = 4_000;

function originalHeaders(headers: IHeaders | undefined): Record<string, string | Buffer> {
  const result: Record<string, string | Buffer> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    // A message already dead-lettered once (re-driven) gets fresh dlq-* headers below.
    if (first !== undefined && !name.startsWith('dlq-')) result[name] = first;
  }
  return result;
}

/**
 * The dead-letter message: the original key, value (bytes as received) and headers, plus the error
 * and where the message came from, so it can be inspected and re-driven to its topic later.
 */
export function deadLetterMessage(message: KafkaMessage, letter: DeadLetter): ProducedMessage {
  return {
    topic: deadLetterTopicOf(letter.topic),
    key: message.key?.toString() ?? null,
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...originalHeaders(message.headers),
      [D.reason]: letter.reason,
      [D.error]: letter.error.slice(0, MAX_ERROR_LENGTH),
      [D.originalTopic]: letter.topic,
      [D.originalPartition]: String(letter.partition),
      [D.originalOffset]: letter.offset,
      [D.attempts]: String(letter.attempts),
      [D.consumerGroup]: letter.consumerGroup,
      [D.failedAt]: letter.failedAt.toISOString(),
    },
  };
}
