import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnvFile, REPO_ROOT } from './infrastructure';

export type PrivateServerKind = 'kafka' | 'ferretdb';

/** A Kafka broker or FerretDB of one test file's own, on its own ports, that the test may kill. */
export interface PrivateServer {
  /** KAFKA_BROKERS or MONGO_URL of this server. */
  url: string;
  /** SIGKILL (crash) or SIGTERM the server, and wait until it is gone. */
  stop(signal?: 'SIGKILL' | 'SIGTERM'): void;
  /** Start it again on the same ports and data; returns when it answers. */
  start(): void;
  /** Stop it and delete its data. */
  destroy(): void;
}

/**
 * Fault tests restart servers; they must not restart the shared ones other tests use. This starts
 * a private instance with deploy/local/infra (same scripts, own WELFARE_STATE_DIR and ports).
 * `slot` (0–9) keeps test files that run one after another on different ports.
 */
export function startPrivateServer(kind: PrivateServerKind, slot = 0): PrivateServer {
  const stateDir = resolve(REPO_ROOT, `.local/private-${kind}-${slot}`);
  const env = {
    ...process.env,
    WELFARE_STATE_DIR: stateDir,
    KAFKA_PORT: String(19092 + slot * 10),
    KAFKA_CONTROLLER_PORT: String(19093 + slot * 10),
    MONGO_PORT: String(27117 + slot * 10),
    FERRETDB_DEBUG_PORT: String(18088 + slot * 10),
    FERRETDB_PG_DATABASE: `ferretdb_private_${slot}`,
  };
  const infra = (...args: string[]) =>
    execFileSync('bash', [resolve(REPO_ROOT, 'deploy/local/infra'), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const pidFile = resolve(stateDir, `run/${kind}.pid`);

  infra('up', kind);
  const settings = parseEnvFile(readFileSync(resolve(stateDir, 'infra.env'), 'utf8'));
  const url = kind === 'kafka' ? settings.KAFKA_BROKERS : settings.MONGO_URL;

  const stop = (signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL') => {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      execFileSync('sleep', ['0.1']);
    }
    throw new Error(`${kind} (pid ${pid}) did not stop`);
  };
  return {
    url,
    stop,
    start: () => infra('up', kind),
    destroy: () => {
      infra('down', kind);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
