/**
 * A small HTTP client for the running platform, as a user sees it: sign in at the gateway, then
 * call the services with the bearer token. Used by the demo loader and the registry benchmark.
 */
import { SERVICES } from '@app/platform/services';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  etag?: string;
  body: T;
}

/** A refusal or failure, with the service's stable error code when it gave one. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status}${code ? ` ${code}` : ''}${messageOf(body)}`);
  }
}

function messageOf(body: unknown): string {
  const error = (body as { error?: { message?: string } } | undefined)?.error;
  if (error?.message) return ` — ${error.message}`;
  if (typeof body === 'string' && body) return ` — ${body.slice(0, 200)}`;
  if (body && typeof body === 'object') return ` — ${JSON.stringify(body).slice(0, 200)}`;
  return '';
}

export function codeOf(body: unknown): string | undefined {
  return (body as { error?: { code?: string } } | undefined)?.error?.code;
}

export const serviceUrl = (service: keyof typeof SERVICES, variable: string): string =>
  (process.env[variable] ?? `http://127.0.0.1:${SERVICES[service].port}`).replace(/\/$/, '');

/** Sign-in through the gateway; tokens are kept per user and renewed when a service answers 401. */
export class PlatformClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly gatewayUrl: string,
    readonly password: string,
  ) {}

  token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) {
      token = this.signIn(username);
      this.tokens.set(username, token);
      token.catch(() => this.tokens.delete(username));
    }
    return token;
  }

  private async signIn(username: string): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.gatewayUrl}/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: this.password }),
      });
    } catch (error) {
      throw new Error(`sign-in as ${username}: the gateway at ${this.gatewayUrl} does not answer (${causeOf(error)})`, {
        cause: error,
      });
    }
    const body = await readBody(response);
    if (response.status !== 200 || typeof (body as { access_token?: unknown }).access_token !== 'string') {
      const hint =
        response.status === 404
          ? ' (this gateway has no sign-in yet: a service started before a rebuild keeps its old code; ./platform down, then ./platform up)'
          : '';
      throw new HttpFailure(response.status, codeOf(body), body, `sign-in as ${username} at ${this.gatewayUrl}${hint}`);
    }
    return (body as { access_token: string }).access_token;
  }

  /**
   * One request as `username`. Connection failures and 502/503/504 are retried (every caller here
   * sends requests that are safe to repeat: client-made ids, If-Match); 401 renews the token once.
   */
  async call<T = Record<string, unknown>>(
    username: string,
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.token(username);
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt < 4) {
          await sleep(200 * attempt);
          continue;
        }
        throw new Error(`${method} ${url}: no answer (${causeOf(error)})`, { cause: error });
      }
      const answer: Answer<T> = {
        status: response.status,
        etag: response.headers.get('etag') ?? undefined,
        body: (await readBody(response)) as T,
      };
      if (response.status === 401 && attempt === 1) {
        this.tokens.delete(username);
        continue;
      }
      if ([502, 503, 504].includes(response.status) && attempt < 4) {
        await sleep(500 * attempt);
        continue;
      }
      return answer;
    }
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * GET /health: 'up' (200), 'down' (no answer), or the names of the dependencies a 503 reports down
 * (the service runs; whether the work at hand needs them is the caller's call).
 */
export async function health(baseUrl: string): Promise<'up' | 'down' | string[]> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5000) });
    const body = (await readBody(response)) as { error?: Record<string, unknown> };
    if (response.status === 200) return 'up';
    return Object.keys(body?.error ?? {}).length ? Object.keys(body.error!) : [`HTTP ${response.status}`];
  } catch {
    return 'down';
  }
}

/** Both services answer; a dependency reported down is a warning on stderr, not a stop. */
export async function requireRunning(services: [name: string, url: string][], what: string): Promise<void> {
  for (const [name, url] of services) {
    const state = await health(url);
    if (state === 'down') {
      throw new Error(`the ${name} at ${url} is not running: start the platform first (./platform up; ${what})`);
    }
    if (state !== 'up') process.stderr.write(`warning: the ${name} reports ${state.join(', ')} down\n`);
  }
}
