import { createHash } from 'node:crypto';
import { Connection, Model } from 'mongoose';
import { Client, escapeIdentifier, escapeLiteral } from 'pg';

/**
 * FerretDB 1.24 with its PostgreSQL backend never uses an index for a query: it pushes an equality
 * filter down as `_jsonb->'field' @> '"value"'` (jsonb containment, query.go `filterEqual`), which
 * the btree indexes it creates (`(_jsonb->'field')`, compared with `=`) cannot serve. So every
 * guarded projection write (`updateOne({_id, lastPosition < …})`) and every findById reads the
 * whole table. A GIN expression index on the same expression serves `@>`: on a 105,000-row table
 * a lookup by `_id` went from 78 ms (seq scan) to 0.05 ms (bitmap index scan).
 *
 * This adds such indexes to the read models' tables, through a PostgreSQL connection to FerretDB's
 * own database. It is an optimisation only, and does nothing unless all of these hold: a URL is
 * given (FERRETDB_POSTGRES_URL), the Mongo server says it is FerretDB 1.x (buildInfo), and the
 * PostgreSQL database holds FerretDB's metadata table for the Mongo database. On MongoDB, or when
 * anything does not fit, it logs why (once) and the read models work as before.
 *
 * FerretDB lists and drops only the indexes in its own metadata, so it never sees these; dropping
 * a collection drops its table and these indexes with it, and the next ensure makes them again.
 */
export const FERRETDB_POSTGRES_URL = 'FERRETDB_POSTGRES_URL';

/** FerretDB 1.x keeps one such table per database schema: `_id` = collection name, `table` = table name. */
const METADATA_TABLE = '_ferretdb_database_metadata';

export interface BackingIndexOptions {
  /** FerretDB's PostgreSQL database; by default FERRETDB_POSTGRES_URL. Absent: nothing is done. */
  postgresUrl?: string;
  /**
   * `id`: `_id` only. `declared` (default): also every field of the schema's own indexes
   * (`index: true`, `schema.index({…})`), which FerretDB's equality filters then use too.
   */
  fields?: 'id' | 'declared';
  /** Longest wait for the table lock before giving up (the index is then made next time). */
  lockTimeoutMs?: number;
  logger?: { log(message: string): void; warn(message: string): void };
}

export interface BackingIndex {
  collection: string;
  table: string;
  field: string;
  index: string;
  created: boolean;
}

export type BackingIndexResult =
  { state: 'off'; reason: string } | { state: 'done'; indexes: BackingIndex[]; missingCollections: string[] };

/** The setting, if given (an empty value counts as unset). */
export function ferretDbPostgresUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  const value = env[FERRETDB_POSTGRES_URL]?.trim();
  return value ? value : undefined;
}

/**
 * Makes sure each model's table has a GIN index on `_jsonb->'_id'` (and on its declared index
 * fields). Idempotent and safe from several processes at once: an index that exists is left as it
 * is; creators of one table queue on an advisory lock, and a duplicate from a racing creator counts
 * as done. A collection whose table does not exist yet is reported in `missingCollections`.
 * Never throws: a failure is logged and the read model keeps working without the index.
 */
export async function ensureBackingIndexes(
  connection: Connection,
  models: readonly Model<Record<string, unknown>>[],
  options: BackingIndexOptions = {},
): Promise<BackingIndexResult> {
  const url = options.postgresUrl ?? ferretDbPostgresUrl();
  if (!url) return { state: 'off', reason: `${FERRETDB_POSTGRES_URL} is not set` };
  const logger = options.logger ?? console;
  try {
    const server = await ferretDbVersion(connection);
    if (!server) return off(connection, 'the Mongo server is not FerretDB 1.x', logger, false);
    const schema = connection.db!.databaseName;
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined); // a connection lost between queries surfaces in the query
    await client.connect();
    try {
      if (!(await hasMetadataTable(client, schema)))
        return await missingMetadata(client, connection, schema, models, logger);
      const indexes: BackingIndex[] = [];
      const missingCollections: string[] = [];
      for (const model of models) {
        const collection = model.collection.name;
        const table = await tableOf(client, schema, collection);
        if (!table) {
          missingCollections.push(collection);
          continue;
        }
        const made = await ensureTableIndexes(client, schema, collection, table, fieldsOf(model, options), options);
        indexes.push(...made);
        const created = made.filter((index) => index.created);
        if (created.length) {
          logger.log(
            `FerretDB ${server}: GIN index on ${created.map((index) => index.field).join(', ')} ` +
              `of ${collection} (table ${schema}.${table})`,
          );
          // Statistics for the new expressions, so that the planner weighs them at once.
          await client.query(`ANALYZE ${escapeIdentifier(schema)}.${escapeIdentifier(table)}`);
        }
      }
      return { state: 'done', indexes, missingCollections };
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    const reason = `indexes not made: ${error instanceof Error ? error.message : String(error)}`;
    logger.warn(`FerretDB backing indexes: ${reason} (read models work without them, more slowly)`);
    return { state: 'off', reason };
  }
}

