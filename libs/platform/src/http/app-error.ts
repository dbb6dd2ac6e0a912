import { Language, Messages } from './language';

/** Extra facts about an error that a client may act on. Never personal data, never internals. */
export type ErrorDetails = Record<string, unknown>;

const CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)*$/;

/**
 * The base of every error a service answers on purpose. The code is stable (clients and tests
 * branch on it, e.g. `REGISTRY.ID_NUMBER_INVALID`); the message is for people, in zh-CN and en.
 * The global filter turns it into `{ "error": { "code", "message", "details"? } }` with `status`.
 *
 *   export class IdNumberInvalid extends AppError {
 *     constructor(reason: string) {
 *       super('REGISTRY.ID_NUMBER_INVALID', 400,
 *         { 'zh-CN': '身份证号码无效', en: 'The resident ID number is not valid' }, { reason });
 *     }
 *   }
 */
export class AppError extends Error {
  /** Response headers that belong to this error (WWW-Authenticate, Retry-After…). */
  readonly headers: Record<string, string>;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: Messages,
    readonly details?: ErrorDetails,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(`${code}: ${messages.en}`, options?.cause === undefined ? undefined : { cause: options.cause });
    if (!CODE.test(code)) throw new TypeError(`error code ${code} must look like AREA.WHAT_HAPPENED`);
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new TypeError(`error ${code} needs an HTTP error status, not ${status}`);
    }
    this.name = new.target.name;
    this.headers = options?.headers ?? {};
  }

  messageIn(language: Language): string {
    return this.messages[language];
  }

  /** Details in the answer's language; subclasses with translated details override this. */
  detailsIn(_language: Language): ErrorDetails | undefined {
    return this.details;
  }
}
