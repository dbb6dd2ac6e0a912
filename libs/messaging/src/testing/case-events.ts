import { randomUUID } from 'node:crypto';
import { exampleCaseContracts } from '@app/contracts/examples/case-contracts';
import type { DecisionRecord, NewEvent } from '@app/event-store';
import { defineMapper, IntegrationEventMapper, publishAs } from '../mapping';

/**
 * The example service of the messaging tests: it stores `CaseOpened` (with the child's name, which
 * is personal data and must not reach Kafka), `CaseNoteAdded` (internal, not published) and
 * `CaseClosed` in `case-<id>` streams, and publishes the example contracts.
 */
export interface CaseOpenedData {
  caseId: string;
  childName: string;
  jurisdiction: string;
  category: 'orphan' | 'de-facto-unattended' | 'other';
  openedAt: string;
}

export const caseStream = (caseId: string) => `case-${caseId}`;

export const CASE_WORKER: DecisionRecord = {
  actorId: 'user-case-worker-1',
  role: 'township-officer',
  agency: 'civil-affairs',
  jurisdiction: '330602001',
  reason: 'found on a home visit',
  policy: '浙民儿〔2014〕87号',
};

export function caseMapper(topic: string): IntegrationEventMapper {
  const { caseOpened, caseClosed } = exampleCaseContracts(topic);
  return defineMapper({
    CaseOpened: publishAs(caseOpened, (event) => {
      const data = event.data as CaseOpenedData;
      // Explicit mapping: the name stays in the service; only ids and facts leave it.
      return {
        caseId: data.caseId,
        jurisdiction: data.jurisdiction,
        category: data.category,
        openedOn: data.openedAt.slice(0, 10),
      };
    }),
    CaseClosed: publishAs(caseClosed, (event) => {
      const data = event.data as { caseId: string; outcome: 'adopted' | 'returned-to-family' | 'came-of-age' };
      return { caseId: data.caseId, outcome: data.outcome, closedOn: event.occurredAt.toISOString().slice(0, 10) };
    }),
  });
}

function event(type: string, data: unknown, correlationId?: string): NewEvent {
  const id = randomUUID();
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    metadata: { correlationId: correlationId ?? id, causationId: id, decision: CASE_WORKER },
  };
}

export const caseOpened = (caseId: string, correlationId?: string) =>
  event(
    'CaseOpened',
    {
      caseId,
      childName: '王小明',
      jurisdiction: '330602001001',
      category: 'orphan',
      openedAt: '2025-03-01T08:00:00.000Z',
    } satisfies CaseOpenedData,
    correlationId,
  );
export const caseNoteAdded = (caseId: string) => event('CaseNoteAdded', { caseId, note: 'visited the grandmother' });
export const caseClosed = (caseId: string) => event('CaseClosed', { caseId, outcome: 'adopted' });
