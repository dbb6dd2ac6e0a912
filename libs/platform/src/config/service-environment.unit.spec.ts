import { generateKeyPairSync } from 'node:crypto';
import {
  assertProductionSettings,
  AUTH_DEFAULTS,
  ConfigurationError,
  parseServiceEnvironment,
} from './service-environment';

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

describe('FerretDB backing database (FERRETDB_POSTGRES_URL)', () => {
  it('is optional, and an empty value counts as unset', () => {
    expect(parseServiceEnvironment(valid).FERRETDB_POSTGRES_URL).toBeUndefined();
    expect(parseServiceEnvironment({ ...valid, FERRETDB_POSTGRES_URL: '' }).FERRETDB_POSTGRES_URL).toBeUndefined();
  });

  it('accepts a postgres:// URL', () => {
    const url = 'postgres://welfare:secret@127.0.0.1:5432/ferretdb';
    expect(parseServiceEnvironment({ ...valid, FERRETDB_POSTGRES_URL: url }).FERRETDB_POSTGRES_URL).toBe(url);
  });

  it('names the setting when it is malformed, without repeating its password', () => {
    const message = problem({ ...valid, FERRETDB_POSTGRES_URL: 'mongodb://welfare:s3cret@127.0.0.1/ferretdb' });
    expect(message).toMatch(/FERRETDB_POSTGRES_URL must be a postgres:\/\/ URL/);
    expect(message).not.toContain('s3cret');
  });
});

describe('sign-in settings', () => {
  it('are optional, with the local platform as default', () => {
    const env = parseServiceEnvironment(valid);
    expect(env.AUTH_ISSUER).toBeUndefined();
    expect(AUTH_DEFAULTS).toEqual({
      AUTH_ISSUER: 'http://127.0.0.1:3000',
      AUTH_AUDIENCE: 'child-welfare',
      AUTH_JWKS_URL: 'http://127.0.0.1:3000/.well-known/jwks.json',
      AUTH_TOKEN_TTL_SECONDS: 3600,
    });
  });

  it('accept sensible values, and an empty one counts as unset', () => {
    const keys = generateKeyPairSync('ed25519');
    const jwk = keys.publicKey.export({ format: 'jwk' });
    const env = parseServiceEnvironment({
      ...valid,
      AUTH_ISSUER: 'http://gateway:3000',
      AUTH_AUDIENCE: 'child-welfare',
      AUTH_JWKS_URL: 'http://gateway:3000/.well-known/jwks.json',
      AUTH_PUBLIC_KEYS: JSON.stringify({ keys: [jwk] }),
      AUTH_SIGNING_KEY: keys.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      AUTH_TOKEN_TTL_SECONDS: '900',
    });
    expect(env.AUTH_TOKEN_TTL_SECONDS).toBe(900);
    expect(parseServiceEnvironment({ ...valid, AUTH_SIGNING_KEY: '' }).AUTH_SIGNING_KEY).toBeUndefined();
  });

  it.each([
    ['AUTH_ISSUER', 'gateway', /AUTH_ISSUER must be an http\(s\) URL/],
    ['AUTH_JWKS_URL', 'ftp://x/jwks.json', /AUTH_JWKS_URL must be an http\(s\) URL/],
    ['AUTH_AUDIENCE', 'two words', /AUTH_AUDIENCE must be a short name/],
    ['AUTH_PUBLIC_KEYS', '{"keys":[]}', /AUTH_PUBLIC_KEYS must be a JWKS document/],
    ['AUTH_PUBLIC_KEYS', 'not json', /AUTH_PUBLIC_KEYS must be a JWKS document/],
    ['AUTH_TOKEN_TTL_SECONDS', '10', /AUTH_TOKEN_TTL_SECONDS must be a whole number of seconds/],
    ['AUTH_SIGNING_KEY', 'c2VjcmV0LWJ1dC1ub3QtYS1rZXk=', /AUTH_SIGNING_KEY must be an Ed25519 private key/],
  ])('names %s when it is malformed (%s)', (name, value, expected) => {
    expect(problem({ ...valid, [name]: value })).toMatch(expected);
  });

  it('never repeats the signing key in a message', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    const message = problem({ ...valid, AUTH_SIGNING_KEY: rsa.toString() });
    expect(message).toMatch(/AUTH_SIGNING_KEY must be an Ed25519 private key/);
    expect(message).not.toContain('PRIVATE KEY');
  });

  it('make a production gateway name a missing signing key in one line; other services do not need it', () => {
    expect(() => assertProductionSettings('gateway', { ...valid, NODE_ENV: 'production' })).toThrow(
      /^Configuration error: AUTH_SIGNING_KEY is missing \(required when NODE_ENV=production/,
    );
    expect(() => assertProductionSettings('registry', { ...valid, NODE_ENV: 'production' })).not.toThrow();
    expect(() => assertProductionSettings('gateway', { ...valid })).not.toThrow();
  });
});
