/**
 * The envelope every stored event carries (ARCHITECTURE.md §3). The decision record is the audit
 * trail a regulator replays: who decided, in which role, agency and place, why, under which policy.
 */

export interface DecisionRecord {
  /** The user's id, or `system:<process>` for an automated decision. */
  actorId: string;
  role: string;
  agency: string;
  /** Jurisdiction code of the place the decision was made for (GB/T 2260 or 12-digit statistical code). */
  jurisdiction: string;
  reason: string;
  /** The policy applied, e.g. `浙民儿〔2014〕87号`. */
  policy: string;
}

export interface EventMetadata {
  correlationId: string;
  causationId: string;
  decision: DecisionRecord;
  /** W3C trace context of the request that caused the event, carried to Kafka. */
  traceparent?: string;
}

/** Which fields of `data` hold personal data, and whose: they are stored encrypted with the subject's key. */
export interface PersonalDataMarking {
  subjectId: string;
  /** Top-level field names of `data`. */
  fields: string[];
}

/** An event as a command handler hands it to the store. Ids are made by the client, so a retry is a no-op. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  occurredAt?: Date;
  personalData?: PersonalDataMarking;
}

/** Opaque, totally ordered position in the store's global order. Compare only with `comparePositions`. */
export type Position = string & { readonly __position: unique symbol };

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  schemaVersion: number;
  streamId: string;
  /** 0-based revision of the event in its stream. */
  revision: number;
  position: Position;
  occurredAt: Date;
  data: Data;
  metadata: EventMetadata;
  /** Hash chaining this event to the previous event of its stream (hex). */
  hash: string;
}

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface StreamWrite {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: number;
  /** Position of the last event written (or of the existing one, for a retried no-op). */
  position: Position;
}

export const SYSTEM_ROLE = 'system';

/** The decision record of an automated decision: an explicit, named system actor. */
export function systemDecision(
  process: string,
  fields: Pick<DecisionRecord, 'agency' | 'jurisdiction' | 'reason' | 'policy'>,
): DecisionRecord {
  return { actorId: `system:${process}`, role: SYSTEM_ROLE, ...fields };
}

/** `child-0c4b…` → `child`: the category is everything before the first dash. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
