import type { KafkaMessage } from 'kafkajs';
import { DEAD_LETTER_HEADERS, MESSAGE_HEADERS } from '@app/contracts';
import { exampleCaseContracts } from '@app/contracts/examples/case-contracts';
import { deadLetterMessage } from './dead-letter';
import { isInfrastructureError, PermanentError } from './errors';
import { AnyIntegrationHandler } from './handler';
import { decodeMessage, handlerTable } from './incoming-message';

const { caseOpened, caseClosed } = exampleCaseContracts('example.cases.v1');
const noop = async () => undefined;
const openedHandler: AnyIntegrationHandler = { contract: caseOpened, idempotency: 'inbox', handle: noop };
const table = handlerTable([openedHandler]);

const caseId = '0c4b6a52-7d1e-4d0e-9a43-6b1b2c3d4e5f';
const eventId = '7d0f8a52-1d1e-4d0e-9a43-6b1b2c3d4e5f';

function message(overrides: { headers?: Record<string, string | undefined>; value?: string } = {}): KafkaMessage {
  const headers: Record<string, string> = {
    [MESSAGE_HEADERS.eventId]: eventId,
    [MESSAGE_HEADERS.eventType]: 'CaseOpened',
    [MESSAGE_HEADERS.schemaVersion]: '1',
    [MESSAGE_HEADERS.contract]: 'example.CaseOpened',
    [MESSAGE_HEADERS.contractVersion]: '1',
    [MESSAGE_HEADERS.correlationId]: 'corr',
    [MESSAGE_HEADERS.causationId]: 'cause',
    [MESSAGE_HEADERS.occurredAt]: '2025-03-01T08:00:00.000Z',
    [MESSAGE_HEADERS.sourceStream]: `case-${caseId}`,
    [MESSAGE_HEADERS.sourceRevision]: '0',
  };
  for (const [name, value] of Object.entries(overrides.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  const value =
    overrides.value ??
    JSON.stringify({ caseId, jurisdiction: '330602001001', category: 'orphan', openedOn: '2025-03-01' });
  return {
    key: Buffer.from(`case-${caseId}`),
    value: Buffer.from(value),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
    offset: '41',
    timestamp: '0',
    attributes: 0,
  };
}

describe('reading an incoming message', () => {
  it('gives the handler the validated payload and what the headers say', () => {
    const decoded = decodeMessage(message(), table);
    expect(decoded).toMatchObject({
      kind: 'event',
      handler: openedHandler,
      event: {
        id: eventId,
        contract: 'example.CaseOpened',
        contractVersion: 1,
        key: `case-${caseId}`,
        payload: { caseId, openedOn: '2025-03-01' },
        correlationId: 'corr',
        causationId: 'cause',
        source: { stream: `case-${caseId}`, revision: 0, eventType: 'CaseOpened', schemaVersion: 1 },
      },
    });
  });

  it('ignores contracts this group does not handle', () => {
    expect(decodeMessage(message({ headers: { [MESSAGE_HEADERS.contract]: 'example.CaseClosed' } }), table)).toEqual({
      kind: 'ignored',
      contract: 'example.CaseClosed',
    });
  });

  it.each([
    [
      'a missing event id',
      { headers: { [MESSAGE_HEADERS.eventId]: undefined } },
      'malformed',
      /header event-id is missing/,
    ],
    ['an event id that is not a UUID', { headers: { [MESSAGE_HEADERS.eventId]: '42' } }, 'malformed', /not a UUID/],
    ['a value that is not JSON', { value: '{oops' }, 'malformed', /the value is not JSON/],
    [
      'a version of a handled contract it does not know',
      { headers: { [MESSAGE_HEADERS.contractVersion]: '2' } },
      'unknown-contract-version',
      /no handler for example\.CaseOpened v2 \(handled: v1\)/,
    ],
    [
      'a payload that breaks the contract',
      { value: JSON.stringify({ caseId, jurisdiction: '3306', category: 'orphan', openedOn: '2025-03-01' }) },
      'contract-violation',
      /payload violates contract example\.CaseOpened v1: \/jurisdiction must match pattern/,
    ],
  ])('marks %s as poison, with the reason', (_, overrides, reason, error) => {
    const decoded = decodeMessage(message(overrides), table);
    expect(decoded).toMatchObject({ kind: 'poison', reason });
    expect((decoded as { error: string }).error).toMatch(error);
  });

  it('refuses two handlers of one contract version in one group', () => {
    expect(() => handlerTable([openedHandler, { ...openedHandler }])).toThrow(
      /two handlers for example\.CaseOpened\.v1/,
    );
    expect(() =>
      handlerTable([openedHandler, { contract: caseClosed, idempotency: 'inbox', handle: noop }]),
    ).not.toThrow();
  });
});

describe('a dead letter', () => {
  it('keeps the original key, value and headers, and adds the error and where it came from', () => {
    const original = message({ value: '{oops' });
    const letter = deadLetterMessage(original, {
      reason: 'malformed',
      error: 'the value is not JSON',
      topic: 'example.cases.v1',
      partition: 2,
      offset: '41',
      attempts: 0,
      consumerGroup: 'subsidies',
      failedAt: new Date('2025-03-01T09:00:00.000Z'),
    });
    expect(letter.topic).toBe('example.cases.v1.dlq');
    expect(letter.key).toBe(`case-${caseId}`);
    expect(letter.value.toString()).toBe('{oops');
    expect(letter.headers[MESSAGE_HEADERS.eventId].toString()).toBe(eventId);
    expect(letter.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.reason]: 'malformed',
      [DEAD_LETTER_HEADERS.error]: 'the value is not JSON',
      [DEAD_LETTER_HEADERS.originalTopic]: 'example.cases.v1',
      [DEAD_LETTER_HEADERS.originalPartition]: '2',
      [DEAD_LETTER_HEADERS.originalOffset]: '41',
      [DEAD_LETTER_HEADERS.attempts]: '0',
      [DEAD_LETTER_HEADERS.consumerGroup]: 'subsidies',
      [DEAD_LETTER_HEADERS.failedAt]: '2025-03-01T09:00:00.000Z',
    });
  });
});

describe('telling an outage from a bad message', () => {
  const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['PostgreSQL shutting down', withCode('57P01')],
    ['a PostgreSQL connection exception', withCode('08006')],
    ['a lost node-postgres connection', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect', new Error('timeout exceeded when trying to connect')],
    ['an outage wrapped by the handler', new Error('could not record', { cause: withCode('ECONNRESET') })],
  ])('treats %s as the infrastructure', (_, error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a plain error', new Error('no such programme')],
    ['a permanent refusal', new PermanentError('not ours')],
    ['not an error', 'text'],
  ])('treats %s as the message’s problem', (_, error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });
});
