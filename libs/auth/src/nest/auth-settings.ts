import { ConfigService } from '@nestjs/config';
import { AUTH_DEFAULTS } from '@app/platform';

export interface AuthSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** AUTH_PUBLIC_KEYS: when set, used instead of fetching jwksUrl. */
  publicKeys?: string;
  ttlSeconds: number;
}

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

/** The validated settings with their local defaults (an empty value counts as unset). */
export function readAuthSettings(config: Pick<ConfigService, 'get'>): AuthSettings {
  const text = (name: string): string | undefined => {
    const value: unknown = config.get(name);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  return {
    issuer: text('AUTH_ISSUER') ?? AUTH_DEFAULTS.AUTH_ISSUER,
    audience: text('AUTH_AUDIENCE') ?? AUTH_DEFAULTS.AUTH_AUDIENCE,
    jwksUrl: text('AUTH_JWKS_URL') ?? AUTH_DEFAULTS.AUTH_JWKS_URL,
    publicKeys: text('AUTH_PUBLIC_KEYS'),
    ttlSeconds: Number(text('AUTH_TOKEN_TTL_SECONDS') ?? AUTH_DEFAULTS.AUTH_TOKEN_TTL_SECONDS),
  };
}
