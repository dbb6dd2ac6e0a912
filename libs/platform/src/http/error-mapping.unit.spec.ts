import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ParseUUIDPipe,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { ValidationError } from 'class-validator';
import { AppError } from './app-error';
import { describeError } from './error-mapping';
import {
  OutsideJurisdiction,
  PreconditionFailed,
  PreconditionRequired,
  Unauthenticated,
  VersionConflict,
} from './errors';
import { Language } from './language';
import { ValidationFailed } from './validation';

const incident = () => 'incident-1';
const answer = (exception: unknown, language: Language = 'zh-CN') => describeError(exception, language, incident);
const bodyOf = (exception: unknown, language: Language = 'zh-CN') =>
  answer(exception, language).body as { error: { code: string; message: string; details?: Record<string, unknown> } };

/** What body-parser raises, as Nest's express adapter hands it on (the original in `cause`). */
function parserError(status: number, type: string, extra: object = {}): HttpException {
  const cause = Object.assign(new SyntaxError('Unexpected token } in JSON at position 12'), { status, type, ...extra });
  return status === 400 ? new BadRequestException(cause.message, { cause }) : new HttpException('x', status, { cause });
}

class IdNumberInvalid extends AppError {
  constructor() {
    super(
      'REGISTRY.ID_NUMBER_INVALID',
      400,
      { 'zh-CN': '身份证号码无效', en: 'The resident ID number is not valid' },
      { reason: 'check digit' },
    );
  }
}

