import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { PostgresCheckpointStore, PostgresEventStore } from '@app/event-store';
import { consoleLogger } from '../logger';
import { Relay } from '../relay/relay';
import { PostgresRelayLease } from '../relay/relay-lease';
import { caseMapper } from './case-events';

/**
 * The relay of the example case service as a process of its own, for the fault tests that kill it
 * with SIGKILL. Built with `npm run build` (or `npm run build:messaging-fault-process`) and run as
 * `node dist/libs/messaging/src/testing/relay-process.js` with:
 *   DATABASE_URL, KAFKA_BROKERS, RELAY_SERVICE, RELAY_TOPIC, RELAY_BATCH_SIZE (default 100),
 *   RELAY_STALL_AFTER_ACK_MS (default 0): blocks the process this long after the broker acknowledged
 *   a batch and before its checkpoint is stored — the window in which a crash makes duplicates — so
 *   that a test can kill it there on purpose.
 * Holds the relay lease like a service's relay. Prints `published <messages> <events> <position>`
 * after each acknowledged batch.
 */
function setting(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`relay-process: ${name} is missing`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: setting('DATABASE_URL'), max: 4 });
  const kafka = new Kafka({
    clientId: 'relay-process',
    brokers: setting('KAFKA_BROKERS').split(','),
    logLevel: logLevel.NOTHING,
  });
  const stall = Number(setting('RELAY_STALL_AFTER_ACK_MS', '0'));
  const relay = new Relay({
    service: setting('RELAY_SERVICE'),
    store: new PostgresEventStore(pool),
    checkpoints: new PostgresCheckpointStore(pool),
    kafka,
    categories: ['case'],
    mapper: caseMapper(setting('RELAY_TOPIC')),
    batchSize: Number(setting('RELAY_BATCH_SIZE', '100')),
    idleDelayMs: 20,
    // The killed relay's session ends with it, so its successor takes the lease within a retry.
    lease: new PostgresRelayLease(pool),
    leaseRetryMs: 200,
    logger: consoleLogger('relay-process'),
    onPublished: ({ messages, events, position }) => {
      process.stdout.write(`published ${messages} ${events} ${position}\n`);
      if (stall > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, stall);
    },
  });
  await relay.start();
  process.stdout.write('started\n');
  process.once('SIGTERM', () => {
    void relay
      .stop()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
