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

-- Batch jobs page through the streams of one category (readCategory).
CREATE INDEX IF NOT EXISTS es_streams_category ON es_streams (category, stream_id);

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
-- No index on category: each service has its own event store database, so a category filter
-- skips few rows, and one index less makes every append cheaper.
DROP INDEX IF EXISTS es_events_category_order;

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

-- One round trip per append: lock the stream, check the expectation, insert, chain. p_events is a
-- JSON array of {id, type, version, at, data, metadata} (one parameter parses faster than arrays).
-- Raises ES001 (detail = actual revision) on a lost race. A retried append whose ids are stored
-- fails on es_events_event_id_key (or ES001) and the caller recognises it as already done.
-- Earlier versions returned a set; replace those only (a drop on every start would break writers).
DO $$ BEGIN
  IF EXISTS (SELECT FROM pg_proc WHERE proname = 'es_append' AND proretset) THEN
    DROP FUNCTION es_append(text, text, text, jsonb);
  END IF;
END $$;
CREATE OR REPLACE FUNCTION es_append(
  p_stream text, p_category text, p_expected text, p_events jsonb,
  OUT next_revision bigint, OUT tx xid8, OUT pos bigint)
LANGUAGE plpgsql AS $$
-- Written for few statements per call (each costs a round through the executor): no query loop
-- over the array, no RETURN QUERY.
DECLARE
  v_exists boolean;
  v_revision bigint;
  v_hash bytea;
  v_event jsonb;
BEGIN
  -- Serialise writers of this stream BEFORE this transaction writes anything: a transaction id is
  -- assigned at the first write, and ids are handed out in order, so the next writer of the stream
  -- gets a larger id than the one before it. Global order (transaction id first) then never puts a
  -- stream's revision n+1 before revision n. (A row lock would itself assign the id too early.)
  -- Every writer takes this lock, so the stream row below can be read without FOR UPDATE.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, 0));
  SELECT s.revision, s.last_hash INTO v_revision, v_hash FROM es_streams s WHERE s.stream_id = p_stream;
  v_exists := FOUND;
  IF NOT v_exists THEN
    v_revision := -1; v_hash := ''::bytea;
  END IF;
  IF (p_expected = 'no_stream' AND v_exists)
     OR (p_expected = 'stream_exists' AND NOT v_exists)
     OR (p_expected NOT IN ('any', 'no_stream', 'stream_exists') AND (NOT v_exists OR v_revision <> p_expected::bigint)) THEN
    RAISE EXCEPTION USING ERRCODE = 'ES001', MESSAGE = 'wrong expected version', DETAIL = v_revision::text;
  END IF;

  FOR i IN 0 .. jsonb_array_length(p_events) - 1 LOOP
    v_event := p_events -> i;
    v_revision := v_revision + 1;
    -- es_event_content, written out: a SQL function call costs more than the hashing itself.
    v_hash := sha256(v_hash || sha256(convert_to(
      (v_event->>'id')::uuid::text || E'\\n' || p_stream || E'\\n' || v_revision::text || E'\\n' ||
      (v_event->>'type') || E'\\n' || (v_event->>'version')::integer::text || E'\\n' ||
      (extract(epoch FROM (v_event->>'at')::timestamptz) * 1000000)::bigint::text || E'\\n' ||
      (v_event->'data')::text || E'\\n' || (v_event->'metadata')::text,
      'UTF8')));
    INSERT INTO es_events (event_id, stream_id, category, revision, type, schema_version, occurred_at, data, metadata, hash)
      VALUES ((v_event->>'id')::uuid, p_stream, p_category, v_revision, v_event->>'type', (v_event->>'version')::integer,
              (v_event->>'at')::timestamptz, v_event->'data', v_event->'metadata', v_hash)
      RETURNING es_events.transaction_id, es_events.global_position INTO tx, pos;
  END LOOP;

  IF v_exists THEN
    UPDATE es_streams SET revision = v_revision, last_hash = v_hash WHERE stream_id = p_stream;
  ELSE
    INSERT INTO es_streams (stream_id, category, revision, last_hash) VALUES (p_stream, p_category, v_revision, v_hash);
  END IF;
  next_revision := v_revision;
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