describe('error answers', () => {
  it("answers a service's AppError with its code, status, message in the asked language and details", () => {
    expect(answer(new IdNumberInvalid(), 'en')).toEqual({
      status: 400,
      headers: { 'Content-Language': 'en' },
      body: {
        error: {
          code: 'REGISTRY.ID_NUMBER_INVALID',
          message: 'The resident ID number is not valid',
          details: { reason: 'check digit' },
        },
      },
      incident: undefined,
    });
    expect(bodyOf(new IdNumberInvalid(), 'zh-CN').error.message).toBe('身份证号码无效');
  });

  it.each([
    ['malformed JSON', parserError(400, 'entity.parse.failed'), 400, 'REQUEST.MALFORMED_JSON'],
    ['a body over the limit', parserError(413, 'entity.too.large', { limit: 262144 }), 413, 'REQUEST.TOO_LARGE'],
    ['a body in another charset', parserError(415, 'charset.unsupported'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown route', new NotFoundException('Cannot GET /nope'), 404, 'REQUEST.NOT_FOUND'],
    ['a failed built-in pipe', new BadRequestException('Validation failed (uuid is expected)'), 400, 'REQUEST.INVALID'],
    ["Nest's UnauthorizedException", new UnauthorizedException(), 401, 'AUTH.UNAUTHENTICATED'],
    ["Nest's ForbiddenException", new ForbiddenException(), 403, 'AUTH.FORBIDDEN'],
    ['our Unauthenticated', new Unauthenticated('expired'), 401, 'AUTH.UNAUTHENTICATED'],
    ['a place outside the subtree', new OutsideJurisdiction('330681'), 403, 'AUTH.OUTSIDE_JURISDICTION'],
    ['a version conflict', new VersionConflict({ expected: 3, actual: 4 }), 409, 'CONFLICT.VERSION'],
    ['an If-Match mismatch', new PreconditionFailed(), 412, 'PRECONDITION.FAILED'],
    ['a missing If-Match', new PreconditionRequired(), 428, 'PRECONDITION.REQUIRED'],
    ['an HTTP 412', new HttpException('x', 412), 412, 'PRECONDITION.FAILED'],
    ['an HTTP 428', new HttpException('x', 428), 428, 'PRECONDITION.REQUIRED'],
  ])('maps %s to %i %s', (_what, exception, status, code) => {
    const { status: actual, body } = answer(exception);
    expect(actual).toBe(status);
    expect((body as { error: { code: string } }).error.code).toBe(code);
  });

  it("maps the event store's lost race (by its code) to 409 CONFLICT.VERSION", () => {
    const lostRace = Object.assign(new Error('stream child-1 is at revision 4, expected 3'), {
      code: 'EVENT_STORE.WRONG_EXPECTED_VERSION',
      expected: 3,
      actual: 4,
    });
    expect(answer(lostRace)).toMatchObject({
      status: 409,
      body: { error: { code: 'CONFLICT.VERSION', details: { expected: 3, actual: 4 } } },
    });
  });

  it('says how large a body may be', () => {
    expect(bodyOf(parserError(413, 'entity.too.large', { limit: 262144 }), 'en').error.message).toBe(
      'The request body is too large (limit 256kb)',
    );
  });

  it('asks an unauthenticated client for a bearer token', () => {
    expect(answer(new Unauthenticated()).headers['WWW-Authenticate']).toMatch(/^Bearer /);
  });

  it('answers anything unexpected with 500 INTERNAL and an incident id, never the error itself', () => {
    const leak = new Error('duplicate key value violates unique constraint "children_pkey" at /app/dist/x.js:12');
    const result = answer(leak, 'en');
    expect(result).toEqual({
      status: 500,
      headers: { 'Content-Language': 'en' },
      body: {
        error: {
          code: 'INTERNAL',
          message: 'Internal error; tell the administrator (incident incident-1)',
          details: { incident: 'incident-1' },
        },
      },
      incident: 'incident-1',
    });
    expect(JSON.stringify(answer('a thrown string').body)).not.toContain('thrown string');
    expect(answer(new HttpException('db password is hunter2', 502)).status).toBe(500);
    expect(JSON.stringify(answer(new HttpException('db password is hunter2', 502)).body)).not.toContain('hunter2');
  });

  it('passes a failed health check on as terminus wrote it', () => {
    const health = {
      status: 'error',
      info: {},
      error: { kafka: { status: 'down' } },
      details: { kafka: { status: 'down' } },
    };
    expect(answer(new ServiceUnavailableException(health))).toEqual({ status: 503, headers: {}, body: health });
  });

  it('lists every field and rule of a validation failure, translated', () => {
    const error = new ValidationFailed([
      { field: 'name', rule: 'isString', message: 'name must be a string' },
      { field: 'guardians.0.phone', rule: 'matches', message: 'phone must match /^1\\d{10}$/' },
      { field: 'role', rule: 'whitelistValidation', message: 'property role should not exist' },
      { field: 'x', rule: 'customRule', message: 'x is odd' },
    ]);
    expect(bodyOf(error, 'en').error).toEqual({
      code: 'VALIDATION.FAILED',
      message: 'The request data is not valid',
      details: {
        fields: [
          { field: 'name', rule: 'isString', message: 'name must be a string' },
          { field: 'guardians.0.phone', rule: 'matches', message: 'phone must match /^1\\d{10}$/' },
          { field: 'role', rule: 'whitelistValidation', message: 'property role should not exist' },
          { field: 'x', rule: 'customRule', message: 'x is odd' },
        ],
      },
    });
    expect(bodyOf(error, 'zh-CN').error.details).toEqual({
      fields: [
        { field: 'name', rule: 'isString', message: 'name 必须是字符串' },
        { field: 'guardians.0.phone', rule: 'matches', message: 'guardians.0.phone 格式不正确' },
        { field: 'role', rule: 'whitelistValidation', message: '不允许的字段 role' },
        { field: 'x', rule: 'customRule', message: 'x 不符合规则 customRule' },
      ],
    });
  });

  it('also maps raw class-validator errors', () => {
    const error = Object.assign(new ValidationError(), {
      property: 'age',
      constraints: { isInt: 'age must be an integer' },
    });
    expect(bodyOf([error], 'en').error).toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { fields: [{ field: 'age', rule: 'isInt' }] },
    });
  });

  it('passes on the reason of a built-in pipe', async () => {
    const error = await new ParseUUIDPipe().transform('x', { type: 'param' }).catch((e: unknown) => e);
    expect(bodyOf(error, 'en').error).toMatchObject({
      code: 'REQUEST.INVALID',
      details: { reason: expect.stringMatching(/uuid/) },
    });
  });

  it('refuses to define an error without a stable code or an error status', () => {
    expect(() => new AppError('oops', 400, { 'zh-CN': '', en: '' })).toThrow(/AREA.WHAT_HAPPENED/);
    expect(() => new AppError('A.B', 200, { 'zh-CN': '', en: '' })).toThrow(/status/);
  });
});
