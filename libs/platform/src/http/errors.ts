import { AppError, ErrorDetails } from './app-error';

/**
 * The errors every service shares. Service-specific ones (`REGISTRY.…`, `SUBSIDY.…`) extend
 * AppError in their own folders.
 */

export class MalformedJson extends AppError {
  constructor(cause?: unknown) {
    super(
      'REQUEST.MALFORMED_JSON',
      400,
      { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
      undefined,
      { cause },
    );
  }
}

export class PayloadTooLarge extends AppError {
  constructor(limit: string, cause?: unknown) {
    super(
      'REQUEST.TOO_LARGE',
      413,
      { 'zh-CN': `请求体过大（上限 ${limit}）`, en: `The request body is too large (limit ${limit})` },
      { limit },
      { cause },
    );
  }
}

export class UnsupportedMediaType extends AppError {
  constructor(cause?: unknown) {
    super(
      'REQUEST.UNSUPPORTED_MEDIA_TYPE',
      415,
      { 'zh-CN': '不支持的请求体格式或字符集，请使用 UTF-8 编码的 JSON', en: 'Send the body as UTF-8 JSON' },
      undefined,
      { cause },
    );
  }
}

/** A 4xx the framework raised without a more specific code (a failed ParseUUIDPipe, …). */
export class InvalidRequest extends AppError {
  constructor(status = 400, reason?: string, cause?: unknown) {
    super(
      'REQUEST.INVALID',
      status,
      { 'zh-CN': '请求无效', en: 'The request is not valid' },
      reason ? { reason } : undefined,
      { cause },
    );
  }
}

export class RouteNotFound extends AppError {
  constructor(cause?: unknown) {
    super('REQUEST.NOT_FOUND', 404, { 'zh-CN': '没有这个地址', en: 'There is nothing at this address' }, undefined, {
      cause,
    });
  }
}

export class MethodNotAllowed extends AppError {
  constructor(cause?: unknown) {
    super(
      'REQUEST.METHOD_NOT_ALLOWED',
      405,
      { 'zh-CN': '此地址不支持该请求方法', en: 'This address does not support the method' },
      undefined,
      { cause },
    );
  }
}

export class TooManyRequests extends AppError {
  constructor(retryAfterSeconds?: number) {
    super(
      'REQUEST.TOO_MANY',
      429,
      { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
      retryAfterSeconds ? { retryAfterSeconds } : undefined,
      { headers: retryAfterSeconds ? { 'Retry-After': String(retryAfterSeconds) } : {} },
    );
  }
}

/** No valid bearer token. `reason` says why in the server's records; clients get the same answer. */
export class Unauthenticated extends AppError {
  constructor(readonly reason = 'missing-token') {
    super(
      'AUTH.UNAUTHENTICATED',
      401,
      { 'zh-CN': '请先登录（缺少或无效的访问令牌）', en: 'Sign in first (the access token is missing or not valid)' },
      undefined,
      { headers: { 'WWW-Authenticate': 'Bearer realm="child-welfare"' } },
    );
  }
}

/** Signed in, but no role of the user may do this. */
export class Forbidden extends AppError {
  constructor(
    readonly reason = 'role-not-allowed',
    details?: ErrorDetails,
  ) {
    super('AUTH.FORBIDDEN', 403, { 'zh-CN': '您的角色无权执行此操作', en: 'Your role may not do this' }, details);
  }
}

/** Signed in with a role that may do this, but not for a place outside the user's own subtree. */
export class OutsideJurisdiction extends AppError {
  constructor(readonly target: string) {
    super(
      'AUTH.OUTSIDE_JURISDICTION',
      403,
      { 'zh-CN': '该对象不在您的管辖范围内', en: 'This is outside your jurisdiction' },
      undefined,
    );
  }
}

/** Someone else changed the resource first (a lost optimistic-concurrency race). */
export class VersionConflict extends AppError {
  constructor(details?: { expected?: number | string; actual?: number }, cause?: unknown) {
    super(
      'CONFLICT.VERSION',
      409,
      {
        'zh-CN': '该记录已被他人修改，请刷新后重试',
        en: 'Someone else changed this record first; reload it and try again',
      },
      details,
      { cause },
    );
  }
}

/** If-Match named a version that is no longer the current one. */
export class PreconditionFailed extends AppError {
  constructor(details?: { expected?: string; actual?: string }, cause?: unknown) {
    super(
      'PRECONDITION.FAILED',
      412,
      {
        'zh-CN': '记录版本已变化（If-Match 不匹配），请刷新后重试',
        en: 'The record has changed since you read it (If-Match does not match); reload it and try again',
      },
      details,
      { cause },
    );
  }
}

/** A change needs If-Match with the version the client read, and it was missing. */
export class PreconditionRequired extends AppError {
  constructor() {
    super('PRECONDITION.REQUIRED', 428, {
      'zh-CN': '修改请求须带 If-Match 头（读取时得到的 ETag）',
      en: 'Send If-Match with the ETag you read to change this record',
    });
  }
}

export class ServiceUnavailable extends AppError {
  constructor(code = 'SERVICE.UNAVAILABLE', cause?: unknown) {
    super(
      code,
      503,
      { 'zh-CN': '服务暂时不可用，请稍后再试', en: 'The service is unavailable; try again shortly' },
      undefined,
      { cause },
    );
  }
}

/** Anything unexpected. The incident id ties the answer to the logged error; nothing else leaks. */
export class InternalError extends AppError {
  constructor(incident: string, cause?: unknown) {
    super(
      'INTERNAL',
      500,
      {
        'zh-CN': `系统内部错误，请联系管理员（事件编号 ${incident}）`,
        en: `Internal error; tell the administrator (incident ${incident})`,
      },
      { incident },
      { cause },
    );
  }
}
