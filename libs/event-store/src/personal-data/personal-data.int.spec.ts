import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase } from '@app/testing';
import { newEvent, testCategory } from '../contract/fixtures';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { ensureEventStoreSchema } from '../postgres/schema';
import { ProtectedEventStore } from '../protected-event-store';
import { PersonalDataVault, REDACTED } from './personal-data-vault';

describe('personal data encrypted per child, and crypto-shredding', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let vault: PersonalDataVault;
  let store: ProtectedEventStore;
  const masterKey = Buffer.alloc(32, 9).toString('base64');

  beforeAll(async () => {
    database = await createTestDatabase('es_pii');
    pool = new Pool({ connectionString: database.url });
    await ensureEventStoreSchema(pool);
    vault = PersonalDataVault.fromBase64(pool, masterKey);
    await vault.ensureSchema();
    store = new ProtectedEventStore(new PostgresEventStore(pool), vault);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  const registration = (childId: string) =>
    newEvent(
      'ChildRegistered',
      { childId, name: '王小明', idNumber: '330602201501011234', county: '330602' },
      { personalData: { subjectId: childId, fields: ['name', 'idNumber'] } },
    );

  it('stores marked fields as ciphertext and decrypts them on read', async () => {
    const childId = randomUUID();
    const stream = `${testCategory()}-${childId}`;
    await store.append(stream, [registration(childId)], 'no_stream');

    const { rows } = await pool.query<{ data: string }>('SELECT data::text FROM es_events WHERE stream_id = $1', [
      stream,
    ]);
    expect(rows[0].data).not.toContain('王小明');
    expect(rows[0].data).not.toContain('330602201501011234');
    expect(rows[0].data).toContain('"county": "330602"');

    const [read] = await store.readStream(stream);
    expect(read.data).toEqual({ childId, name: '王小明', idNumber: '330602201501011234', county: '330602' });
  });

  it('returns the redaction marker once the subject key is erased, for this and a fresh process', async () => {
    const childId = randomUUID();
    const stream = `${testCategory()}-${childId}`;
    await store.append(stream, [registration(childId)], 'no_stream');
    await vault.erase(childId);

    const [read] = await store.readStream(stream);
    expect(read.data).toEqual({ childId, name: REDACTED, idNumber: REDACTED, county: '330602' });
    const freshProcess = new ProtectedEventStore(
      new PostgresEventStore(pool),
      PersonalDataVault.fromBase64(pool, masterKey),
    );
    expect((await freshProcess.readStream(stream))[0].data).toMatchObject({ name: REDACTED });
    await expect(store.append(stream, [registration(childId)], 0)).rejects.toThrow(/erased/);
  });

  it('cannot be read with another master key or moved to another subject', async () => {
    const childId = randomUUID();
    const stream = `${testCategory()}-${childId}`;
    await store.append(stream, [registration(childId)], 'no_stream');
    const wrongKey = new ProtectedEventStore(
      new PostgresEventStore(pool),
      PersonalDataVault.fromBase64(pool, Buffer.alloc(32, 1).toString('base64')),
    );
    await expect(wrongKey.readStream(stream)).rejects.toThrow();

    // Copy the ciphertext into another child's event: the AAD binds it to its subject.
    const other = randomUUID();
    await vault.encrypt({}, { subjectId: other, fields: [] });
    await pool.query(
      `UPDATE es_events SET data = jsonb_set(data, '{name,$pii,subject}', to_jsonb($1::text)) WHERE stream_id = $2`,
      [other, stream],
    );
    await expect(store.readStream(stream)).rejects.toThrow();
  });
});
