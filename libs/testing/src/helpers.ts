import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { InfrastructureSettings, SETTING_NAMES } from './infrastructure';

/** The settings the global setup put into the environment. */
export function testSettings(): InfrastructureSettings {
  const missing = SETTING_NAMES.filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`${missing.join(', ')} not set: run integration tests through jest's projects`);
  return {
    DATABASE_URL: process.env.DATABASE_URL!,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    MONGO_URL: process.env.MONGO_URL!,
  };
}

/** A name no other test run uses, for topics, groups and databases (lower case, [a-z0-9_]). */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Replaces the database of a postgres:// or mongodb:// URL, keeping its query string. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh PostgreSQL database for one test file; `drop` removes it. */
export async function createTestDatabase(prefix = 'test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const { DATABASE_URL } = testSettings();
  const name = uniqueName(prefix);
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(DATABASE_URL, name),
    drop: async () => {
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
