import { Body, Controller, Get, Headers, INestApplication, Module, Param, Post, Put, Query, Res } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { Pool } from 'pg';
import { createServiceApp, etagOf, PlatformModule, Public, revisionFromIfMatch, revisionMismatch } from '@app/platform';
import { createTestDatabase } from '@app/testing';
import { Principal } from '../principal';
import { testSigner } from '../testing';
import { AccessPolicy } from './access-policy';
import { AccessRefusalLog } from './access-refusal-log';
import { AuthModule } from './auth.module';
import { Allow, CurrentPrincipal } from './decorators';
import { FileReadLog, ReadPurposeQuery } from './file-read-log';

// A tiny service that uses the guard, the decorators, AccessPolicy, FileReadLog and AppError the
// way the registry will.

class ChildListQuery {
  @IsOptional()
  @Matches(/^\d{6}(\d{3}){0,2}$/)
  jurisdiction?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  name?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;
}

class RegisterChildRequest {
  @IsString()
  @MaxLength(50)
  name!: string;

  @Matches(/^\d{12}$/)
  residence!: string;

  @IsIn(['F', 'M'])
  sex!: 'F' | 'M';
}

const CIVIL_AFFAIRS = ['village-officer', 'township-supervisor', 'county-centre', 'city-bureau'] as const;

@Controller('v1/test-children')
class TestChildrenController {
  constructor(
    private readonly access: AccessPolicy,
    private readonly reads: FileReadLog,
  ) {}

  @Get()
  @Allow(...CIVIL_AFFAIRS)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ChildListQuery) {
    const scope = this.access.scopeWithin(principal, query.jurisdiction, 'children.list');
    return { prefix: scope.prefix, page: query.page ?? 1 };
  }

  @Get(':jurisdiction/:id')
  @Allow(...CIVIL_AFFAIRS)
  async read(
    @CurrentPrincipal() principal: Principal,
    @Param('jurisdiction') jurisdiction: string,
    @Param('id') id: string,
    @Query() query: ReadPurposeQuery,
  ) {
    this.access.assertWithin(principal, jurisdiction, 'children.read', `child:${id}`);
    await this.reads.record(principal, { fileId: id, purpose: query.purpose, fileJurisdiction: jurisdiction });
    return { id, jurisdiction };
  }

  @Post()
  @Allow('village-officer')
  register(@CurrentPrincipal() principal: Principal, @Body() request: RegisterChildRequest) {
    this.access.assertWithin(principal, request.residence, 'children.register');
    return { registered: request.name };
  }

  @Put(':id')
  @Allow('county-centre')
  change(
    @Param('id') _id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: { setHeader(n: string, v: string): void },
  ) {
    const current = 2;
    const expected = revisionFromIfMatch(ifMatch);
    if (expected !== current) throw revisionMismatch(expected!, current);
    res.setHeader('ETag', etagOf(current + 1));
    return { revision: current + 1 };
  }

  @Get('undeclared')
  undeclared() {
    return { open: true };
  }

  @Get('referrals/to/:agency')
  @Allow('partner-agency')
  referrals(@CurrentPrincipal() principal: Principal, @Param('agency') agency: string) {
    this.access.assertAgency(principal, agency, 'referrals.read');
    return { agency };
  }
}

@Controller('v1/test-boom')
class BoomController {
  @Public()
  @Get()
  boom(): never {
    throw new Error('connection to 10.0.0.5:5432 failed for user "welfare" password hunter2');
  }
}

const signer = testSigner();
const token = {
  villageYuecheng: signer.token({ username: 'vo.tashan', roles: ['village-officer'], jurisdiction: '330602001001' }),
  countyYuecheng: signer.token({ username: 'cc.yuecheng', roles: ['county-centre'], jurisdiction: '330602' }),
  hotline: signer.token({
    username: 'hotline',
    roles: ['hotline-operator'],
    agency: 'hotline',
    jurisdiction: '330600',
  }),
  education: signer.token({ username: 'edu', roles: ['partner-agency'], agency: 'education', jurisdiction: '330600' }),
};

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;
let app: INestApplication;
let url: string;
const saved = { ...process.env };

