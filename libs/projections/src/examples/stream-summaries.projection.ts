import { categoryOf, RecordedEvent } from '@app/event-store';
import { defineProjection, DocumentChange, Projection, readModelSchema } from '../projection';

export const STREAM_SUMMARIES = 'stream_summaries';

/** One document per stream: how many events it has and which came last. */
export interface StreamSummary {
  _id: string;
  category: string;
  eventCount: number;
  firstEventType: string;
  lastEventType: string;
  lastRevision: number;
  lastOccurredAt: Date;
}

export const streamSummarySchema = readModelSchema({
  category: { type: String, required: true, index: true },
  eventCount: { type: Number, required: true },
  firstEventType: { type: String, required: true },
  lastEventType: { type: String, required: true },
  lastRevision: { type: Number, required: true },
  lastOccurredAt: { type: Date, required: true },
});

/** The evolve function: every event counts once toward its stream's summary. */
export function summarizeEvent(event: RecordedEvent): DocumentChange {
  return {
    collection: STREAM_SUMMARIES,
    id: event.streamId,
    update: {
      $setOnInsert: { category: categoryOf(event.streamId), firstEventType: event.type },
      $set: { lastEventType: event.type, lastRevision: event.revision, lastOccurredAt: event.occurredAt },
      $inc: { eventCount: 1 },
    },
  };
}

/**
 * The example read model of this library, used by its tests and available to the rebuild command.
 * It reads every category unless told which: a service's own projections follow only its own.
 */
export function streamSummariesProjection(categories: readonly string[] | 'all' = 'all'): Projection {
  return defineProjection({
    name: STREAM_SUMMARIES,
    categories,
    collections: { [STREAM_SUMMARIES]: streamSummarySchema },
    handlers: {},
    otherwise: summarizeEvent,
  });
}
