import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** DATABASE_URL etc. from the environment, else from the local servers (started when needed). */
export function benchSettings(): Record<'DATABASE_URL' | 'KAFKA_BROKERS' | 'MONGO_URL', string> {
  if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS || !process.env.MONGO_URL) {
    execFileSync('bash', [resolve(ROOT, 'deploy/local/infra'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const file = resolve(process.env.WELFARE_STATE_DIR ?? resolve(ROOT, '.local'), 'infra.env');
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);
      if (match) process.env[match[1]] ??= match[2];
    }
  }
  return {
    DATABASE_URL: process.env.DATABASE_URL!,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    MONGO_URL: process.env.MONGO_URL!,
  };
}

/** Runs `worker` on `concurrency` lanes for `seconds`; returns operations per second. */
export async function throughput(
  concurrency: number,
  seconds: number,
  worker: (lane: number, iteration: number) => Promise<number>,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      for (let i = 0; performance.now() < deadline; i++) {
        // Not `done += await …`: that reads `done` before the await and loses the other lanes' counts.
        const count = await worker(lane, i);
        done += count;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ratio = (a: number, b: number) => (a / b).toFixed(2);
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
