import { Pool } from 'pg';

/**
 * Tables of the service's own database: refusals of access, and reads of children's files. Created
 * idempotently; the advisory lock keeps services that boot together against one database (the
 * local platform) from racing on CREATE TABLE.
 */
export const AUDIT_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS access_refusals (
  id bigserial PRIMARY KEY,
  refused_at timestamptz NOT NULL DEFAULT now(),
  service text NOT NULL,
  status smallint NOT NULL,
  code text NOT NULL,
  reason text NOT NULL,
  subject text,
  username text,
  roles text[] NOT NULL DEFAULT '{}',
  agency text,
  jurisdiction text,
  method text,
  path text,
  action text,
  target_jurisdiction text,
  target_agency text,
  target_resource text
);
CREATE INDEX IF NOT EXISTS access_refusals_time ON access_refusals (refused_at);
CREATE INDEX IF NOT EXISTS access_refusals_subject ON access_refusals (subject, refused_at);

CREATE TABLE IF NOT EXISTS file_reads (
  id bigserial PRIMARY KEY,
  read_at timestamptz NOT NULL DEFAULT now(),
  service text NOT NULL,
  file_id text NOT NULL,
  file_jurisdiction text,
  purpose text NOT NULL,
  reader text NOT NULL,
  reader_username text NOT NULL,
  reader_name text NOT NULL,
  reader_roles text[] NOT NULL,
  reader_agency text NOT NULL,
  reader_jurisdiction text NOT NULL,
  method text,
  path text
);
CREATE INDEX IF NOT EXISTS file_reads_file ON file_reads (file_id, read_at);
CREATE INDEX IF NOT EXISTS file_reads_reader ON file_reads (reader, read_at);
`;

export async function ensureAuditSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('welfare:audit-schema'))`);
    await client.query(AUDIT_SCHEMA);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Runs `ensureAuditSchema` once per process; after a failure (database down) the next call retries. */
export class SchemaOnce {
  private ready?: Promise<void>;

  constructor(private readonly create: () => Promise<void>) {}

  ensure(): Promise<void> {
    this.ready ??= this.create().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
