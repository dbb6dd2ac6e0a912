import { Client } from 'pg';
import { createTestDatabase } from '@app/testing';

describe('PostgreSQL (the event store server)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase('smoke_pg');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('writes, reads back and rolls back inside a transaction', async () => {
    await client.query(
      'CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL, at timestamptz DEFAULT now())',
    );
    const inserted = await client.query<{ id: string }>('INSERT INTO notes (body) VALUES ($1) RETURNING id', [
      '儿童档案',
    ]);
    expect(inserted.rows[0].id).toBe('1');

    await client.query('BEGIN');
    await client.query('INSERT INTO notes (body) VALUES ($1)', ['never committed']);
    await client.query('ROLLBACK');

    const { rows } = await client.query<{ body: string }>('SELECT body FROM notes ORDER BY id');
    expect(rows.map((r) => r.body)).toEqual(['儿童档案']);
  });

  it('offers the transaction-id functions the event store orders by', async () => {
    const { rows } = await client.query<{ xid: string; xmin: string }>(
      'SELECT pg_current_xact_id()::text AS xid, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
    );
    expect(BigInt(rows[0].xid)).toBeGreaterThanOrEqual(BigInt(rows[0].xmin));
  });
});
