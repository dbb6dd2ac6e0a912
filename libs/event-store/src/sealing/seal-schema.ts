import { Pool } from 'pg';

/**
 * Seal data lives in its own schema, apart from the events, so that it can be granted apart: the
 * services' role needs no right on it, the sealer's role only reads es_events. The leaves table
 * keeps, per position of the global order, which event was sealed there, so the verifier can name
 * an altered, removed, inserted or moved event instead of only saying "the root differs".
 */
export const SEAL_SCHEMA = /* sql */ `
CREATE SCHEMA IF NOT EXISTS es_seal;

CREATE TABLE IF NOT EXISTS es_seal.leaves (
  leaf_index bigint PRIMARY KEY CHECK (leaf_index >= 0),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  position text NOT NULL,
  event_hash bytea NOT NULL,
  leaf_hash bytea NOT NULL
);
CREATE INDEX IF NOT EXISTS leaves_event_id ON es_seal.leaves (event_id);

-- One row per signed tree head. The frontier is not signed: it is derived data that lets the next
-- seal extend the tree, and the sealer checks that it folds to the signed root before using it.
CREATE TABLE IF NOT EXISTS es_seal.checkpoints (
  tree_size bigint PRIMARY KEY CHECK (tree_size > 0),
  root_hash bytea NOT NULL,
  last_position text NOT NULL,
  sealed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature bytea NOT NULL,
  frontier bytea[] NOT NULL
);
`;

/** Shared with the sealer: one sealer at a time, whoever runs it and however often. */
export const SEALER_LOCK = 7201101;

export async function ensureSealSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEALER_LOCK]);
    await client.query(SEAL_SCHEMA);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEALER_LOCK]).catch(() => undefined);
    client.release();
  }
}