async function startService(databaseUrl: string): Promise<INestApplication> {
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_PUBLIC_KEYS = signer.publicKeys;
  process.env.LOG_LEVEL = 'error';
  // Configuration is read when the module is declared, so it is declared after the settings.
  @Module({
    imports: [PlatformModule.forService('registry'), AuthModule.forService('registry')],
    controllers: [TestChildrenController, BoomController],
  })
  class TestServiceModule {}
  const service = await createServiceApp('registry', TestServiceModule);
  await service.listen(0, '127.0.0.1');
  return service;
}

beforeAll(async () => {
  database = await createTestDatabase('auth_access');
  pool = new Pool({ connectionString: database.url, max: 2 });
  app = await startService(database.url);
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
  body: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>;
}

async function call(
  path: string,
  options: { method?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

async function refusals(): Promise<Record<string, unknown>[]> {
  await app.get(AccessRefusalLog).flush();
  const { rows } = await pool.query('SELECT * FROM access_refusals ORDER BY id');
  return rows;
}

describe('access control on a service', () => {
  it('keeps /health and /docs open', async () => {
    expect((await call('/health')).status).toBe(200);
    expect((await fetch(`${url}/docs-json`)).status).toBe(200);
  });

  it('refuses a call without a token with 401 AUTH.UNAUTHENTICATED, and records it', async () => {
    const answer = await call('/v1/test-children');
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('AUTH.UNAUTHENTICATED');
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await refusals()).toContainEqual(
      expect.objectContaining({
        status: 401,
        reason: 'missing-token',
        method: 'GET',
        path: '/v1/test-children',
        subject: null,
      }),
    );
  });

  it.each([
    [
      'a token signed by another key',
      testSigner().token({ roles: ['city-bureau'], jurisdiction: '330600' }),
      'unknown-key',
    ],
    [
      'an expired token',
      signer.token({ roles: ['city-bureau'], jurisdiction: '330600' }, Date.now() - 7_200_000),
      'expired',
    ],
    [
      'a token not valid yet',
      signer.token({ roles: ['city-bureau'], jurisdiction: '330600' }, Date.now() + 600_000),
      'not-yet-valid',
    ],
    [
      'a token for another audience',
      testSigner({ audience: 'other' }).token({ roles: ['city-bureau'], jurisdiction: '330600' }),
      'unknown-key',
    ],
    ['garbage', 'abc.def.ghi', 'malformed'],
  ])('refuses %s with 401, and records why', async (_what, bad, reason) => {
    const answer = await call('/v1/test-children', { token: bad });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('AUTH.UNAUTHENTICATED');
    expect(await refusals()).toContainEqual(expect.objectContaining({ status: 401, reason }));
  });

  it('lets a valid token of a listed role through', async () => {
    const city = signer.token({ roles: ['city-bureau'], jurisdiction: '330600' });
    expect((await call('/v1/test-children', { token: city })).body).toEqual({ prefix: '3306', page: 1 });
  });

  it('refuses a role that is not listed with 403 AUTH.FORBIDDEN, and records who it was', async () => {
    const answer = await call('/v1/test-children', { token: token.hotline });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('AUTH.FORBIDDEN');
    expect(await refusals()).toContainEqual(
      expect.objectContaining({
        status: 403,
        code: 'AUTH.FORBIDDEN',
        reason: 'role-not-allowed',
        username: 'hotline',
        roles: ['hotline-operator'],
        jurisdiction: '330600',
      }),
    );
  });

  it('refuses a place outside the subtree with 403 AUTH.OUTSIDE_JURISDICTION, and records the target', async () => {
    const answer = await call('/v1/test-children/330681109201/child-1?purpose=走访核实', {
      token: token.villageYuecheng,
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe('AUTH.OUTSIDE_JURISDICTION');
    expect(await refusals()).toContainEqual(
      expect.objectContaining({
        status: 403,
        code: 'AUTH.OUTSIDE_JURISDICTION',
        reason: 'outside-jurisdiction',
        username: 'vo.tashan',
        roles: ['village-officer'],
        jurisdiction: '330602001001',
        method: 'GET',
        path: '/v1/test-children/330681109201/child-1',
        action: 'children.read',
        target_jurisdiction: '330681109201',
        target_resource: 'child:child-1',
      }),
    );
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM file_reads WHERE file_id = $1', ['child-1']);
    expect(rows[0].n).toBe(0);
  });

  it('lets a county read inside its subtree, and records the read with its purpose', async () => {
    const answer = await call('/v1/test-children/330602001001/child-2?purpose=季度走访前核对监护情况', {
      token: token.countyYuecheng,
    });
    expect(answer.status).toBe(200);
    const reads = await app.get(FileReadLog).readsOf('child-2');
    expect(reads).toEqual([
      expect.objectContaining({
        fileId: 'child-2',
        fileJurisdiction: '330602001001',
        purpose: '季度走访前核对监护情况',
        readerUsername: 'cc.yuecheng',
        readerRoles: ['county-centre'],
        readerJurisdiction: '330602',
        method: 'GET',
        path: '/v1/test-children/330602001001/child-2',
      }),
    ]);
  });

  it('does not open a file without a stated purpose', async () => {
    const answer = await call('/v1/test-children/330602001001/child-3', { token: token.countyYuecheng });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION.FAILED');
    expect(await app.get(FileReadLog).readsOf('child-3')).toEqual([]);
  });

  it("restricts a list to the caller's subtree, and refuses to list outside it", async () => {
    expect((await call('/v1/test-children', { token: token.countyYuecheng })).body).toEqual({
      prefix: '330602',
      page: 1,
    });
    expect(
      (await call('/v1/test-children?jurisdiction=330602001&page=2', { token: token.countyYuecheng })).body,
    ).toEqual({ prefix: '330602001', page: 2 });
    const outside = await call('/v1/test-children?jurisdiction=330681', { token: token.countyYuecheng });
    expect(outside.status).toBe(403);
    expect(outside.body.error?.code).toBe('AUTH.OUTSIDE_JURISDICTION');
  });

  it('confines a partner agency to what is addressed to it', async () => {
    expect((await call('/v1/test-children/referrals/to/education', { token: token.education })).status).toBe(200);
    const other = await call('/v1/test-children/referrals/to/health', { token: token.education });
    expect(other.status).toBe(403);
    expect(other.body.error?.code).toBe('AUTH.FORBIDDEN');
    expect(await refusals()).toContainEqual(
      expect.objectContaining({ reason: 'other-agency', target_agency: 'health', username: 'edu' }),
    );
  });

  it('refuses everyone on a route that declares no roles (closed by default)', async () => {
    const answer = await call('/v1/test-children/undeclared', { token: token.countyYuecheng });
    expect(answer.status).toBe(403);
    expect(await refusals()).toContainEqual(expect.objectContaining({ reason: 'route-declares-no-access' }));
  });
});

describe('bad input on a service', () => {
  const register = (body: unknown, headers: Record<string, string> = {}) =>
    call('/v1/test-children', { method: 'POST', token: token.villageYuecheng, body, headers });

  it('accepts a good body', async () => {
    const answer = await register({ name: '王小明', residence: '330602001001', sex: 'M' });
    expect(answer.status).toBe(201);
  });

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const answer = await call('/v1/test-children', {
      method: 'POST',
      token: token.villageYuecheng,
      raw: '{"name": "王',
      headers: {},
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('answers a body over 256kb with 413 REQUEST.TOO_LARGE', async () => {
    const answer = await register({ name: 'x'.repeat(300 * 1024), residence: '330602001001', sex: 'M' });
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('REQUEST.TOO_LARGE');
  });

  it.each([
    ['a Mongo operator in a field', { name: { $gt: '' }, residence: '330602001001', sex: 'M' }, 'name.$gt'],
    ['an unknown field', { name: 'a', residence: '330602001001', sex: 'M', roles: ['city-bureau'] }, 'roles'],
    ['a wrong type', { name: 'a', residence: 330602001001, sex: 'M' }, 'residence'],
    ['an oversized string', { name: '张'.repeat(51), residence: '330602001001', sex: 'M' }, 'name'],
    ['a script in a coded field', { name: 'a', residence: '<script>', sex: 'M' }, 'residence'],
    ['a missing field', { name: 'a', residence: '330602001001' }, 'sex'],
  ])('answers %s with 400 VALIDATION.FAILED naming the field', async (_what, body, field) => {
    const answer = await register(body);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION.FAILED');
    expect((answer.body.error?.details?.fields as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it.each([
    ['?name[$ne]=x', 'name[$ne]'],
    ['?jurisdiction[$gt]=', 'jurisdiction[$gt]'],
    ['?page=abc', 'page'],
  ])('answers %s in a query string with 400', async (query, field) => {
    const answer = await call(`/v1/test-children${query}`, { token: token.countyYuecheng });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION.FAILED');
    expect((answer.body.error?.details?.fields as { field: string }[]).map((f) => f.field)).toContain(field);
  });

  it('answers in zh-CN by default and in English when asked', async () => {
    const zh = await register({ name: 5, residence: '330602001001', sex: 'M' });
    expect(zh.body.error?.message).toBe('请求数据校验未通过');
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(zh.body.error?.details?.fields).toContainEqual({
      field: 'name',
      rule: 'isString',
      message: 'name 必须是字符串',
    });
    const en = await register(
      { name: 5, residence: '330602001001', sex: 'M' },
      { 'accept-language': 'en-GB,en;q=0.9' },
    );
    expect(en.body.error?.message).toBe('The request data is not valid');
    expect(en.body.error?.details?.fields).toContainEqual({
      field: 'name',
      rule: 'isString',
      message: 'name must be a string',
    });
    const forbidden = await call('/v1/test-children', { token: token.hotline, headers: { 'accept-language': 'en' } });
    expect(forbidden.body.error?.message).toBe('Your role may not do this');
    expect((await call('/v1/test-children', { token: token.hotline })).body.error?.message).toBe(
      '您的角色无权执行此操作',
    );
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const answer = await call('/v1/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body.error?.code).toBe('REQUEST.NOT_FOUND');
  });

  it('answers If-Match: missing 428, stale 412, current 200 with the new ETag', async () => {
    const put = (ifMatch?: string) =>
      call('/v1/test-children/c-1', {
        method: 'PUT',
        token: token.countyYuecheng,
        headers: ifMatch ? { 'if-match': ifMatch } : {},
      });
    expect((await put()).body.error?.code).toBe('PRECONDITION.REQUIRED');
    expect((await put()).status).toBe(428);
    const stale = await put('"1"');
    expect(stale.status).toBe(412);
    expect(stale.body.error?.code).toBe('PRECONDITION.FAILED');
    const current = await put('"2"');
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('"3"');
  });

  it('answers a failure inside with 500 INTERNAL and an incident id, leaking nothing', async () => {
    const answer = await call('/v1/test-boom');
    expect(answer.status).toBe(500);
    expect(answer.body.error?.code).toBe('INTERNAL');
    expect(answer.body.error?.details?.incident).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(answer.body)).not.toMatch(/hunter2|10\.0\.0\.5|welfare|stack/);
  });

  it('documents the error body once for the whole API', async () => {
    const document = (await (await fetch(`${url}/docs-json`)).json()) as {
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
    };
    expect(document.components.schemas).toHaveProperty('ErrorBody');
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    const list = document.paths['/v1/test-children'].get;
    expect(list.responses).toHaveProperty('default');
    expect(list.responses).toHaveProperty('403');
    expect(list.security).toEqual([{ bearer: [] }]);
  });
});

describe('when the database is down', () => {
  let down: INestApplication;
  let downUrl: string;

  beforeAll(async () => {
    down = await startService('postgres://welfare:welfare@127.0.0.1:1/welfare');
    downUrl = await down.getUrl();
  });
  afterAll(async () => {
    await down?.close();
  });

  it('still answers a refusal with 401/403, never 500', async () => {
    expect((await fetch(`${downUrl}/v1/test-children`)).status).toBe(401);
    const forbidden = await fetch(`${downUrl}/v1/test-children`, {
      headers: { authorization: `Bearer ${token.hotline}` },
    });
    expect(forbidden.status).toBe(403);
    const outside = await fetch(`${downUrl}/v1/test-children/330681109201/c?purpose=核实`, {
      headers: { authorization: `Bearer ${token.villageYuecheng}` },
    });
    expect(outside.status).toBe(403);
  });

  it('does not show a file whose read cannot be recorded (503 AUDIT.UNAVAILABLE)', async () => {
    const answer = await fetch(`${downUrl}/v1/test-children/330602001001/c?purpose=核实`, {
      headers: { authorization: `Bearer ${token.countyYuecheng}` },
    });
    expect(answer.status).toBe(503);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('AUDIT.UNAVAILABLE');
  });
});
