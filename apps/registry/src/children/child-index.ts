import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import {
  CatchUpSubscription,
  PostgresCheckpointStore,
  PostgresEventStore,
  ProtectedEventStore,
  RecordedEvent,
} from '@app/event-store';
import { PG_POOL } from '@app/platform';
import { planWrites, projectionsEnabled } from '@app/projections';
import { childFilesProjection } from './child-files.projection';

/**
 * The registry's index of files in its own PostgreSQL database: the same documents as the
 * `registry_child_files` read model (made by the same pure handlers, so both always agree), kept in
 * one jsonb column with the fields the registry searches by as indexed columns. It answers what the
 * read-model server cannot answer quickly here: FerretDB 1.24 reads every document of a collection
 * for any filter (its SQL `_jsonb->'field' @> $1` cannot use the btree indexes it creates) and
 * sorts, skips and counts in memory. So:
 *
 * - the duplicate checks of a registration (same ID number, likely match by name + birth date +
 *   village) are one indexed query;
 * - GET /v1/children pages, filters and counts with indexes, at any size.
 *
 * Like every projection it lags the event store slightly and is at least once: each write is
 * guarded by the event's position, so a repeated batch changes nothing. The one-file-per-ID-number
 * rule itself stays with the reservation stream (written in the registration's own append).
 */
export const CHILD_INDEX = 'registry_child_index';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ${CHILD_INDEX} (
  id text PRIMARY KEY,
  doc jsonb NOT NULL,
  last_position text NOT NULL,
  child_id text COLLATE "C" GENERATED ALWAYS AS (doc->>'childId') STORED,
  village text COLLATE "C" GENERATED ALWAYS AS (doc->>'village') STORED,
  tier text GENERATED ALWAYS AS (doc->>'tier') STORED,
  status text GENERATED ALWAYS AS (doc->>'status') STORED,
  birth_date text GENERATED ALWAYS AS (doc->>'birthDate') STORED,
  id_number_key text GENERATED ALWAYS AS (doc->>'idNumberKey') STORED,
  name_key text GENERATED ALWAYS AS (doc->>'nameKey') STORED
);
CREATE INDEX IF NOT EXISTS ${CHILD_INDEX}_id_number ON ${CHILD_INDEX} (id_number_key) WHERE id_number_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS ${CHILD_INDEX}_likely ON ${CHILD_INDEX} (name_key, birth_date, village);
CREATE INDEX IF NOT EXISTS ${CHILD_INDEX}_child ON ${CHILD_INDEX} (child_id);
CREATE INDEX IF NOT EXISTS ${CHILD_INDEX}_place ON ${CHILD_INDEX} (village, child_id);
CREATE INDEX IF NOT EXISTS ${CHILD_INDEX}_tier_place ON ${CHILD_INDEX} (tier, village, child_id);
CREATE INDEX IF NOT EXISTS ${CHILD_INDEX}_status_place ON ${CHILD_INDEX} (status, village, child_id);

-- One round trip per batch: the writes in order, each guarded by its position key.
CREATE OR REPLACE FUNCTION ${CHILD_INDEX}_apply(writes jsonb) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  w jsonb;
  applied integer := 0;
  n integer;
BEGIN
  FOR w IN SELECT value FROM jsonb_array_elements(writes) LOOP
    IF (w->>'create')::boolean THEN
      INSERT INTO ${CHILD_INDEX} AS t (id, doc, last_position) VALUES (w->>'id', w->'set', w->>'position')
      ON CONFLICT (id) DO UPDATE SET doc = t.doc || EXCLUDED.doc, last_position = EXCLUDED.last_position
        WHERE t.last_position < EXCLUDED.last_position;
    ELSE
      UPDATE ${CHILD_INDEX} SET doc = doc || (w->'set'), last_position = w->>'position'
        WHERE id = w->>'id' AND last_position < w->>'position';
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    applied := applied + n;
  END LOOP;
  RETURN applied;
