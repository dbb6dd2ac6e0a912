import { randomBytes, randomUUID } from 'node:crypto';
import { DecisionRecord, NewEvent } from '../envelope';

export const VILLAGE_OFFICER: DecisionRecord = {
  actorId: 'user-village-officer-1',
  role: 'village-officer',
  agency: 'civil-affairs',
  jurisdiction: '330602001001',
  reason: '入户走访发现 / found on a home visit',
  policy: '浙民儿〔2014〕87号',
};

/** A category no other test run uses, so global reads can be filtered to this run's events. */
export function testCategory(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export function newEvent(
  type = 'SomethingHappened',
  data: unknown = { n: 1 },
  overrides: Partial<NewEvent> = {},
): NewEvent {
  const id = randomUUID();
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    metadata: { correlationId: id, causationId: id, decision: VILLAGE_OFFICER },
    ...overrides,
  };
}

export const events = (count: number, type = 'SomethingHappened') =>
  Array.from({ length: count }, (_, i) => newEvent(type, { n: i }));
