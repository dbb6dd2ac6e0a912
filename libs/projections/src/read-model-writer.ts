import { AnyBulkWriteOperation, Connection, Model } from 'mongoose';
import { BackingIndexOptions, ensureBackingIndexes, ensuredCollections } from './ferretdb-indexes';
import { PlannedWrite } from './plan-writes';
import { POSITION_FIELD } from './projection';

/**
 * FerretDB 1.24 holds one PostgreSQL connection for each statement of an `update` command until the
 * whole command ends (a `defer` inside its statement loop, handler/msg_update.go), from a pool of
 * 50: a bulkWrite of a few hundred upserts deadlocked the server for every client, for good. So a
 * batch goes out in commands of a few statements each, one command at a time per connection (see
 * `exclusive`), which bounds what one process can hold. On MongoDB this costs some round trips.
 */
export const DEFAULT_STATEMENTS_PER_COMMAND = 4;

const DUPLICATE_KEY = 11000;

export interface WriteResult {
  /** Writes that changed or created a document. */
  applied: number;
  /** Writes the position guard refused: the document had already seen that event. */
  skipped: number;
}

/** `_id` plus "this document has not yet seen the event": older or absent position. */
export function guardFilter(id: string, positionKey: string): Record<string, unknown> {
  return { _id: id, $or: [{ [POSITION_FIELD]: { $lt: positionKey } }, { [POSITION_FIELD]: { $exists: false } }] };
}

export function guardedUpdate(write: PlannedWrite): Record<string, unknown> {
  return { ...write.update, $set: { ...write.update.$set, [POSITION_FIELD]: write.positionKey } };
}

/**
 * Applies planned writes with conditional upserts, so that replays and redeliveries change nothing.
 * Writes to one collection keep their order (ordered bulk writes): a later write to a document
 * must not land before an earlier one, or the guard would then refuse the earlier one.
 */
export class ReadModelWriter {
  constructor(
    private readonly connection: Connection,
    private readonly statementsPerCommand = DEFAULT_STATEMENTS_PER_COMMAND,
    private readonly backingIndexes: BackingIndexOptions = {},
  ) {}

  async write(writes: readonly PlannedWrite[]): Promise<WriteResult> {
    const total: WriteResult = { applied: 0, skipped: 0 };
    for (const [collection, ofCollection] of groupByCollection(writes)) {
      const model = this.connection.model<Record<string, unknown>>(collection);
      for (let i = 0; i < ofCollection.length; i += this.statementsPerCommand) {
        const result = await this.writeChunk(model, ofCollection.slice(i, i + this.statementsPerCommand));
        total.applied += result.applied;
        total.skipped += result.skipped;
        if (i === 0) await this.ensureBackingIndexes(model);
      }
    }
    return total;
  }

  /**
   * A collection this process has not prepared (ensureReadModels) or has dropped since, created by
   * the write just made: its table gets FerretDB's backing indexes now, before the rest of the
   * batch. Once per collection and process; nothing to do without FERRETDB_POSTGRES_URL.
   */
  private async ensureBackingIndexes(model: Model<Record<string, unknown>>): Promise<void> {
    const ensured = ensuredCollections(this.connection);
    if (ensured.has(model.collection.name)) return;
    await ensureBackingIndexes(this.connection, [model], this.backingIndexes);
    ensured.add(model.collection.name);
  }

  private async writeChunk(model: Model<Record<string, unknown>>, writes: PlannedWrite[]): Promise<WriteResult> {
    const result: WriteResult = { applied: 0, skipped: 0 };
    let rest = writes;
    while (rest.length) {
      try {
        const done = await exclusive(this.connection, () => model.bulkWrite(rest.map(toUpsert), { ordered: true }));
        const applied = done.insertedCount + done.upsertedCount + done.modifiedCount;
        result.applied += applied;
        result.skipped += rest.length - applied;
        return result;
      } catch (error) {
        const failed = firstDuplicateKey(error);
        if (failed === undefined) throw error;
        // An upsert whose guard failed (or a creating insert) tries to insert an `_id` that exists:
        // either the document has already seen this event (a redelivery), or another writer created
        // it an instant ago (a race). Without the upsert, the guard alone decides which. Writes before it were applied.
        result.applied += failed;
        if (await this.retryWithoutUpsert(model, rest[failed])) result.applied += 1;
        else result.skipped += 1;
        rest = rest.slice(failed + 1);
      }
    }
    return result;
  }

  /** True when applied, false when the document had already seen the event. */
  private async retryWithoutUpsert(model: Model<Record<string, unknown>>, write: PlannedWrite): Promise<boolean> {
    const { modifiedCount } = await exclusive(this.connection, () =>
      model.updateOne(guardFilter(write.id, write.positionKey), guardedUpdate(write)),
    );
    if (modifiedCount) return true;
    // The duplicate key may also come from another unique index of the read model (two documents
    // claiming one value): that is no redelivery, and skipping it would lose the event silently.
    const seen = await model.exists({ _id: write.id, [POSITION_FIELD]: { $gte: write.positionKey } });
    if (!seen)
      throw new Error(
        `event ${write.eventId} cannot be written to ${model.collection.name}/${write.id}: it breaks a unique index`,
      );
    return false;
  }
}

/**
 * Runs one write command at a time per connection, across all projectors of the process; see
 * DEFAULT_STATEMENTS_PER_COMMAND for why FerretDB needs the bound.
 */
const queues = new WeakMap<Connection, Promise<unknown>>();
function exclusive<T>(connection: Connection, command: () => Promise<T>): Promise<T> {
  const result = (queues.get(connection) ?? Promise.resolve()).then(command);
  queues.set(
    connection,
    result.catch(() => undefined),
  );
  return result;
}

/**
 * A creating write is an insert of the whole document; a duplicate key sends it to the guarded
 * update (writeChunk). Every other write is a guarded upsert, which FerretDB 1.24 serves by reading
 * the collection's every document (its SQL filter `_jsonb->'_id' @> $1` cannot use the `_id` index).
 */
function toUpsert(write: PlannedWrite): AnyBulkWriteOperation {
  if (write.create)
    return {
      insertOne: {
        document: {
          ...write.update.$setOnInsert,
          ...write.update.$set,
          _id: write.id,
          [POSITION_FIELD]: write.positionKey,
        },
      },
      // String ids: the driver's type assumes ObjectId.
    } as unknown as AnyBulkWriteOperation;
  return {
    updateOne: { filter: guardFilter(write.id, write.positionKey), update: guardedUpdate(write), upsert: true },
  };
}

function groupByCollection(writes: readonly PlannedWrite[]): Map<string, PlannedWrite[]> {
  const groups = new Map<string, PlannedWrite[]>();
  for (const write of writes) {
    const group = groups.get(write.collection) ?? [];
    group.push(write);
    groups.set(write.collection, group);
  }
  return groups;
}

/** Index of the write that failed on a duplicate key in an ordered bulk write, if that was the failure. */
function firstDuplicateKey(error: unknown): number | undefined {
  type WriteError = { index: number; code: number };
  // The driver gives one error or a list; an ordered bulk write stops at its first.
  const writeErrors = (error as { writeErrors?: WriteError | WriteError[] }).writeErrors;
  const first = Array.isArray(writeErrors) ? writeErrors[0] : writeErrors;
  return first?.code === DUPLICATE_KEY ? first.index : undefined;
}
