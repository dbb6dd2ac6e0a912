import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@app/platform';
import { devSigningKeyPath, generateKeyPair, resolveSigningKey } from './keys';

describe("the gateway's signing key", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'auth-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from AUTH_SIGNING_KEY when it is set', () => {
    const pair = generateKeyPair();
    const key = resolveSigningKey({ AUTH_SIGNING_KEY: pair.privateKeyBase64 }, join(dir, 'dev.pem'));
    expect(key.kid).toBe(pair.kid);
  });

  it('outside production, is a development key written on first use and reused afterwards', () => {
    const path = join(dir, 'nested', 'auth-signing-key.pem');
    const first = resolveSigningKey({ NODE_ENV: 'development' }, path);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(resolveSigningKey({}, path).kid).toBe(first.kid);
  });

  it('in production, is never invented: a missing AUTH_SIGNING_KEY is a configuration error', () => {
    expect(() => resolveSigningKey({ NODE_ENV: 'production' }, join(dir, 'dev.pem'))).toThrow(ConfigurationError);
    expect(() => resolveSigningKey({ NODE_ENV: 'production' }, join(dir, 'dev.pem'))).toThrow(
      /AUTH_SIGNING_KEY is missing/,
    );
  });

  it('lives in .local/ of the checkout, or under WELFARE_STATE_DIR', () => {
    expect(devSigningKeyPath({})).toBe(join(process.cwd(), '.local', 'auth-signing-key.pem'));
    expect(devSigningKeyPath({ WELFARE_STATE_DIR: dir })).toBe(join(dir, 'auth-signing-key.pem'));
  });
});
