import { CatchUpSubscription, EventStore } from '@app/event-store';
import { Connection } from 'mongoose';
import { BackingIndexOptions } from './ferretdb-indexes';
import { MongoCheckpointStore } from './mongo-checkpoint-store';
import { planWrites } from './plan-writes';
import { Projection } from './projection';
import { dropReadModels, ensureReadModels, readModels } from './read-models';
import { DEFAULT_STATEMENTS_PER_COMMAND, ReadModelWriter } from './read-model-writer';

export interface RebuildOptions {
  store: EventStore;
  connection: Connection;
  projection: Projection;
  /** How many events the replay will read, for percent and ETA; optional, as the port cannot count. */
  countEvents?: (categories: string[] | undefined) => Promise<number | undefined>;
  onStart?: (total: number | undefined) => void;
  onProgress?: (done: number) => void;
  batchSize?: number;
  statementsPerCommand?: number;
  /** FerretDB's PostgreSQL database (default FERRETDB_POSTGRES_URL) for the GIN indexes of ferretdb-indexes.ts. */
  backingIndexes?: BackingIndexOptions;
}

export interface RebuildSummary {
  projection: string;
  events: number;
  documents: number;
  elapsedMs: number;
}

/**
 * Drops the projection's collections and checkpoint, then replays the event store through the same
 * evolve functions and writer the live projector uses, storing the checkpoint as it goes: a
 * projector started afterwards continues where the rebuild ended. Stop the service's projector of
 * this projection first (PROJECTIONS_ENABLED=false): a projector still running would keep writing
 * from the position it had reached.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildSummary> {
  const { store, connection, projection } = options;
  const started = Date.now();
  const checkpoints = new MongoCheckpointStore(connection);
  const categories = projection.categories === 'all' ? undefined : [...projection.categories];

  await dropReadModels(connection, projection);
  await checkpoints.remove(projection.name);
  await ensureReadModels(connection, projection, options.backingIndexes);

  options.onStart?.(await options.countEvents?.(categories));
  const writer = new ReadModelWriter(
    connection,
    options.statementsPerCommand ?? DEFAULT_STATEMENTS_PER_COMMAND,
    options.backingIndexes,
  );
  let events = 0;
  const replay = new CatchUpSubscription(store, {
    subscriptionId: projection.name,
    categories,
    checkpoints,
    batchSize: options.batchSize,
    handle: async (batch) => {
      await writer.write(planWrites(projection, batch));
      events += batch.length;
      options.onProgress?.(events);
    },
  });
  await replay.catchUp();

  let documents = 0;
  for (const model of readModels(connection, projection)) documents += await model.countDocuments();
  return { projection: projection.name, events, documents, elapsedMs: Date.now() - started };
}
