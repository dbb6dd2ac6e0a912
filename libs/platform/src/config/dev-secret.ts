import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from './service-environment';

/**
 * A secret from configuration (base64). Only outside production may it be absent: then a random
 * development secret is kept in .local/dev-secrets/<name>, created on first use and shared by every
 * service of this checkout, so `./platform up` needs no manual step and data survives restarts.
 */
export function secretFromConfiguration(name: string, value: string | undefined, bytes = 32): Buffer {
  if (value) {
    const secret = Buffer.from(value, 'base64');
    if (secret.length !== bytes) throw new ConfigurationError(name, `${name} must be base64 of ${bytes} random bytes`);
    return secret;
  }
  if (process.env.NODE_ENV === 'production') {
    throw new ConfigurationError(name, `${name} is missing (required when NODE_ENV=production)`);
  }
  const file = resolve(process.env.WELFARE_STATE_DIR ?? resolve(process.cwd(), '.local'), 'dev-secrets', name);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(bytes).toString('base64'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      // Another service created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
