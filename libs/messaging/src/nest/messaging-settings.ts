/**
 * The settings that switch a service's messaging parts (ARCHITECTURE.md §1: each part can be
 * switched off by configuration, e.g. to run the relay in one replica only):
 * - MESSAGING_RELAY=on|off       (default on)  the relay, event store → Kafka
 * - MESSAGING_CONSUMERS=on|off   (default on)  the integration event consumers
 * - MESSAGING_MAX_ATTEMPTS=<n>   (default 5)   handler attempts before a message is dead-lettered
 */
export interface MessagingSettings {
  relay: boolean;
  consumers: boolean;
  maxAttempts?: number;
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
  return {
    relay: onOff('MESSAGING_RELAY', get('MESSAGING_RELAY')),
    consumers: onOff('MESSAGING_CONSUMERS', get('MESSAGING_CONSUMERS')),
    maxAttempts,
  };
}
