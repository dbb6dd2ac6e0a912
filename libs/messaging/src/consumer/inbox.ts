import { Pool, PoolClient } from 'pg';

export const INBOX_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS msg_processed (
  consumer_group text NOT NULL,
  event_id uuid NOT NULL,
  contract text NOT NULL,
  topic text NOT NULL,
  "partition" integer NOT NULL,
  "offset" bigint NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
CREATE INDEX IF NOT EXISTS msg_processed_processed_at ON msg_processed (processed_at);
`;

export interface InboxEntry {
  consumerGroup: string;
  eventId: string;
  contract: string;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The processed-messages table of the consumers whose effects are PostgreSQL writes. The row for
 * (consumer group, event id) is inserted in the same transaction as the effect, so the two commit
 * together or not at all: a message Kafka delivers again (offset not yet committed, a producer
 * retry, a relay that repeated a batch) finds its row and changes nothing. Exactly-once effect over
 * at-least-once delivery.
 */
export class PostgresInbox {
  constructor(private readonly pool: Pool) {}

  async ensureSchema(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(7201002)');
      await client.query(INBOX_SCHEMA);
    } finally {
      await client.query('SELECT pg_advisory_unlock(7201002)').catch(() => undefined);
      client.release();
    }
  }

  /**
   * Runs `effect` in a transaction that first claims the message. Returns false, without running
   * the effect, when the group has already processed it. Two members racing on one message (during
   * a rebalance) serialise on the primary key: the second waits for the first to commit, then finds
   * the row. A failed effect rolls the claim back, so the message is processed when retried.
   */
  async once(entry: InboxEntry, effect: (tx: PoolClient) => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const claimed = await client.query(
        `INSERT INTO msg_processed (consumer_group, event_id, contract, topic, "partition", "offset")
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [entry.consumerGroup, entry.eventId, entry.contract, entry.topic, entry.partition, entry.offset],
      );
      if (claimed.rowCount === 0) {
        await client.query('ROLLBACK');
        return false;
      }
      await effect(client);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection that could not even roll back is not returned to the pool.
      client.release(broken);
    }
  }

  /** Whether the group has processed the event (for tests and diagnostics). */
  async processed(consumerGroup: string, eventId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM msg_processed WHERE consumer_group = $1 AND event_id = $2',
      [consumerGroup, eventId],
    );
    return rowCount === 1;
  }

  /**
   * Deletes rows older than `days`. Safe only when that is longer than the topics' retention: a
   * message older than its row can no longer be delivered again.
   */
  async prune(days: number): Promise<number> {
    const { rowCount } = await this.pool.query(
      `DELETE FROM msg_processed WHERE processed_at < now() - make_interval(days => $1)`,
      [days],
    );
    return rowCount ?? 0;
  }
}
