import { Pool } from 'pg';
import { describeProblem } from './problems';
import { parseVerifyKeys, SealKeyError } from './seal-keys';
import { VerificationReport, verifyEventStore } from './verifier';

/**
 * `npm run verify [-- --json]`: checks the event store against its hash chains and signed
 * checkpoints. Reads DATABASE_URL and SEAL_VERIFY_KEY. Exit 0 when intact, 1 when a problem is
 * found (the first one is named), 2 when it cannot run (configuration, connection).
 */

const PROGRESS_EVERY_MS = 2000;

export function resultLine(report: VerificationReport): string {
  if (report.ok) {
    const unsealed = report.unsealedEvents
      ? `; 最后检查点之后 ${report.unsealedEvents} 个事件仅由哈希链保护 / ${report.unsealedEvents} events after the last checkpoint, covered by hash chains only`
      : '';
    return `校验通过 / verified: ${report.events} events, ${report.validCheckpoints} checkpoints${unsealed}`;
  }
  const more =
    report.problemCount > 1 ? ` (+${report.problemCount - 1} more / 另有 ${report.problemCount - 1} 处问题)` : '';
  return `校验失败 / verification failed: ${describeProblem(report.firstProblem!)}${more}`;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const json = argv.includes('--json');
  let verifyKeys;
  try {
    verifyKeys = parseVerifyKeys(env.SEAL_VERIFY_KEY);
    if (!env.DATABASE_URL) throw new SealKeyError('DATABASE_URL is not set');
  } catch (error) {
    console.error(`配置错误 / configuration error: ${(error as Error).message}`);
    return 2;
  }
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 1 });
  let lastPrint = Date.now();
  try {
    const report = await verifyEventStore(pool, {
      verifyKeys,
      onProgress: ({ events, elapsedMs }) => {
        if (Date.now() - lastPrint < PROGRESS_EVERY_MS) return;
        lastPrint = Date.now();
        const rate = Math.round(events / Math.max(elapsedMs / 1000, 0.001));
        process.stderr.write(`校验中 / verifying: ${events} events, ${rate} events/s\n`);
      },
    });
    console.log(json ? JSON.stringify(report, null, 2) : resultLine(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    console.error(`无法校验 / could not verify: ${(error as Error).message}`);
    return 2;
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
