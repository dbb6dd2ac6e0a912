import { DecisionRecord, ExpectedRevision, NewEvent, SYSTEM_ROLE } from './envelope';
import { InvalidAppend } from './errors';

const REQUIRED: (keyof DecisionRecord)[] = ['actorId', 'role', 'agency', 'jurisdiction', 'reason', 'policy'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses an append whose events lack a complete decision record, or carry malformed ids. */
export function assertAppendable(streamId: string, events: NewEvent[], expected?: ExpectedRevision): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppend(`expected revision must be a revision (0, 1, …), 'any', 'no_stream' or 'stream_exists'`);
  }
  if (!/^[a-z][a-z0-9]*(-[A-Za-z0-9_.:-]+)?$/.test(streamId))
    throw new InvalidAppend(`malformed stream id: ${streamId}`);
  if (!events.length) throw new InvalidAppend(`nothing to append to ${streamId}`);
  const ids = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppend(`event id must be a UUID: ${event.id}`);
    if (ids.has(event.id)) throw new InvalidAppend(`event id used twice in one append: ${event.id}`);
    ids.add(event.id);
    if (!event.type || !Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidAppend(`event ${event.id} needs a type and a schema version ≥ 1`);
    }
    const { metadata } = event;
    if (!metadata?.correlationId || !metadata.causationId) {
      throw new InvalidAppend(`event ${event.id} (${event.type}) needs correlation and causation ids`);
    }
    const decision = metadata.decision;
    const missing = REQUIRED.filter((field) => typeof decision?.[field] !== 'string' || !decision[field].trim());
    if (missing.length) {
      throw new InvalidAppend(
        `event ${event.id} (${event.type}) has no decision record: missing ${missing.join(', ')}`,
      );
    }
    const automated = decision.role === SYSTEM_ROLE || decision.actorId.startsWith('system');
    if (automated && (decision.role !== SYSTEM_ROLE || !/^system:[a-z0-9-]+$/.test(decision.actorId))) {
      throw new InvalidAppend(
        `event ${event.id} (${event.type}): an automated decision names its system actor as system:<process> with role system`,
      );
    }
  }
}
