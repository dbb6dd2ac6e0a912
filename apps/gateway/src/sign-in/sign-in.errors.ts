import { AppError } from '@app/platform';

/** Wrong name or password, unknown name, or disabled user: one answer for all, so none can be told apart. */
export class InvalidCredentials extends AppError {
  constructor() {
    super(
      'AUTH.INVALID_CREDENTIALS',
      401,
      { 'zh-CN': '用户名或密码错误', en: 'Wrong user name or password' },
      undefined,
      { headers: { 'WWW-Authenticate': 'Bearer realm="child-welfare"' } },
    );
  }
}

export class TooManySignInAttempts extends AppError {
  constructor(retryAfterSeconds: number) {
    super(
      'AUTH.TOO_MANY_ATTEMPTS',
      429,
      {
        'zh-CN': `登录失败次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
        en: `Too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
      },
      { retryAfterSeconds },
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }
}
