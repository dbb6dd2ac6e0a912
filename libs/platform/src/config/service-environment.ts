import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsIP, IsOptional, Matches, Max, Min, validateSync, ValidationError } from 'class-validator';

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

  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose',
  })
  LOG_LEVEL?: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
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
const REQUIRED_ORDER: string[] = [...REQUIRED_SETTINGS, 'HOST', 'PORT', 'LOG_LEVEL'];
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
