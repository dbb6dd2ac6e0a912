import { Pool, PoolClient } from 'pg';

/**
 * Who may relay a service's events. One relay at a time per service: a second one (two replicas
 * during a rolling deploy) would not lose anything, but would publish every event twice and move
 * the shared checkpoint back and forth.
 */
export interface RelayLease {
  /** Tries once; true when this process now holds the lease `name`. */
  acquire(name: string): Promise<boolean>;
  /** Resolves when the held lease is lost (its database connection broke) or released. */
  lost(): Promise<void>;
  release(): Promise<void>;
}

/**
 * A PostgreSQL session advisory lock on a connection of its own. The lock lives as long as the
 * session: a relay process that is killed loses its connection, and PostgreSQL frees the lock for
 * the next relay at once. A connection that breaks while the relay runs is noticed by its error
 * event or the periodic probe; until then two relays may overlap briefly (duplicates, never losses).
 */
export class PostgresRelayLease implements RelayLease {
  private client?: PoolClient;
  private probe?: NodeJS.Timeout;
  private lostSignal: Promise<void> = Promise.resolve();
  private markLost: () => void = () => undefined;

  constructor(
    private readonly pool: Pool,
    private readonly probeIntervalMs = 5_000,
  ) {}

  async acquire(name: string): Promise<boolean> {
    if (this.client) return true;
    const client = await this.pool.connect();
    let held: boolean;
    try {
      const { rows } = await client.query<{ held: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 7201003)) AS held',
        [name],
      );
      held = rows[0].held;
    } catch (error) {
      client.release(true);
      throw error;
    }
    if (!held) {
      client.release();
      return false;
    }
    this.client = client;
    this.lostSignal = new Promise((resolve) => (this.markLost = resolve));
    client.on('error', () => this.drop(true));
    this.probe = setInterval(() => {
      client.query('SELECT 1').catch(() => this.drop(true));
    }, this.probeIntervalMs);
    return true;
  }

  lost(): Promise<void> {
    return this.lostSignal;
  }

  async release(): Promise<void> {
    const client = this.client;
    if (!client) return;
    // Closing the session frees the lock; no unlock round trip that could hang on a dead connection.
    this.drop(true);
  }

  private drop(destroy: boolean): void {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    clearInterval(this.probe);
    client.release(destroy);
    this.markLost();
  }
}
