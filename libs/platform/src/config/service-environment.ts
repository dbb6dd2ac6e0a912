import { createPrivateKey, createPublicKey, JsonWebKey } from 'node:crypto';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsIP,
  IsOptional,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
  ValidateBy,
  ValidationError,
} from 'class-validator';
import { ServiceName } from '../services';

/** An empty value counts as unset, as in a shell (`AUTH_SIGNING_KEY= ./platform up`). */
const EmptyAsUnset = () => Transform(({ value }) => (value === '' ? undefined : value));

const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const BROKER_LIST = /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/;

/** Every setting a service reads at boot. Settings that hold secrets never appear in messages. */
export class ServiceEnvironment {
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'PORT must be a whole number between 1 and 65535' })
  @Min(1, { message: 'PORT must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'PORT must be a whole number between 1 and 65535' })
  PORT?: number;

  /** 127.0.0.1 by default; 0.0.0.0 inside a container. */
  @IsOptional()
  @IsIP(undefined, { message: 'HOST must be an IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST?: string;

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be host:port[,host:port…], e.g. 127.0.0.1:9092' })
  KAFKA_BROKERS!: string;

  @Matches(/^mongodb(\+srv)?:\/\/[^\s]+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'MONGO_URL must be a mongodb:// URL that names a database, e.g. mongodb://127.0.0.1:27017/welfare',
  })
  MONGO_URL!: string;

  /**
   * FerretDB's own PostgreSQL database (FerretDB 1.x on PostgreSQL only; never on MongoDB). When
   * given, the projectors add GIN indexes to the read models' tables so that FerretDB's `_id`
   * lookups use an index (libs/projections/src/ferretdb-indexes.ts). Optional; holds a password.
   */
  @IsOptional()
  @EmptyAsUnset()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'FERRETDB_POSTGRES_URL must be a postgres:// URL of the database FerretDB stores its data in',
  })
  FERRETDB_POSTGRES_URL?: string;

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose',
  })
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  /** Who signs the tokens (the gateway's address); every service checks `iss` against it. */
  @IsOptional()
  @EmptyAsUnset()
  @IsUrl(HTTP_URL, { message: 'AUTH_ISSUER must be an http(s) URL, e.g. http://127.0.0.1:3000' })
  AUTH_ISSUER?: string;

  /** The `aud` every token carries and every service expects. */
  @IsOptional()
  @EmptyAsUnset()
  @Matches(/^[A-Za-z0-9._:/-]{1,100}$/, { message: 'AUTH_AUDIENCE must be a short name such as child-welfare' })
  AUTH_AUDIENCE?: string;

  /** Where services fetch the gateway's public keys (lazily; again when a token names an unknown key). */
  @IsOptional()
  @EmptyAsUnset()
  @IsUrl(HTTP_URL, {
    message: 'AUTH_JWKS_URL must be an http(s) URL, e.g. http://127.0.0.1:3000/.well-known/jwks.json',
  })
  AUTH_JWKS_URL?: string;

  /** A JWKS document ({"keys":[…]}) used instead of AUTH_JWKS_URL: tests, or a service without network to the gateway. */
  @IsOptional()
  @EmptyAsUnset()
  @ValidateBy({
    name: 'isEd25519Jwks',
    validator: {
      validate: isEd25519Jwks,
      defaultMessage: () => 'AUTH_PUBLIC_KEYS must be a JWKS document {"keys":[…]} of Ed25519 public keys',
    },
  })
  AUTH_PUBLIC_KEYS?: string;

  /**
   * The gateway's Ed25519 signing key (PKCS#8 PEM, or base64 DER). Secret. Outside production the
   * gateway writes a development key to .local/auth-signing-key.pem when this is absent.
   */
  @IsOptional()
  @EmptyAsUnset()
  @ValidateBy({
    name: 'isEd25519PrivateKey',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseEd25519PrivateKey(value) !== undefined,
      defaultMessage: () =>
        'AUTH_SIGNING_KEY must be an Ed25519 private key, PKCS#8 PEM or base64 DER ' +
        '(node dist/libs/auth/src/tokens/keygen.command.js makes one)',
    },
  })
  AUTH_SIGNING_KEY?: string;

  /** Lifetime of an access token in seconds (60 to 86400; 3600 by default). */
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'AUTH_TOKEN_TTL_SECONDS must be a whole number of seconds between 60 and 86400' })
  @Min(60, { message: 'AUTH_TOKEN_TTL_SECONDS must be a whole number of seconds between 60 and 86400' })
  @Max(86400, { message: 'AUTH_TOKEN_TTL_SECONDS must be a whole number of seconds between 60 and 86400' })
  AUTH_TOKEN_TTL_SECONDS?: number;

  /** Whether the gateway seeds the demo users (README); by default yes, except when NODE_ENV=production. */
  @IsOptional()
  @EmptyAsUnset()
  @IsIn(['true', 'false'], { message: 'AUTH_DEMO_USERS must be true or false' })
  AUTH_DEMO_USERS?: 'true' | 'false';
}

