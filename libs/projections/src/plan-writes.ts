import { RecordedEvent } from '@app/event-store';
import { Evolve, POSITION_FIELD, Projection, ProjectionDefinitionError, ReadModelUpdate } from './projection';
import { changeKey } from './position-key';

/** One guarded write: apply `update` to document `id` unless it has already seen `positionKey`. */
export interface PlannedWrite {
  collection: string;
  id: string;
  /** The event's position and the change's index within the event (position-key.ts). */
  positionKey: string;
  update: ReadModelUpdate;
  /** For error messages: the event that asked for this write. */
  eventId: string;
  /** The event creates the document: inserted, with the guarded update as fallback (DocumentChange.create). */
  create?: boolean;
}

/**
 * Runs the projection's evolve functions over a batch, in order. Pure: the result depends on the
 * events alone, which is what makes a rebuild give the same read model as live projection.
 */
export function planWrites(projection: Projection, events: readonly RecordedEvent[]): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  for (const event of events) {
    const handlers = projection.handlers as Partial<Record<string, Evolve<RecordedEvent>>>;
    const result = (handlers[event.type] ?? projection.otherwise)?.(event);
    if (!result) continue;
    const changes = Array.isArray(result) ? result : [result];
    changes.forEach((change, index) => {
      if (!(change.collection in projection.collections))
        throw new ProjectionDefinitionError(
          `projection ${projection.name} wrote to ${change.collection}, which it does not declare (event ${event.type})`,
        );
      assertNoSystemFields(projection.name, event.type, change.update);
      if (change.create) assertCreatable(projection.name, event.type, change.update);
      writes.push({
        collection: change.collection,
        id: change.id,
        positionKey: changeKey(event.position, index),
        update: change.update,
        eventId: event.id,
        ...(change.create ? { create: true } : {}),
      });
    });
  }
  return writes;
}

/** `_id` and the position are the writer's: a handler that sets them would break the guard. */
function assertNoSystemFields(projection: string, eventType: string, update: ReadModelUpdate): void {
  for (const fields of Object.values(update) as (Record<string, unknown> | undefined)[]) {
    for (const field of Object.keys(fields ?? {})) {
      const root = field.split('.')[0];
      if (root === '_id' || root === POSITION_FIELD)
        throw new ProjectionDefinitionError(`projection ${projection} must not write ${field} (event ${eventType})`);
    }
  }
}

/** A creating change becomes a whole document: only operators that say what the new document holds. */
function assertCreatable(projection: string, eventType: string, update: ReadModelUpdate): void {
  for (const [operator, fields] of Object.entries(update) as [string, Record<string, unknown> | undefined][]) {
    if (operator !== '$set' && operator !== '$setOnInsert')
      throw new ProjectionDefinitionError(
        `projection ${projection}: a creating change may use only $set and $setOnInsert, not ${operator} (event ${eventType})`,
      );
    for (const field of Object.keys(fields ?? {}))
      if (field.includes('.'))
        throw new ProjectionDefinitionError(
          `projection ${projection}: a creating change sets whole fields, not ${field} (event ${eventType})`,
        );
  }
}
