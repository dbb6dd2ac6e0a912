import { randomUUID } from 'node:crypto';
import { defineContract, MESSAGE_HEADERS } from '@app/contracts';
import { makePosition, RecordedEvent } from '@app/event-store';
import { defineMapper, publishAs } from '../mapping';
import { CASE_WORKER, caseMapper, caseStream } from '../testing/case-events';
import { RelayMappingError, toOutgoingMessage } from './outgoing-message';

const TOPIC = 'example.cases.v1';

function recorded(type: string, data: object, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  const caseId = (data as { caseId: string }).caseId;
  return {
    id: randomUUID(),
    type,
    schemaVersion: 2,
    streamId: caseStream(caseId),
    revision: 4,
    position: makePosition(10, 20),
    occurredAt: new Date('2025-03-01T08:00:00.000Z'),
    data,
    metadata: { correlationId: 'corr-1', causationId: 'cause-1', decision: CASE_WORKER },
    hash: 'ab',
    ...overrides,
  };
}

const caseId = '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f';
const opened = (overrides: Partial<RecordedEvent> = {}) =>
  recorded(
    'CaseOpened',
    { caseId, childName: '王小明', jurisdiction: '330602001001', category: 'orphan', openedAt: '2025-03-01T08:00:00Z' },
    overrides,
  );

describe('mapping a stored event to its Kafka message', () => {
  const mapper = caseMapper(TOPIC);

  it('publishes the contract payload only: ids and facts, not the personal data of the stored event', () => {
    const message = toOutgoingMessage(opened(), mapper)!;
    expect(message.topic).toBe(TOPIC);
    expect(JSON.parse(message.value)).toEqual({
      caseId,
      jurisdiction: '330602001001',
      category: 'orphan',
      openedOn: '2025-03-01',
    });
    expect(message.value).not.toContain('王小明');
  });

  it('keys the message by the stream id, so one case stays in order on one partition', () => {
    expect(toOutgoingMessage(opened(), mapper)!.key).toBe(`case-${caseId}`);
  });

  it('carries event id, type, schema version, contract, correlation, causation, trace and source in headers', () => {
    const event = opened({ metadata: { correlationId: 'corr-1', causationId: 'cause-1', decision: CASE_WORKER } });
    expect(toOutgoingMessage(event, mapper)!.headers).toEqual({
      [MESSAGE_HEADERS.eventId]: event.id,
      [MESSAGE_HEADERS.eventType]: 'CaseOpened',
      [MESSAGE_HEADERS.schemaVersion]: '2',
      [MESSAGE_HEADERS.contract]: 'example.CaseOpened',
      [MESSAGE_HEADERS.contractVersion]: '1',
      [MESSAGE_HEADERS.correlationId]: 'corr-1',
      [MESSAGE_HEADERS.causationId]: 'cause-1',
      [MESSAGE_HEADERS.traceparent]: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/),
      [MESSAGE_HEADERS.occurredAt]: '2025-03-01T08:00:00.000Z',
      [MESSAGE_HEADERS.sourceStream]: `case-${caseId}`,
      [MESSAGE_HEADERS.sourceRevision]: '4',
    });
  });

  it('passes on the traceparent stored with the event', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const event = opened({ metadata: { correlationId: 'c', causationId: 'c', decision: CASE_WORKER, traceparent } });
    expect(toOutgoingMessage(event, mapper)!.headers.traceparent).toBe(traceparent);
  });

  it('derives the same traceparent for every relay of one event, and one trace per correlation', () => {
    const event = opened();
    const again = toOutgoingMessage(event, mapper)!.headers.traceparent;
    expect(toOutgoingMessage(event, mapper)!.headers.traceparent).toBe(again);
    const sibling = toOutgoingMessage(opened(), mapper)!.headers.traceparent;
    expect(sibling.slice(0, 35)).toBe(again.slice(0, 35));
    expect(sibling).not.toBe(again);
  });

  it('does not publish stored events without a mapping', () => {
    expect(toOutgoingMessage(recorded('CaseNoteAdded', { caseId, note: 'x' }), mapper)).toBeUndefined();
  });

  it('does not publish what a rule declines', () => {
    const { caseClosed } = (() => {
      const mapperContracts = caseMapper(TOPIC).contracts;
      return { caseClosed: mapperContracts.find((c) => c.name === 'example.CaseClosed')! };
    })();
    const choosy = defineMapper({ CaseClosed: publishAs(caseClosed, () => undefined) });
    expect(toOutgoingMessage(recorded('CaseClosed', { caseId }), choosy)).toBeUndefined();
  });

  it('lists the contracts a mapper may produce', () => {
    expect(mapper.contracts.map((c) => c.id).sort()).toEqual(['example.CaseClosed.v1', 'example.CaseOpened.v1']);
  });

  it('refuses a payload that breaks its contract, naming the event and the JSON path', () => {
    const event = opened({ data: { caseId, jurisdiction: 'Yuecheng', category: 'orphan', openedAt: '2025-03-01' } });
    expect(() => toOutgoingMessage(event, mapper)).toThrow(RelayMappingError);
    expect(() => toOutgoingMessage(event, mapper)).toThrow(
      new RegExp(
        `cannot publish event ${event.id} \\(CaseOpened, case-${caseId}@4\\): payload violates contract example\\.CaseOpened v1: /jurisdiction must match pattern`,
      ),
    );
  });

  it('refuses a key rule that does not give the stream id', () => {
    const contract = defineContract<'example.CaseAudited', { caseId: string }>({
      name: 'example.CaseAudited',
      version: 1,
      topic: TOPIC,
      producer: 'example',
      summary: 'A case was audited.',
      key: { description: 'wrong on purpose', of: (p) => p.caseId },
      personalData: 'none',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['caseId'],
        properties: { caseId: { type: 'string', format: 'uuid' } },
      },
      example: { caseId },
    });
    const wrongKey = defineMapper({
      CaseAudited: publishAs(contract, (e) => ({ caseId: (e.data as { caseId: string }).caseId })),
    });
    expect(() => toOutgoingMessage(recorded('CaseAudited', { caseId }), wrongKey)).toThrow(/not the stream id/);
  });
});
