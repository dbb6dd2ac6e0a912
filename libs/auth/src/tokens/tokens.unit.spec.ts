import { generateKeyPairSync, sign } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { encodeJson, signJwt } from './jwt';
import { RemoteJwksSource, StaticKeySource } from './key-sources';
import { generateKeyPair, parseSigningKey, publicJwk, signingKeyOf } from './keys';
import { KeysUnavailable, TokenRefused, TokenRefusal } from './token-errors';
import { TokenIssuer, TokenSubject } from './token-issuer';
import { TokenVerifier } from './token-verifier';

const ISSUER = 'http://127.0.0.1:3000';
const AUDIENCE = 'child-welfare';
const T0 = Date.UTC(2026, 2, 1, 9, 0, 0);

const officer: TokenSubject = {
  sub: '7b0c6a4e-1d2f-4c1b-9a53-0f6f1b2c3d4e',
  username: 'village.yuecheng',
  name: '王芳',
  roles: ['village-officer'],
  agency: 'civil-affairs',
  jurisdiction: '330602001001',
};

function setup(now = () => T0) {
  const key = parseSigningKey(generateKeyPair().privateKeyPem);
  const issuer = new TokenIssuer(key, { issuer: ISSUER, audience: AUDIENCE, ttlSeconds: 3600, now });
  const verifier = new TokenVerifier(new StaticKeySource(issuer.jwks()), { issuer: ISSUER, audience: AUDIENCE, now });
  return { key, issuer, verifier };
}

