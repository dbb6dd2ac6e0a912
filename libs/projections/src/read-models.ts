import { Connection, Model } from 'mongoose';
import { BackingIndexOptions, ensureBackingIndexes, ensuredCollections } from './ferretdb-indexes';
import { Projection } from './projection';

/** The projection's mongoose models on this connection, registered once (a service may have registered them). */
export function readModels(connection: Connection, projection: Projection): Model<Record<string, unknown>>[] {
  return Object.entries(projection.collections).map(
    ([name, schema]) =>
      (connection.models[name] as Model<Record<string, unknown>> | undefined) ??
      connection.model<Record<string, unknown>>(name, schema, name),
  );
}

/**
 * Creates the collections and their indexes before the first write (and, on FerretDB's PostgreSQL
 * backend when FERRETDB_POSTGRES_URL or `backingIndexes.postgresUrl` is given, the GIN indexes
 * that make its `_id` lookups use an index). Done here, awaited, instead of
 * by mongoose in the background, so that a unique index exists before documents that would break it
 * and no collection is created while a bulk write is creating it too. Idempotent.
 */
export async function ensureReadModels(
  connection: Connection,
  projection: Projection,
  backingIndexes: BackingIndexOptions = {},
): Promise<void> {
  const models = readModels(connection, projection);
  for (const model of models) {
    await model.createCollection().catch(ignoreCode(48)); // NamespaceExists, on servers that report it
    await model.createIndexes();
  }
  // FerretDB on PostgreSQL only, when configured: GIN indexes its equality filters can use (ferretdb-indexes.ts).
  const result = await ensureBackingIndexes(connection, models, backingIndexes);
  for (const model of models)
    if (result.state === 'off' || !result.missingCollections.includes(model.collection.name))
      ensuredCollections(connection).add(model.collection.name);
}

/** Drops the projection's collections (for a rebuild). */
export async function dropReadModels(connection: Connection, projection: Projection): Promise<void> {
  for (const model of readModels(connection, projection)) {
    await model.collection.drop().catch(ignoreCode(26)); // NamespaceNotFound
    ensuredCollections(connection).delete(model.collection.name); // its table's indexes went with it
  }
}

function ignoreCode(code: number) {
  return (error: unknown) => {
    if ((error as { code?: number }).code !== code) throw error;
  };
}