END $$;
`;

/** Fields of a list item, as GET /v1/children has always answered them. */
const LIST_FIELDS = [
  'childId',
  'village',
  'township',
  'county',
  'tier',
  'status',
  'sex',
  'birthYear',
  'identity',
  'registryNumber',
  'pendingStep',
  'revision',
  'updatedAt',
] as const;

export interface ListFilter {
  /** Jurisdiction prefix (digits): the village codes under it. */
  prefix: string;
  tier?: string;
  status?: string;
  nameKey?: string;
  idNumberKey?: string;
  page: number;
  pageSize: number;
}

export interface DuplicateCandidates {
  /** A file holding the ID number, other than the child's own. */
  idNumberHeldBy: { childId: string; village: string } | null;
  /** Files with the same name, birth date and village (at most 20). */
  likelyMatches: string[];
}

@Injectable()
export class ChildIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ChildIndex');
  private readonly subscription: CatchUpSubscription;
  private ready?: Promise<void>;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {
    // The index needs no personal data: it reads the events as stored (no vault, nothing decrypted).
    // The registry has no upcasters; a service that adds some must pass them here too.
    const store = new ProtectedEventStore(new PostgresEventStore(pool));
    this.subscription = new CatchUpSubscription(store, {
      subscriptionId: CHILD_INDEX,
      categories: ['child'],
      checkpoints: new PostgresCheckpointStore(pool),
      handle: async (events) => {
        await this.apply(events);
      },
      batchSize: 1000,
      idleDelayMs: 50,
      onError: (error) => this.logger.warn(`${CHILD_INDEX}: projecting failed, will retry: ${String(error)}`),
    });
  }

  ensureSchema(): Promise<void> {
    // Several processes may start at once: one creates, the others wait on the lock.
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [CHILD_INDEX]);
        try {
          await client.query(SCHEMA);
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [CHILD_INDEX]);
        }
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchema();
    if (projectionsEnabled()) await this.subscription.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
  }

  /** Applies a batch of events (in global order); returns how many writes changed a row. */
  async apply(events: readonly RecordedEvent[]): Promise<number> {
    const writes = planWrites(childFilesProjection, events).map((write) => ({
      id: write.id,
      position: write.positionKey,
      create: write.create === true,
      set: { ...write.update.$setOnInsert, ...write.update.$set },
    }));
    if (!writes.length) return 0;
    const { rows } = await this.pool.query<{ applied: number }>(`SELECT ${CHILD_INDEX}_apply($1::jsonb) AS applied`, [
      JSON.stringify(writes),
    ]);
    return rows[0].applied;
  }

  /** Reads and applies everything not yet indexed; for tests and tools. */
  catchUp(): Promise<number> {
    return this.subscription.catchUp();
  }

  /** The registration's duplicate checks, in one indexed query. */
  async duplicates(check: {
    childId: string;
    idNumberKey: string | null;
    nameKey: string;
    birthDate: string;
    village: string;
  }): Promise<DuplicateCandidates> {
    const { rows } = await this.pool.query<{ child_id: string; village: string; holds: boolean; likely: boolean }>(
      `SELECT child_id, village,
              coalesce(id_number_key = $1, false) AS holds,
              (name_key = $2 AND birth_date = $3 AND village = $4) AS likely
         FROM ${CHILD_INDEX}
        WHERE child_id <> $5
          AND (id_number_key = $1 OR (name_key = $2 AND birth_date = $3 AND village = $4))
        ORDER BY child_id
        LIMIT 40`,
      [check.idNumberKey, check.nameKey, check.birthDate, check.village, check.childId],
    );
    const holder = rows.find((row) => row.holds);
    return {
      idNumberHeldBy: holder ? { childId: holder.child_id, village: holder.village } : null,
      likelyMatches: rows
        .filter((row) => row.likely)
        .slice(0, 20)
        .map((row) => row.child_id),
    };
  }

  /** The village of a file, or null when the index does not know it. */
  async villageOf(childId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ village: string }>(
      `SELECT village FROM ${CHILD_INDEX} WHERE child_id = $1 LIMIT 1`,
      [childId],
    );
    return rows[0]?.village ?? null;
  }

  /** One page of files under a jurisdiction, ordered by village then child id, and the total. */
  async list(filter: ListFilter): Promise<{ total: number; items: Record<string, unknown>[] }> {
    const conditions = ['village LIKE $1'];
    const values: unknown[] = [`${filter.prefix}%`];
    const where = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      values.push(value);
      conditions.push(`${column} = $${values.length}`);
    };
    where('tier', filter.tier);
    where('status', filter.status);
    where('name_key', filter.nameKey);
    where('id_number_key', filter.idNumberKey);
    const sql = `FROM ${CHILD_INDEX} WHERE ${conditions.join(' AND ')}`;
    const [page, count] = await Promise.all([
      this.pool.query<{ doc: Record<string, unknown> }>(
        // The page's ids first, from the index alone (a deep page skips index entries, not rows).
        `SELECT doc FROM ${CHILD_INDEX} WHERE child_id IN (SELECT child_id ${sql} ORDER BY village, child_id
           LIMIT $${values.length + 1} OFFSET $${values.length + 2}) ORDER BY village, child_id`,
        [...values, filter.pageSize, (filter.page - 1) * filter.pageSize],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total ${sql}`, values),
    ]);
    return {
      total: count.rows[0].total,
      items: page.rows.map(({ doc }) => {
        const item: Record<string, unknown> = {};
        for (const field of LIST_FIELDS) if (field in doc) item[field] = doc[field];
        return item;
      }),
    };
  }
}