async function refusal(verifier: TokenVerifier, token: string): Promise<TokenRefusal> {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (error instanceof TokenRefused) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('access tokens (EdDSA JWT)', () => {
  it('issues a token with OIDC-style claims that verifies into the principal', async () => {
    const { issuer, verifier, key } = setup();
    const issued = issuer.issue(officer);
    expect(issued.expiresIn).toBe(3600);
    const [header, payload] = issued.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: key.kid });
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: officer.sub,
      iat: T0 / 1000,
      nbf: T0 / 1000,
      exp: T0 / 1000 + 3600,
      name: '王芳',
      preferred_username: 'village.yuecheng',
      roles: ['village-officer'],
      agency: 'civil-affairs',
      jurisdiction: '330602001001',
    });
    await expect(verifier.verify(issued.accessToken)).resolves.toEqual({
      ...officer,
      expiresAt: T0 / 1000 + 3600,
    });
  });

  it('publishes the public key as a JWK whose kid is its RFC 7638 thumbprint', () => {
    const { issuer, key } = setup();
    const [jwk] = issuer.jwks().keys;
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: key.kid, alg: 'EdDSA', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the signing key as PEM or as base64 DER, and nothing but Ed25519', () => {
    const pair = generateKeyPair();
    expect(parseSigningKey(pair.privateKeyPem).kid).toBe(pair.kid);
    expect(parseSigningKey(pair.privateKeyBase64).kid).toBe(pair.kid);
    expect(parseSigningKey(pair.privateKeyPem.replace(/\n/g, '\\n')).kid).toBe(pair.kid);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => parseSigningKey(rsa.toString())).toThrow(/Ed25519/);
    expect(() => parseSigningKey('not a key')).toThrow(/Ed25519/);
  });

  describe('refuses', () => {
    const { issuer, verifier, key } = setup();
    const good = issuer.issue(officer).accessToken;
    const [goodHeader, goodPayload] = good.split('.');
    const payload = JSON.parse(Buffer.from(goodPayload, 'base64url').toString()) as Record<string, unknown>;
    const header = { alg: 'EdDSA', typ: 'JWT', kid: key.kid };
    const resigned = (changes: Record<string, unknown>, headerChanges: Record<string, unknown> = {}) =>
      signJwt({ ...header, ...headerChanges }, { ...payload, ...changes }, key.privateKey);

    it.each([
      ['garbage', 'not-a-token'],
      ['two parts', `${goodHeader}.${goodPayload}`],
      ['four parts', `${good}.x`],
      ['a header that is not JSON', `${Buffer.from('{nope').toString('base64url')}.${goodPayload}.AAAA`],
      ['a payload that is an array', `${goodHeader}.${encodeJson([1])}.AAAA`],
      ['characters outside base64url', `${goodHeader}.${goodPayload}.ab+c/d==`],
      ['an oversized token', `${goodHeader}.${'A'.repeat(9000)}.AAAA`],
    ])('a malformed token: %s', async (_what, token) => {
      expect(await refusal(verifier, token)).toBe('malformed');
    });

    it('alg "none" (unsigned)', async () => {
      const token = `${encodeJson({ alg: 'none', kid: key.kid })}.${goodPayload}.`;
      expect(await refusal(verifier, token)).toBe('malformed'); // an empty signature is not even a JWS
      expect(await refusal(verifier, `${encodeJson({ alg: 'none', kid: key.kid })}.${goodPayload}.AAAA`)).toBe(
        'unsupported-alg',
      );
    });

    it.each(['HS256', 'RS256', 'ES256', 'Ed25519'])('alg %s, whatever the signature', async (alg) => {
      expect(await refusal(verifier, resigned({}, { alg }))).toBe('unsupported-alg');
    });

    it('an HS256 token "signed" with the public key (algorithm confusion)', async () => {
      const { createHmac } = await import('node:crypto');
      const input = `${encodeJson({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${goodPayload}`;
      const mac = createHmac('sha256', JSON.stringify(key.jwk)).update(input).digest('base64url');
      expect(await refusal(verifier, `${input}.${mac}`)).toBe('unsupported-alg');
    });

    it('a token with critical header parameters it does not understand', async () => {
      expect(await refusal(verifier, resigned({}, { crit: ['exp'] }))).toBe('malformed');
    });

    it('a token signed by another key, or naming no key', async () => {
      const other = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
      expect(await refusal(verifier, signJwt({ alg: 'EdDSA', kid: other.kid }, payload, other.privateKey))).toBe(
        'unknown-key',
      );
      expect(await refusal(verifier, signJwt({ alg: 'EdDSA' }, payload, key.privateKey))).toBe('unknown-key');
      // another key under our kid
      expect(await refusal(verifier, signJwt(header, payload, other.privateKey))).toBe('bad-signature');
    });

    it('a bad signature: changed claims, a truncated or altered signature', async () => {
      const elevated = `${goodHeader}.${encodeJson({ ...payload, roles: ['city-bureau'], jurisdiction: '330600' })}.${good.split('.')[2]}`;
      expect(await refusal(verifier, elevated)).toBe('bad-signature');
      expect(await refusal(verifier, good.slice(0, -4))).toBe('bad-signature');
      const signature = Buffer.from(good.split('.')[2], 'base64url');
      signature[0] ^= 1;
      expect(await refusal(verifier, `${goodHeader}.${goodPayload}.${signature.toString('base64url')}`)).toBe(
        'bad-signature',
      );
    });

    it('an expired token (beyond 30 s of clock leeway)', async () => {
      const exp = T0 / 1000 - 31;
      expect(await refusal(verifier, resigned({ exp }))).toBe('expired');
      await expect(verifier.verify(resigned({ exp: T0 / 1000 - 29 }))).resolves.toBeDefined();
      expect(await refusal(verifier, resigned({ exp: undefined }))).toBe('bad-claims');
    });

    it('a token not valid yet (nbf or iat in the future)', async () => {
      expect(await refusal(verifier, resigned({ nbf: T0 / 1000 + 120 }))).toBe('not-yet-valid');
      expect(await refusal(verifier, resigned({ iat: T0 / 1000 + 120 }))).toBe('not-yet-valid');
    });

    it('a token of another issuer or for another audience', async () => {
      expect(await refusal(verifier, resigned({ iss: 'http://evil.example' }))).toBe('wrong-issuer');
      expect(await refusal(verifier, resigned({ aud: 'another-system' }))).toBe('wrong-audience');
      await expect(verifier.verify(resigned({ aud: ['another-system', AUDIENCE] }))).resolves.toBeDefined();
    });

    it.each([
      ['no sub', { sub: '' }],
      ['roles not a list', { roles: 'city-bureau' }],
      ['a malformed jurisdiction', { jurisdiction: '3306' }],
      ['a jurisdiction with an operator', { jurisdiction: { $gt: '' } }],
      ['a malformed agency', { agency: 'Civil Affairs; drop' }],
    ])('a token with bad claims: %s', async (_what, changes) => {
      expect(await refusal(verifier, resigned(changes))).toBe('bad-claims');
    });

    it('drops roles it does not know instead of trusting them', async () => {
      const principal = await verifier.verify(resigned({ roles: ['village-officer', 'superuser'] }));
      expect(principal.roles).toEqual(['village-officer']);
    });
  });
});