/** The expression FerretDB's pushdown filters on, for a field path. */
export function backingExpression(field: string): string {
  const path = field.split('.');
  if (path.length === 1) return `(_jsonb -> ${escapeLiteral(field)})`;
  return `(_jsonb #> ${escapeLiteral(`{${path.map((key) => `"${key.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`)}::text[])`;
}

/**
 * A stable name of at most 63 bytes, unique per table and field, that no FerretDB index can have
 * (FerretDB's end in `_idx`).
 */
export function backingIndexName(table: string, field: string): string {
  const hash = createHash('sha256').update(`${table}\0${field}`).digest('hex').slice(0, 8);
  const slug = field.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `${table.slice(0, 32)}_${slug.slice(0, 16)}_${hash}_gin`;
}

/** `_id`, then the fields of the schema's own indexes (plain ascending/descending keys only). */
export function fieldsOf(model: Model<Record<string, unknown>>, options: BackingIndexOptions = {}): string[] {
  const fields = new Set(['_id']);
  if ((options.fields ?? 'declared') === 'declared')
    for (const [keys] of model.schema.indexes())
      for (const [field, kind] of Object.entries(keys))
        if ((kind === 1 || kind === -1) && isPlainPath(field)) fields.add(field);
  return [...fields];
}

const isPlainPath = (field: string) => field.split('.').every((key) => key !== '' && !key.startsWith('$'));

async function ensureTableIndexes(
  client: Client,
  schema: string,
  collection: string,
  table: string,
  fields: string[],
  options: BackingIndexOptions,
): Promise<BackingIndex[]> {
  const qualifiedTable = `${escapeIdentifier(schema)}.${escapeIdentifier(table)}`;
  const result: BackingIndex[] = [];
  for (const field of fields) {
    const index = backingIndexName(table, field);
    let created = false;
    if (!(await indexExists(client, schema, index))) {
      await client.query('BEGIN');
      try {
        // Creators of this table's indexes, in any process, one at a time; then IF NOT EXISTS
        // sees the other's index. The lock timeout (for the table, not for the queue) keeps a busy
        // table from queueing its writers behind us for long.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`ferretdb-gin:${schema}.${table}`]);
        await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs ?? 5_000))}`);
        if (!(await indexExists(client, schema, index))) {
          await client.query(
            `CREATE INDEX IF NOT EXISTS ${escapeIdentifier(index)} ON ${qualifiedTable} USING gin (${backingExpression(field)})`,
          );
          created = true;
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (code === '42P01') break; // the table was dropped meanwhile: nothing to index
        if (code === '55P03') {
          (options.logger ?? console).warn(
            `FerretDB backing index ${index} not made now: ${collection} is busy (lock timeout)`,
          );
          continue;
        }
        // 23505/42P07: another creator won a race the advisory lock did not cover (a server without it).
        if (code !== '23505' && code !== '42P07') throw error;
        created = false;
      }
    }
    result.push({ collection, table, field, index, created });
  }
  return result;
}

async function indexExists(client: Client, schema: string, index: string): Promise<boolean> {
  const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    `${escapeIdentifier(schema)}.${escapeIdentifier(index)}`,
  ]);
  return rows[0].found !== null;
}

async function hasMetadataTable(client: Client, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [
    `${escapeIdentifier(schema)}.${escapeIdentifier(METADATA_TABLE)}`,
  ]);
  return rows[0].found !== null;
}

/** The collection's table, from FerretDB's metadata (absent until the collection exists). */
export async function tableOf(client: Client, schema: string, collection: string): Promise<string | undefined> {
  const { rows } = await client.query<{ table: string }>(
    `SELECT _jsonb->>'table' AS table FROM ${escapeIdentifier(schema)}.${escapeIdentifier(METADATA_TABLE)}
      WHERE _jsonb->'_id' = to_jsonb($1::text)`,
    [collection],
  );
  return rows[0]?.table;
}

/**
 * No metadata table: either the database has no collection yet (FerretDB makes the schema with
 * the first one), or the URL names another PostgreSQL database / FerretDB runs on another backend.
 */
async function missingMetadata(
  client: Client,
  connection: Connection,
  schema: string,
  models: readonly Model<Record<string, unknown>>[],
  logger: NonNullable<BackingIndexOptions['logger']>,
): Promise<BackingIndexResult> {
  const collections = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
  if (!collections.length)
    return { state: 'done', indexes: [], missingCollections: models.map((model) => model.collection.name) };
  const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
  return off(
    connection,
    `PostgreSQL database "${rows[0].db}" has no ${schema}.${METADATA_TABLE} although the Mongo database has ` +
      `collections: ${FERRETDB_POSTGRES_URL} does not name the database FerretDB stores "${schema}" in, ` +
      'or FerretDB does not run on its PostgreSQL backend',
    logger,
    true,
  );
}

const warned = new WeakMap<Connection, Set<string>>();
function off(
  connection: Connection,
  reason: string,
  logger: NonNullable<BackingIndexOptions['logger']>,
  warn: boolean,
): BackingIndexResult {
  const seen = warned.get(connection) ?? new Set<string>();
  warned.set(connection, seen);
  if (!seen.has(reason)) {
    seen.add(reason);
    const line = `FerretDB backing indexes off: ${reason}`;
    if (warn) logger.warn(line);
    else logger.log(line);
  }
  return { state: 'off', reason };
}

/**
 * Collections of a connection whose backing indexes were ensured in this process, so that the
 * writer's check before a collection's first write (see ReadModelWriter) costs nothing after
 * ensureReadModels. Forgotten when this process drops the collection.
 */
const ensured = new WeakMap<Connection, Set<string>>();
export const ensuredCollections = (connection: Connection): Set<string> => {
  let set = ensured.get(connection);
  if (!set) ensured.set(connection, (set = new Set()));
  return set;
};

/** "v1.24.2" when the server is FerretDB 1.x, else undefined; asked once per connection. */
const versions = new WeakMap<Connection, Promise<string | undefined>>();
export function ferretDbVersion(connection: Connection): Promise<string | undefined> {
  let version = versions.get(connection);
  if (!version) {
    version = connection
      .db!.admin()
      .command({ buildInfo: 1 })
      .then((info) => {
        const found = (info as { ferretdbVersion?: unknown }).ferretdbVersion;
        return typeof found === 'string' && /^v?1\./.test(found) ? found : undefined;
      });
    versions.set(connection, version);
    version.catch(() => versions.delete(connection)); // asked again next time
  }
  return version;
}
