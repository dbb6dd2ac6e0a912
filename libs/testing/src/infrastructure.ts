import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the tests find their servers. */
export interface InfrastructureSettings {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  MONGO_URL: string;
}
export const SETTING_NAMES = ['DATABASE_URL', 'KAFKA_BROKERS', 'MONGO_URL'] as const;

export const REPO_ROOT = resolve(__dirname, '../../..');
const LOCAL_ENV_FILE = resolve(process.env.WELFARE_STATE_DIR ?? resolve(REPO_ROOT, '.local'), 'infra.env');

/** Images shared with docker-compose.yml, so a Docker user tests against the same servers. */
export const CONTAINER_IMAGES = {
  postgres: 'postgres:17.6-alpine',
  kafka: 'apache/kafka:4.1.1',
  mongo: 'mongo:8.0.15',
  kurrentdb: 'kurrentplatform/kurrentdb:25.1.0',
} as const;

export function parseEnvFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) result[match[1]] = match[2];
  }
  return result;
}

/** The local servers of deploy/local/infra; `up` is idempotent and returns at once when they run. */
export function localInfrastructure(): InfrastructureSettings {
  execFileSync('bash', [resolve(REPO_ROOT, 'deploy/local/infra'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const env = parseEnvFile(readFileSync(LOCAL_ENV_FILE, 'utf8'));
  return { DATABASE_URL: env.DATABASE_URL, KAFKA_BROKERS: env.KAFKA_BROKERS, MONGO_URL: env.MONGO_URL };
}

export type InfrastructureSource = 'environment' | 'testcontainers' | 'local';

/**
 * The one switch between servers: WELFARE_TEST_INFRA=local|testcontainers forces a source; otherwise
 * testcontainers when a Docker engine answers, else the local servers. Settings given in the
 * environment override either source, one by one.
 */
export async function chooseSource(): Promise<Exclude<InfrastructureSource, 'environment'>> {
  const forced = process.env.WELFARE_TEST_INFRA;
  if (forced === 'local' || forced === 'testcontainers') return forced;
  if (forced) throw new Error(`WELFARE_TEST_INFRA must be "local" or "testcontainers", not "${forced}"`);
  return (await dockerEngineAnswers()) ? 'testcontainers' : 'local';
}

async function dockerEngineAnswers(): Promise<boolean> {
  const socket = process.env.DOCKER_HOST ?? '/var/run/docker.sock';
  if (!process.env.DOCKER_HOST && !existsSync(socket)) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}
