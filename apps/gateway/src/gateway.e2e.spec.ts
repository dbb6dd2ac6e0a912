import { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { generateKeyPair, RemoteJwksSource, TokenVerifier } from '@app/auth';
import { createServiceApp } from '@app/platform';
import { createTestDatabase } from '@app/testing';
import { DEMO_PASSWORD, DEMO_USERS } from './users/demo-users';

const ISSUER = 'http://gateway.test:3000';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let app: INestApplication;
let url: string;
const saved = { ...process.env };

async function startGateway(): Promise<INestApplication> {
  // Configuration is read when the module is declared: load it after the settings are in place.
  const { GatewayModule } = jest.requireActual<typeof import('./gateway.module')>('./gateway.module');
  const gateway = await createServiceApp('gateway', GatewayModule);
  await gateway.listen(0, '127.0.0.1');
  return gateway;
}

beforeAll(async () => {
  database = await createTestDatabase('gateway');
  pool = new Pool({ connectionString: database.url, max: 2 });
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_SIGNING_KEY: generateKeyPair().privateKeyBase64,
    AUTH_ISSUER: ISSUER,
    AUTH_TOKEN_TTL_SECONDS: '900',
    LOG_LEVEL: 'error',
  });
  app = await startGateway();
  url = await app.getUrl();
});

afterAll(async () => {
  await app?.close();
  await pool?.end();
  await database?.drop();
  process.env = saved;
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } };
}

async function call(
  path: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

const signIn = (username: unknown, password: unknown, headers?: Record<string, string>) =>
  call('/v1/auth/sign-in', { method: 'POST', body: { username, password }, headers });

describe('the gateway', () => {
  it('stores the demo users once, whatever how often it boots', async () => {
    const again = await startGateway();
    await again.close();
    const { rows } = await pool.query<{ username: string; password_hash: string }>(
      'SELECT username, password_hash FROM auth_users ORDER BY username',
    );
    expect(rows.map((r) => r.username)).toEqual(DEMO_USERS.map((u) => u.username).sort());
    // A salt of its own for every user, and the scrypt parameters with the hash.
    expect(new Set(rows.map((r) => r.password_hash.split('$')[4])).size).toBe(rows.length);
    for (const row of rows) expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
  });

  it.each(DEMO_USERS.map((u) => [u.username, u] as const))(
    'signs in %s and tells them who they are',
    async (_name, user) => {
      const answer = await signIn(user.username, DEMO_PASSWORD);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });

      const me = await call('/v1/auth/me', { token: answer.body.access_token as string });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        username: user.username,
        name: user.displayName,
        roles: [{ code: user.role }],
        agency: { code: user.agency },
        jurisdiction: { code: user.jurisdiction, name: expect.stringMatching(/^绍兴市/) },
      });
    },
  );

  it('answers in English when asked', async () => {
    const { body } = await signIn('village.zhuji', DEMO_PASSWORD);
    const me = await call('/v1/auth/me', { token: body.access_token as string, headers: { 'accept-language': 'en' } });
    expect(me.body).toMatchObject({
      roles: [{ code: 'village-officer', label: 'Village child welfare officer' }],
      jurisdiction: {
        code: '330681109201',
        level: 'village',
        name: 'Fengyuan Village, Fengqiao Town, Zhuji City, Shaoxing City',
      },
    });
  });

  it('publishes its keys: a service verifies the token with the JWKS alone', async () => {
    const discovery = await call('/.well-known/openid-configuration');
    expect(discovery.body).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks.json` });

    const jwks = await call('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' })]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');

    const { body } = await signIn('county.yuecheng', DEMO_PASSWORD);
    const verifier = new TokenVerifier(new RemoteJwksSource(`${url}/.well-known/jwks.json`), {
      issuer: ISSUER,
      audience: 'child-welfare',
    });
    await expect(verifier.verify(body.access_token as string)).resolves.toMatchObject({
      username: 'county.yuecheng',
      roles: ['county-centre'],
      agency: 'civil-affairs',
      jurisdiction: '330602',
    });
  });

  it('refuses a wrong password and an unknown user with the same answer, in zh-CN or en', async () => {
    const wrong = await signIn('city.bureau', 'Welfare#2025');
    const unknown = await signIn('nobody.here', 'Welfare#2026');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'AUTH.INVALID_CREDENTIALS', message: '用户名或密码错误' } });
    expect(unknown.body).toEqual(wrong.body);
    expect((await signIn('city.bureau', 'nope', { 'accept-language': 'en' })).body.error?.message).toBe(
      'Wrong user name or password',
    );
  });

  it('takes about as long for an unknown user as for a wrong password', async () => {
    const time = async (username: string) => {
      const started = performance.now();
      await signIn(username, 'not-the-password');
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time('welfare.home'));
      unknown.push(await time(`ghost${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
    // Both pay for scrypt; a shortcut for unknown names would be an order of magnitude faster.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });

  it('locks a name after five failures, even for the right password, and counts unknown names alike', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('admin', `guess-${i}`)).status).toBe(401);
    const locked = await signIn('admin', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);

    for (let i = 0; i < 5; i++) await signIn('no.such.user', `guess-${i}`);
    expect((await signIn('no.such.user', 'again')).body.error?.code).toBe('AUTH.TOO_MANY_ATTEMPTS');

    // Others are not affected.
    expect((await signIn('regulator', DEMO_PASSWORD)).status).toBe(200);
  });

  it('records failed sign-ins, without keeping unknown names', async () => {
    await app.get((await import('@app/auth')).AccessRefusalLog).flush();
    const { rows } = await pool.query(`SELECT * FROM access_refusals WHERE action = 'auth.sign-in' ORDER BY id`);
    expect(rows).toContainEqual(
      expect.objectContaining({ code: 'AUTH.INVALID_CREDENTIALS', reason: 'wrong-password' }),
    );
    expect(rows).toContainEqual(expect.objectContaining({ code: 'AUTH.TOO_MANY_ATTEMPTS', reason: 'locked' }));
    expect(JSON.stringify(rows)).not.toContain('nobody.here');
  });

  it('refuses /v1/auth/me without a valid token', async () => {
    expect((await call('/v1/auth/me')).body.error?.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await call('/v1/auth/me', { token: 'x.y.z' })).status).toBe(401);
  });

  it.each([
    ['an operator for the user name', { username: { $gt: '' }, password: 'x' }],
    ['a missing password', { username: 'admin' }],
    ['an extra field', { username: 'admin', password: 'x', roles: ['administrator'] }],
    ['an endless password', { username: 'admin', password: 'x'.repeat(300) }],
  ])('answers %s with 400 VALIDATION.FAILED', async (_what, body) => {
    const answer = await call('/v1/auth/sign-in', { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION.FAILED');
  });

  it('documents sign-in and bearer auth at /docs, with /health open', async () => {
    expect((await call('/health')).status).toBe(200);
    const document = (await call('/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/auth/sign-in',
        '/v1/auth/me',
        '/.well-known/jwks.json',
        '/.well-known/openid-configuration',
      ]),
    );
    expect(document.paths['/v1/auth/me'].get.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/v1/auth/sign-in'].post.security).toBeUndefined();
    expect(document.components.schemas).toEqual(
      expect.objectContaining({ ErrorBody: expect.anything(), SignInRequest: expect.anything() }),
    );
  });
});
