import { MessagingConfigurationError, parseMessagingSettings } from './messaging-settings';

const from = (env: Record<string, string>) => (name: string) => env[name];

describe('messaging settings', () => {
  it('runs the relay and the consumers unless switched off', () => {
    expect(parseMessagingSettings(from({}))).toEqual({
      relay: true,
      consumers: true,
      maxAttempts: undefined,
      groupPrefix: undefined,
      topicPrefix: undefined,
    });
    expect(parseMessagingSettings(from({ MESSAGING_RELAY: 'off', MESSAGING_CONSUMERS: 'OFF' }))).toMatchObject({
      relay: false,
      consumers: false,
    });
    expect(parseMessagingSettings(from({ MESSAGING_MAX_ATTEMPTS: '8' })).maxAttempts).toBe(8);
    expect(parseMessagingSettings(from({ MESSAGING_GROUP_PREFIX: 'e2e-7.' })).groupPrefix).toBe('e2e-7.');
    expect(parseMessagingSettings(from({ KAFKA_TOPIC_PREFIX: 'e2e-7.' })).topicPrefix).toBe('e2e-7.');
  });

  it.each([
    [{ MESSAGING_RELAY: 'maybe' }, 'Configuration error: MESSAGING_RELAY must be on or off, not "maybe"'],
    [
      { MESSAGING_MAX_ATTEMPTS: '0' },
      'Configuration error: MESSAGING_MAX_ATTEMPTS must be a whole number from 1 to 100, not "0"',
    ],
    [
      { MESSAGING_GROUP_PREFIX: 'Staging Copy' },
      `Configuration error: MESSAGING_GROUP_PREFIX may hold lower-case letters, digits, '.', '_' and '-' only, not "Staging Copy"`,
    ],
  ])('names the setting that is wrong: %j', (env, message) => {
    expect(() => parseMessagingSettings(from(env))).toThrow(MessagingConfigurationError);
    expect(() => parseMessagingSettings(from(env))).toThrow(message);
  });
});
