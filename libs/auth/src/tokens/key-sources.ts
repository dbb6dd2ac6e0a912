import { createPublicKey, KeyObject } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { jwkThumbprint } from './keys';
import { KeysUnavailable } from './token-errors';

/** Where a verifier finds the public key a token names by `kid`. */
export interface KeySource {
  /** The key, or undefined when the source does not know `kid`. Throws KeysUnavailable. */
  key(kid: string): Promise<KeyObject | undefined>;
}

/**
 * The Ed25519 keys of a JWKS document. Keys of other types, or meant for encryption, are skipped
 * rather than failing the set, so a gateway may publish more later.
 */
export function keysOfJwks(document: unknown): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const list = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new TypeError('a JWKS document has a "keys" array');
  for (const jwk of list as Record<string, unknown>[]) {
    if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || 'd' in jwk) continue;
    if (jwk.use !== undefined && jwk.use !== 'sig') continue;
    if (jwk.alg !== undefined && jwk.alg !== 'EdDSA') continue;
    const kid = typeof jwk.kid === 'string' ? jwk.kid : jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x });
    try {
      keys.set(kid, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }));
    } catch {
      // a malformed key is no key
    }
  }
  return keys;
}

/** Keys given up front: AUTH_PUBLIC_KEYS, or the gateway's own key. */
export class StaticKeySource implements KeySource {
  private readonly keys: Map<string, KeyObject>;

  constructor(jwks: unknown) {
    this.keys = keysOfJwks(typeof jwks === 'string' ? JSON.parse(jwks) : jwks);
  }

  async key(kid: string): Promise<KeyObject | undefined> {
    return this.keys.get(kid);
  }
}

export interface RemoteJwksOptions {
  /** A token naming an unknown kid refetches at most this often (a flood of bogus kids must not flood the gateway). */
  minRefreshIntervalMs?: number;
  /** Keys older than this are refetched before use, so a withdrawn key stops verifying. */
  maxAgeMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * The gateway's JWKS, fetched on first use (services may start before the gateway), cached, and
 * fetched again when a token names a key it does not know (key rotation). When the gateway cannot
 * be reached the cached keys stay in use; with none cached, verification fails with 503.
 */
export class RemoteJwksSource implements KeySource {
  private readonly logger = new Logger('RemoteJwksSource');
  private keys = new Map<string, KeyObject>();
  private fetchedAt = 0;
  private attemptedAt = 0;
  private inflight?: Promise<void>;
  private readonly minRefreshIntervalMs: number;
  private readonly maxAgeMs: number;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(
    readonly url: string,
    options: RemoteJwksOptions = {},
  ) {
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.fetch = options.fetch ?? fetch;
  }

  async key(kid: string): Promise<KeyObject | undefined> {
    if (!this.keys.size || (Date.now() - this.fetchedAt > this.maxAgeMs && this.mayRefetch())) await this.load();
    const known = this.keys.get(kid);
    if (known || !this.mayRefetch()) return known;
    await this.load();
    return this.keys.get(kid);
  }

  private mayRefetch(): boolean {
    return Date.now() - this.attemptedAt >= this.minRefreshIntervalMs;
  }

  /** One fetch at a time; concurrent callers wait for the same one. */
  private load(): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = Date.now();
    try {
      const response = await this.fetch(this.url, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const keys = keysOfJwks(await response.json());
      this.keys = keys;
      this.fetchedAt = Date.now();
    } catch (error) {
      this.logger.warn(`cannot fetch the signing keys from ${this.url}: ${(error as Error).message}`);
      if (!this.keys.size) throw new KeysUnavailable(error);
    }
  }
}
