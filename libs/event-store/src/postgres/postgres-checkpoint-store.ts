import { Pool } from 'pg';
import { Position } from '../envelope';
import { CheckpointStore } from '../event-store';

export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(subscriptionId: string): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ position: Position }>(
      'SELECT position FROM es_subscription_checkpoints WHERE subscription_id = $1',
      [subscriptionId],
    );
    return rows[0]?.position;
  }

  async store(subscriptionId: string, position: Position): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_subscription_checkpoints (subscription_id, position) VALUES ($1, $2)
       ON CONFLICT (subscription_id) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [subscriptionId, position],
    );
  }
}
