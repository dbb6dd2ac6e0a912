import { ConfigurationError, parseServiceEnvironment } from './service-environment';

const valid = {
  DATABASE_URL: 'postgres://welfare:secret@127.0.0.1:5432/welfare',
  KAFKA_BROKERS: '127.0.0.1:9092,10.0.0.2:9092',
  MONGO_URL: 'mongodb://127.0.0.1:27017/welfare',
};

function problem(env: Record<string, string | undefined>): string {
  try {
    parseServiceEnvironment(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('service configuration checked at boot', () => {
  it('accepts a complete configuration and reads PORT as a number', () => {
    expect(parseServiceEnvironment({ ...valid, PORT: '3010' })).toMatchObject({ ...valid, PORT: 3010 });
  });

  it.each(['DATABASE_URL', 'KAFKA_BROKERS', 'MONGO_URL'])('names %s when it is missing', (name) => {
    const message = problem({ ...valid, [name]: undefined });
    expect(message).toMatch(new RegExp(`^Configuration error: ${name} is missing`));
    expect(message.split('\n')).toHaveLength(1);
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost', /KAFKA_BROKERS must be host:port/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL must be a postgres:\/\/ URL/],
    ['MONGO_URL', 'mongodb://127.0.0.1:27017', /MONGO_URL must be a mongodb:\/\/ URL that names a database/],
    ['PORT', '70000', /PORT must be a whole number/],
    ['PORT', 'eighty', /PORT must be a whole number/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
  ])('names %s when it is malformed (%s)', (name, value, expected) => {
    expect(problem({ ...valid, [name]: value })).toMatch(expected);
  });

  it('never repeats a secret from a malformed URL', () => {
    expect(problem({ ...valid, DATABASE_URL: 'postgres://welfare:s3cret' + ' oops' })).not.toContain('s3cret');
  });
});
