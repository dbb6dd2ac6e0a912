import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError, parseEd25519PrivateKey } from '@app/platform/config/service-environment';

/** An Ed25519 public key as published in the JWKS. */
export interface Ed25519Jwk extends JsonWebKey {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: Ed25519Jwk;
}

/** RFC 7638 thumbprint of an Ed25519 key: the key id, stable for the key and nothing else. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function publicJwk(publicKey: KeyObject): Ed25519Jwk {
  const exported = publicKey.export({ format: 'jwk' });
  if (exported.kty !== 'OKP' || exported.crv !== 'Ed25519' || !exported.x) {
    throw new TypeError('an Ed25519 public key is required');
  }
  const base = { kty: 'OKP' as const, crv: 'Ed25519' as const, x: exported.x };
  return { ...base, kid: jwkThumbprint(base), alg: 'EdDSA', use: 'sig' };
}

export function signingKeyOf(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('an Ed25519 private key is required');
  const publicKey = createPublicKey(privateKey);
  const jwk = publicJwk(publicKey);
  return { kid: jwk.kid, privateKey, publicKey, jwk };
}

/** AUTH_SIGNING_KEY: PKCS#8 PEM or base64 DER. */
export function parseSigningKey(text: string): SigningKey {
  const key = parseEd25519PrivateKey(text);
  if (!key) throw new ConfigurationError('AUTH_SIGNING_KEY', 'AUTH_SIGNING_KEY must be an Ed25519 private key');
  return signingKeyOf(key);
}

export interface GeneratedKeyPair {
  kid: string;
  /** PKCS#8 PEM: the content of a key file, or AUTH_SIGNING_KEY. Secret. */
  privateKeyPem: string;
  /** Base64 PKCS#8 DER: AUTH_SIGNING_KEY on one line. Secret. */
  privateKeyBase64: string;
  /** `{"keys":[…]}`: AUTH_PUBLIC_KEYS for services that do not fetch the gateway's JWKS. Public. */
  publicJwks: string;
}

/** A new key pair for the gateway (or for tests that sign their own tokens). */
export function generateKeyPair(): GeneratedKeyPair {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = signingKeyOf(privateKey);
  return {
    kid: key.kid,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateKeyBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicJwks: JSON.stringify({ keys: [key.jwk] }),
  };
}

/** Where the local platform keeps its development signing key (git-ignored, like all of .local/). */
export function devSigningKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.WELFARE_STATE_DIR ?? resolve(process.cwd(), '.local'), 'auth-signing-key.pem');
}

/**
 * The gateway's signing key. AUTH_SIGNING_KEY when set. Otherwise, and only when NODE_ENV is not
 * `production`, a development key kept in .local/auth-signing-key.pem, created on first use: so
 * `./platform up` works without a manual step, and tokens stay valid across restarts of the local
 * platform. A production gateway without AUTH_SIGNING_KEY refuses to start (runService checks it
 * first, in one line); it must never invent a key that the next restart would forget.
 */
export function resolveSigningKey(
  env: NodeJS.ProcessEnv = process.env,
  devKeyPath = devSigningKeyPath(env),
): SigningKey {
  const configured = env.AUTH_SIGNING_KEY?.trim();
  if (configured) return parseSigningKey(configured);
  if (env.NODE_ENV === 'production') {
    throw new ConfigurationError(
      'AUTH_SIGNING_KEY',
      'AUTH_SIGNING_KEY is missing (required when NODE_ENV=production: the gateway signs tokens with it)',
    );
  }
  return loadOrCreateDevKey(devKeyPath);
}

function loadOrCreateDevKey(path: string): SigningKey {
  try {
    return signingKeyOf(createPrivateKey(readFileSync(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigurationError('AUTH_SIGNING_KEY', `the development key ${path} is unreadable; delete it`);
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and linked into place: when two processes start at once, one key wins and
  // neither reads a half-written file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, generateKeyPair().privateKeyPem, { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return signingKeyOf(createPrivateKey(readFileSync(path, 'utf8')));
}
