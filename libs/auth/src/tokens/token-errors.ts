import { ServiceUnavailable } from '@app/platform/http/errors';

export type TokenRefusal =
  | 'malformed'
  | 'unsupported-alg'
  | 'unknown-key'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'bad-claims';

/** A token that does not verify. The reason goes to the refusal record, never to the client. */
export class TokenRefused extends Error {
  constructor(
    readonly reason: TokenRefusal,
    detail?: string,
  ) {
    super(detail ? `token refused (${reason}): ${detail}` : `token refused (${reason})`);
    this.name = 'TokenRefused';
  }
}

/** The gateway's keys could not be fetched and none are cached: nobody can be verified (503). */
export class KeysUnavailable extends ServiceUnavailable {
  constructor(cause?: unknown) {
    super('AUTH.KEYS_UNAVAILABLE', cause);
  }
}
