import { randomUUID } from 'node:crypto';
import { makePosition, RecordedEvent } from '@app/event-store';
import { CASE_WORKER, caseStream } from './case-events';

/** A stored event as the relay would read it, for tests that produce to Kafka without a relay. */
export function recordedCaseEvent(type: string, caseId: string, data: object, id = randomUUID()): RecordedEvent {
  return {
    id,
    type,
    schemaVersion: 1,
    streamId: caseStream(caseId),
    revision: 0,
    position: makePosition(1, 1),
    occurredAt: new Date('2025-03-01T08:00:00.000Z'),
    data: { caseId, ...data },
    metadata: { correlationId: randomUUID(), causationId: id, decision: CASE_WORKER },
    hash: '00',
  };
}

export const openedData = {
  childName: '王小明',
  jurisdiction: '330602001001',
  category: 'orphan',
  openedAt: '2025-03-01T08:00:00.000Z',
};