/** Defaults of the optional sign-in settings: the local platform, gateway on 127.0.0.1:3000. */
export const AUTH_DEFAULTS = {
  AUTH_ISSUER: 'http://127.0.0.1:3000',
  AUTH_AUDIENCE: 'child-welfare',
  AUTH_JWKS_URL: 'http://127.0.0.1:3000/.well-known/jwks.json',
  AUTH_TOKEN_TTL_SECONDS: 3600,
} as const;

/**
 * An Ed25519 private key from configuration: PKCS#8 PEM (env files may hold it on one line with
 * literal `\n`) or base64 PKCS#8 DER. Undefined when it is neither.
 */
export function parseEd25519PrivateKey(text: string): ReturnType<typeof createPrivateKey> | undefined {
  const trimmed = text.trim();
  try {
    const key = trimmed.includes('-----BEGIN')
      ? createPrivateKey(trimmed.replace(/\\n/g, '\n'))
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Settings that have a development fallback but that a production deployment must give: the
 * gateway may not invent a signing key there (tokens would stop verifying on the next restart).
 */
export const PRODUCTION_SETTINGS: Partial<Record<ServiceName, { setting: string; why: string }[]>> = {
  gateway: [{ setting: 'AUTH_SIGNING_KEY', why: 'the gateway signs tokens with it' }],
};

export function assertProductionSettings(name: ServiceName, raw: Record<string, unknown>): void {
  if (raw.NODE_ENV !== 'production') return;
  for (const { setting, why } of PRODUCTION_SETTINGS[name] ?? []) {
    if (raw[setting] === undefined || raw[setting] === '') {
      throw new ConfigurationError(setting, `${setting} is missing (required when NODE_ENV=production: ${why})`);
    }
  }
}

function isEd25519Jwks(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { keys } = JSON.parse(value) as { keys?: unknown };
    if (!Array.isArray(keys) || !keys.length) return false;
    return keys.every((jwk: JsonWebKey) => {
      if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || 'd' in jwk) return false;
      createPublicKey({ key: jwk, format: 'jwk' });
      return true;
    });
  } catch {
    return false;
  }
}

export class ConfigurationError extends Error {
  constructor(
    readonly setting: string,
    detail: string,
  ) {
    super(`Configuration error: ${detail}`);
  }
}

/**
 * Validates the raw environment. The first problem becomes one line that names the setting;
 * a missing setting says so rather than repeating the format rule.
 */
export function parseServiceEnvironment(raw: Record<string, unknown>): ServiceEnvironment {
  const env = plainToInstance(ServiceEnvironment, raw, { excludeExtraneousValues: false });
  const [first] = validateSync(env, { whitelist: false, stopAtFirstError: true }).sort(byPropertyName);
  if (first) throw toConfigurationError(first, raw);
  return env;
}

/** Settings without a default: every deployment (docker-compose.yml included) must provide them. */
export const REQUIRED_SETTINGS = ['DATABASE_URL', 'KAFKA_BROKERS', 'MONGO_URL'] as const;
const REQUIRED_ORDER: string[] = [
  ...REQUIRED_SETTINGS,
  'FERRETDB_POSTGRES_URL',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_URL',
  'AUTH_PUBLIC_KEYS',
  'AUTH_SIGNING_KEY',
  'AUTH_TOKEN_TTL_SECONDS',
  'AUTH_DEMO_USERS',
];
function byPropertyName(a: ValidationError, b: ValidationError): number {
  return REQUIRED_ORDER.indexOf(a.property) - REQUIRED_ORDER.indexOf(b.property);
}

function toConfigurationError(error: ValidationError, raw: Record<string, unknown>): ConfigurationError {
  const setting = error.property;
  const value = raw[setting];
  if (value === undefined || value === '') {
    return new ConfigurationError(setting, `${setting} is missing (${Object.values(error.constraints ?? {})[0]})`);
  }
  return new ConfigurationError(setting, Object.values(error.constraints ?? {})[0] ?? `${setting} is malformed`);
}
