import { RecordedEvent } from '@app/event-store';
import { Schema, SchemaDefinition, SchemaOptions } from 'mongoose';

/** Every projected document stores the sortable key (position-key.ts) of the last event applied to it. */
export const POSITION_FIELD = 'lastPosition';

/**
 * The update operators a projection may return. All of them behave the same on MongoDB and on
 * FerretDB 1.24; pipeline updates, `$min`/`$max` and array filters are left out on purpose.
 */
export interface ReadModelUpdate {
  $set?: Record<string, unknown>;
  /** Written only when this event creates the document. */
  $setOnInsert?: Record<string, unknown>;
  $inc?: Record<string, number>;
  $unset?: Record<string, '' | 1 | true>;
  $push?: Record<string, unknown>;
  $addToSet?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
}

/**
 * What one event does to one read-model document. There is no delete: a deleted document forgets
 * the position it had reached, so a redelivered older event would bring it back. Mark it instead
 * (`$set: { status: 'closed' }`) and filter in queries.
 */
export interface DocumentChange {
  collection: string;
  /** The document's `_id`. */
  id: string;
  update: ReadModelUpdate;
  /**
   * This event creates the document (a file's first event). The writer then inserts it instead of
   * a guarded upsert, and falls back to the guarded update when the document exists (a redelivery,
   * or another writer's race). Only `$set` and `$setOnInsert` may be used. On FerretDB 1.24 an
   * insert is the one write that does not read the whole collection first (see read-model-writer.ts).
   */
  create?: boolean;
}

/** A pure function of one event: no I/O, no clock, no lookups. */
export type Evolve<E> = (event: E) => DocumentChange | DocumentChange[] | undefined;

/** One evolve function per event type, each given its own event type; any type for untyped events. */
export type EventHandlers<E extends RecordedEvent> = string extends E['type']
  ? Partial<Record<string, Evolve<E>>>
  : { [T in E['type']]?: Evolve<Extract<E, { type: T }>> };

/**
 * A read model: which events it follows, which collections it writes and, per event type, what
 * changes. `name` identifies it to the rebuild command and keys its checkpoint, so it must stay
 * stable and unique within the service's database.
 */
export interface Projection<E extends RecordedEvent = RecordedEvent> {
  name: string;
  /** Stream categories to follow (`child`, `payrun`, …), or every category. */
  categories: readonly string[] | 'all';
  /** Collection name → schema; the mongoose model has the collection's name. Build with `readModelSchema`. */
  collections: Record<string, Schema>;
  handlers: EventHandlers<E>;
  /** For event types without a handler of their own; such events change nothing when absent. */
  otherwise?: Evolve<E>;
}

/** Keeps the event union for checking the handlers, and erases it for registries that hold many projections. */
export function defineProjection<E extends RecordedEvent>(projection: Projection<E>): Projection {
  assertValidProjection(projection as unknown as Projection);
  return projection as unknown as Projection;
}

/**
 * A schema for a projected collection: string ids (stream ids, or keys made from them), the
 * position field, and strict "throw" so that a handler writing a field the schema lacks fails
 * loudly instead of mongoose dropping the field silently. Collections and indexes are created by
 * the projector before it writes, not in the background (see read-models.ts).
 */
export function readModelSchema(definition: SchemaDefinition, options: SchemaOptions = {}): Schema {
  return new Schema(
    { _id: { type: String, required: true }, ...definition, [POSITION_FIELD]: { type: String, required: true } },
    { versionKey: false, strict: 'throw', autoCreate: false, autoIndex: false, ...options },
  );
}

export class ProjectionDefinitionError extends Error {}

export function assertValidProjection(projection: Projection): void {
  if (!/^[a-z][a-z0-9_]*$/.test(projection.name))
    throw new ProjectionDefinitionError(`projection name "${projection.name}" must be snake_case`);
  const collections = Object.entries(projection.collections);
  if (!collections.length) throw new ProjectionDefinitionError(`projection ${projection.name} writes no collection`);
  for (const [name, schema] of collections) {
    if (schema.path('_id')?.instance !== 'String' || !schema.path(POSITION_FIELD))
      throw new ProjectionDefinitionError(
        `collection ${name} of projection ${projection.name} needs string ids and ${POSITION_FIELD}: use readModelSchema()`,
      );
  }
}

/** Collection names of all projections, each once; two projections must not write one collection. */
export function collectionsOf(projections: readonly Projection[]): Map<string, Schema> {
  const result = new Map<string, Schema>();
  for (const projection of projections)
    for (const [name, schema] of Object.entries(projection.collections)) {
      if (result.has(name)) throw new ProjectionDefinitionError(`collection ${name} is written by two projections`);
      result.set(name, schema);
    }
  return result;
}