describe('keys fetched from the JWKS URL', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));
  const URL = 'http://gateway.test/.well-known/jwks.json';

  function fakeGateway(initial: object) {
    let document: object | Error = initial;
    const fetch = jest.fn(async () => {
      if (document instanceof Error) throw document;
      return new Response(JSON.stringify(document), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    return { fetch, publish: (next: object | Error) => (document = next) };
  }

  it('fetches lazily, caches, and refetches once for an unknown kid (rotation)', async () => {
    const first = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
    const second = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
    const gateway = fakeGateway({ keys: [first.jwk] });
    const source = new RemoteJwksSource(URL, { fetch: gateway.fetch as typeof fetch, minRefreshIntervalMs: 0 });
    expect(gateway.fetch).not.toHaveBeenCalled();

    expect(await source.key(first.kid)).toBeDefined();
    expect(await source.key(first.kid)).toBeDefined();
    expect(gateway.fetch).toHaveBeenCalledTimes(1);

    gateway.publish({ keys: [first.jwk, second.jwk] });
    expect(await source.key(second.kid)).toBeDefined();
    expect(gateway.fetch).toHaveBeenCalledTimes(2);
  });

  it('does not refetch for every unknown kid within the refresh interval', async () => {
    const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
    const gateway = fakeGateway({ keys: [key.jwk] });
    const source = new RemoteJwksSource(URL, { fetch: gateway.fetch as typeof fetch, minRefreshIntervalMs: 60_000 });
    await source.key(key.kid);
    for (let i = 0; i < 20; i++) expect(await source.key(`bogus-${i}`)).toBeUndefined();
    expect(gateway.fetch).toHaveBeenCalledTimes(1);
  });

  it('answers 503 when the gateway cannot be reached and no key is cached, and keeps cached keys otherwise', async () => {
    const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
    const gateway = fakeGateway(new Error('ECONNREFUSED'));
    const source = new RemoteJwksSource(URL, { fetch: gateway.fetch as typeof fetch, minRefreshIntervalMs: 0 });
    await expect(source.key(key.kid)).rejects.toBeInstanceOf(KeysUnavailable);

    gateway.publish({ keys: [key.jwk] });
    expect(await source.key(key.kid)).toBeDefined();
    gateway.publish(new Error('ECONNREFUSED'));
    expect(await source.key('unknown')).toBeUndefined();
    expect(await source.key(key.kid)).toBeDefined();
  });

  it('skips keys that are not Ed25519 signing keys', async () => {
    const key = signingKeyOf(generateKeyPairSync('ed25519').privateKey);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const source = new StaticKeySource({
      keys: [
        { ...rsa, kid: 'rsa' },
        { ...key.jwk, kid: 'enc', use: 'enc' },
        { ...key.jwk, kid: 'private', d: 'secret' },
        key.jwk,
      ],
    });
    expect(await source.key('rsa')).toBeUndefined();
    expect(await source.key('enc')).toBeUndefined();
    expect(await source.key('private')).toBeUndefined();
    expect(await source.key(key.kid)).toBeDefined();
  });

  it('verifies a token signed with node:crypto directly (interoperable EdDSA)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jwk = publicJwk(publicKey);
    const now = Math.floor(Date.now() / 1000);
    const input = `${encodeJson({ alg: 'EdDSA', kid: jwk.kid })}.${encodeJson({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'u1',
      exp: now + 60,
      roles: ['regulator'],
      agency: 'discipline-audit',
      jurisdiction: '330600',
    })}`;
    const token = `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
    const verifier = new TokenVerifier(new StaticKeySource({ keys: [jwk] }), { issuer: ISSUER, audience: AUDIENCE });
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u1', roles: ['regulator'] });
  });
});
