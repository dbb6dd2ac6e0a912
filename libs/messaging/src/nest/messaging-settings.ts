/**
 * The settings that switch a service's messaging parts (ARCHITECTURE.md §1: each part can be
 * switched off by configuration, e.g. to run the relay in one replica only):
 * - MESSAGING_RELAY=on|off       (default on)  the relay, event store → Kafka
 * - MESSAGING_CONSUMERS=on|off   (default on)  the integration event consumers
 * - MESSAGING_MAX_ATTEMPTS=<n>   (default 5)   handler attempts before a message is dead-lettered
 * - MESSAGING_GROUP_PREFIX=<p>   (default none) prefixed to consumer group ids, so a second copy of a
 *   service (a test, a staging copy on a shared broker) keeps its own offsets instead of joining the
 *   real service's group and taking its messages
 * - KAFKA_TOPIC_PREFIX=<p>       (default none) prefixed to every topic the relay produces to and the
 *   consumers read, so a copy of the system (an end-to-end test) has topics of its own
 */
export interface MessagingSettings {
  relay: boolean;
  consumers: boolean;
  maxAttempts?: number;
  groupPrefix?: string;
  topicPrefix?: string;
}

export class MessagingConfigurationError extends Error {}

function onOff(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '') return true;
  const normalised = value.trim().toLowerCase();
  if (normalised === 'on' || normalised === 'true' || normalised === '1') return true;
  if (normalised === 'off' || normalised === 'false' || normalised === '0') return false;
  throw new MessagingConfigurationError(`Configuration error: ${name} must be on or off, not "${value}"`);
}

export function parseMessagingSettings(get: (name: string) => string | undefined): MessagingSettings {
  const attempts = get('MESSAGING_MAX_ATTEMPTS');
  let maxAttempts: number | undefined;
  if (attempts !== undefined && attempts !== '') {
    maxAttempts = Number(attempts);
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
      throw new MessagingConfigurationError(
        `Configuration error: MESSAGING_MAX_ATTEMPTS must be a whole number from 1 to 100, not "${attempts}"`,
      );
    }
  }
  const groupPrefix = get('MESSAGING_GROUP_PREFIX') || undefined;
  if (groupPrefix !== undefined && !/^[a-z0-9][a-z0-9._-]{0,60}$/.test(groupPrefix)) {
    throw new MessagingConfigurationError(
      `Configuration error: MESSAGING_GROUP_PREFIX may hold lower-case letters, digits, '.', '_' and '-' only, not "${groupPrefix}"`,
    );
  }
  const topicPrefix = get('KAFKA_TOPIC_PREFIX') || undefined;
  if (topicPrefix !== undefined && !/^[a-z0-9][a-z0-9._-]{0,60}$/.test(topicPrefix)) {
    throw new MessagingConfigurationError(
      `Configuration error: KAFKA_TOPIC_PREFIX may hold lower-case letters, digits, '.', '_' and '-' only, not "${topicPrefix}"`,
    );
  }
  return {
    groupPrefix,
    topicPrefix,
    relay: onOff('MESSAGING_RELAY', get('MESSAGING_RELAY')),
    consumers: onOff('MESSAGING_CONSUMERS', get('MESSAGING_CONSUMERS')),
    maxAttempts,
  };
}
