import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { describeProblem } from './problems';
import { SealKeyError, generateSealKeys, parseSigningKey, SigningKey } from './seal-keys';
import { ensureSealSchema } from './seal-schema';
import { SealRefused, SealResult, sealOnce } from './sealer';

/**
 * `npm run seal`                 seal what is new once, then exit
 * `npm run seal -- --watch [--interval <seconds>]`   keep sealing (default every 60 s)
 * `npm run seal -- generate-keys`                    print a fresh SEAL_SIGNING_KEY / SEAL_VERIFY_KEY pair
 * Reads DATABASE_URL and SEAL_SIGNING_KEY. Exit 0 on success, 1 when the sealer refuses because an
 * event's hash chain is broken (run `npm run verify`), 2 when it cannot run.
 */

function resultLine(result: SealResult): string {
  const root = `${result.rootHash.toString('hex').slice(0, 16)}…`;
  if (!result.sealedEvents) return `无新事件 / nothing new to seal: tree size ${result.treeSize}, root ${root}`;
  return `封存完成 / sealed: ${result.sealedEvents} new events in ${result.checkpoints.length} checkpoint(s), tree size ${result.treeSize}, root ${root}`;
}

function intervalOf(argv: string[]): number {
  const at = argv.indexOf('--interval');
  const seconds = at >= 0 ? Number(argv[at + 1]) : 60;
  if (!Number.isFinite(seconds) || seconds <= 0) throw new SealKeyError('--interval takes a number of seconds');
  return seconds * 1000;
}

async function sealAndReport(pool: Pool, key: SigningKey): Promise<number> {
  try {
    console.log(resultLine(await sealOnce(pool, key)));
    return 0;
  } catch (error) {
    if (error instanceof SealRefused) {
      console.error(`拒绝封存 / refusing to seal: ${describeProblem(error.problem)}`);
      return 1;
    }
    console.error(`封存失败 / sealing failed: ${(error as Error).message}`);
    return 2;
  }
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv[0] === 'generate-keys') {
    const keys = generateSealKeys();
    console.log(`# key id ${keys.keyId}: the signing key is secret (sealer only), the verify key is public`);
    console.log(`SEAL_SIGNING_KEY=${keys.signingKey}`);
    console.log(`SEAL_VERIFY_KEY=${keys.verifyKey}`);
    return 0;
  }
  let key: SigningKey;
  let interval: number;
  try {
    key = parseSigningKey(env.SEAL_SIGNING_KEY);
    interval = intervalOf(argv);
    if (!env.DATABASE_URL) throw new SealKeyError('DATABASE_URL is not set');
  } catch (error) {
    console.error(`配置错误 / configuration error: ${(error as Error).message}`);
    return 2;
  }
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 2 });
  try {
    try {
      await ensureSealSchema(pool);
    } catch (error) {
      console.error(`封存失败 / sealing failed: ${(error as Error).message}`);
      return 2;
    }
    if (!argv.includes('--watch')) return await sealAndReport(pool, key);
    const stop = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
    let code = 0;
    // A refusal does not end the watch: it is repeated each round until someone looks.
    while (!stop.signal.aborted) {
      code = await sealAndReport(pool, key);
      await sleep(interval, undefined, { signal: stop.signal }).catch(() => undefined);
    }
    return code;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
