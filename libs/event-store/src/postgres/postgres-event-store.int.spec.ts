import { Pool } from 'pg';
import { createTestDatabase } from '@app/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { PersonalDataVault } from '../personal-data/personal-data-vault';
import { ProtectedEventStore } from '../protected-event-store';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { PostgresEventStore } from './postgres-event-store';
import { ensureEventStoreSchema } from './schema';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let pool: Pool;

beforeAll(async () => {
  database = await createTestDatabase('es_contract');
  pool = new Pool({ connectionString: database.url, max: 20 });
  await ensureEventStoreSchema(pool);
  await PersonalDataVault.fromBase64(pool, Buffer.alloc(32, 7).toString('base64')).ensureSchema();
});
afterAll(async () => {
  await pool.end();
  await database.drop();
});

eventStoreContract('PostgreSQL', () => ({
  store: new ProtectedEventStore(new PostgresEventStore(pool)),
  checkpoints: new PostgresCheckpointStore(pool),
}));
