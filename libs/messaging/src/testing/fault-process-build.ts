import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');
export const RELAY_PROCESS = resolve(ROOT, 'dist/libs/messaging/src/testing/relay-process.js');

/**
 * Compiles the relay process (npm run build:messaging-fault-process). Type errors elsewhere in the
 * monorepo, which another change may have in flight, do not stop it: tsc still emits, and the
 * spawned process is what the test checks.
 */
export function buildRelayProcess(): string {
  const config = resolve(ROOT, 'libs/messaging/tsconfig.fault-process.json');
  const run = (script: string) =>
    spawnSync(process.execPath, [resolve(ROOT, script), '-p', config], { cwd: ROOT, encoding: 'utf8' });
  const tsc = run('node_modules/typescript/bin/tsc');
  if (tsc.status !== 0 && tsc.status !== 2) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
  if (tsc.status === 2) console.warn(`relay process built with type errors:\n${tsc.stdout}`);
  const alias = run('node_modules/tsc-alias/dist/bin/index.js');
  if (alias.status !== 0) throw new Error(`tsc-alias failed: ${alias.stdout}${alias.stderr}`);
  if (!existsSync(RELAY_PROCESS)) throw new Error(`${RELAY_PROCESS} was not built`);
  return RELAY_PROCESS;
}
