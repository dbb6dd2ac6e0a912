import { Pool } from 'pg';

/**
 * The PostgreSQL event store schema. Global order is (transaction_id, global_position): readers see
 * only rows of transactions below the snapshot's xmin horizon, i.e. transactions that can no longer
 * add rows in front of what was read (no timeout-based gap skipping, which lost events in Marten
 * and Eventuous). Each event's hash chains it to the previous event of its stream.
 */
export const EVENT_STORE_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id text PRIMARY KEY,
  category text NOT NULL,
  revision bigint NOT NULL,
  last_hash bytea NOT NULL
);

CREATE TABLE IF NOT EXISTS es_events (
  global_position bigserial NOT NULL,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  category text NOT NULL,
  revision bigint NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  occurred_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  hash bytea NOT NULL,
  CONSTRAINT es_events_pkey PRIMARY KEY (transaction_id, global_position),
  CONSTRAINT es_events_event_id_key UNIQUE (event_id),
  CONSTRAINT es_events_stream_revision_key UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS es_events_category_order ON es_events (category, transaction_id, global_position);

CREATE TABLE IF NOT EXISTS es_subscription_checkpoints (
  subscription_id text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The text that an event's hash covers; the verifier rebuilds the same text from the stored row.
CREATE OR REPLACE FUNCTION es_event_content(
  p_id uuid, p_stream text, p_revision bigint, p_type text, p_version integer,
  p_occurred timestamptz, p_data jsonb, p_metadata jsonb
) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
  SELECT convert_to(
    p_id::text || E'\\n' || p_stream || E'\\n' || p_revision::text || E'\\n' || p_type || E'\\n' ||
    p_version::text || E'\\n' || (extract(epoch FROM p_occurred) * 1000000)::bigint::text || E'\\n' ||
    p_data::text || E'\\n' || p_metadata::text,
    'UTF8')
$$;

-- One round trip per append: lock the stream, check the expectation, insert, chain.
-- Raises ES001 (detail = actual revision) on a lost race; ES002 when ids were used for other events.
CREATE OR REPLACE FUNCTION es_append(
  p_stream text, p_category text, p_expected text,
  p_ids uuid[], p_types text[], p_versions integer[], p_occurred timestamptz[], p_data jsonb[], p_metadata jsonb[]
) RETURNS TABLE (next_revision bigint, tx xid8, pos bigint, duplicate boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer := cardinality(p_ids);
  v_existing integer;
  v_same_stream boolean;
  v_revision bigint;
  v_hash bytea;
  v_tx xid8;
  v_pos bigint;
BEGIN
  -- Serialise writers of this stream BEFORE this transaction writes anything: a transaction id is
  -- assigned at the first write, and ids are handed out in order, so the next writer of the stream
  -- gets a larger id than the one before it. Global order (transaction id first) then never puts a
  -- stream's revision n+1 before revision n. (A row lock would itself assign the id too early.)
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
  SELECT count(*), coalesce(bool_and(e.stream_id = p_stream), true)
    INTO v_existing, v_same_stream FROM es_events e WHERE e.event_id = ANY (p_ids);
  IF v_existing > 0 THEN
    IF v_existing = v_count AND v_same_stream THEN
      RETURN QUERY SELECT e.revision, e.transaction_id, e.global_position, true FROM es_events e
        WHERE e.event_id = ANY (p_ids) ORDER BY e.revision DESC LIMIT 1;
      RETURN;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'ES002', MESSAGE = 'event ids already used for other events';
  END IF;

  IF p_expected = 'no_stream' THEN
    INSERT INTO es_streams (stream_id, category, revision, last_hash) VALUES (p_stream, p_category, -1, ''::bytea)
      ON CONFLICT (stream_id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT s.revision INTO v_revision FROM es_streams s WHERE s.stream_id = p_stream;
      RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected version', DETAIL = v_revision::text;
    END IF;
    v_revision := -1; v_hash := ''::bytea;
  ELSE
    IF p_expected = 'any' THEN
      INSERT INTO es_streams (stream_id, category, revision, last_hash) VALUES (p_stream, p_category, -1, ''::bytea)
        ON CONFLICT (stream_id) DO NOTHING;
    END IF;
    SELECT s.revision, s.last_hash INTO v_revision, v_hash FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected version', DETAIL = '-1';
    END IF;
    IF (p_expected = 'stream_exists' AND v_revision < 0)
       OR (p_expected NOT IN ('any', 'stream_exists') AND v_revision <> p_expected::bigint) THEN
      RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected version', DETAIL = v_revision::text;
    END IF;
  END IF;

  FOR i IN 1 .. v_count LOOP
    v_revision := v_revision + 1;
    v_hash := sha256(v_hash || sha256(es_event_content(
      p_ids[i], p_stream, v_revision, p_types[i], p_versions[i], p_occurred[i], p_data[i], p_metadata[i])));
    INSERT INTO es_events (event_id, stream_id, category, revision, type, schema_version, occurred_at, data, metadata, hash)
      VALUES (p_ids[i], p_stream, p_category, v_revision, p_types[i], p_versions[i], p_occurred[i], p_data[i], p_metadata[i], v_hash)
      RETURNING es_events.transaction_id, es_events.global_position INTO v_tx, v_pos;
  END LOOP;
  UPDATE es_streams SET revision = v_revision, last_hash = v_hash WHERE stream_id = p_stream;
  RETURN QUERY SELECT v_revision, v_tx, v_pos, false;
END
$$;
`;

/** Creates or updates the schema; an advisory lock keeps concurrent starters from racing on DDL. */
export async function ensureEventStoreSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7201001)');
    await client.query(EVENT_STORE_SCHEMA);
  } finally {
    await client.query('SELECT pg_advisory_unlock(7201001)').catch(() => undefined);
    client.release();
  }
}
