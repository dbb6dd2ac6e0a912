import { newEvent, VILLAGE_OFFICER } from './contract/fixtures';
import { assertAppendable } from './decision-record';
import { systemDecision } from './envelope';
import { InvalidAppend } from './errors';

describe('every appended event carries its decision record', () => {
  it('accepts a complete record', () => {
    expect(() => assertAppendable('child-1', [newEvent()])).not.toThrow();
  });

  it.each(['actorId', 'role', 'agency', 'jurisdiction', 'reason', 'policy'] as const)(
    'refuses a record without %s',
    (field) => {
      const event = newEvent();
      event.metadata = { ...event.metadata, decision: { ...VILLAGE_OFFICER, [field]: '  ' } };
      expect(() => assertAppendable('child-1', [event])).toThrow(new RegExp(`missing ${field}`));
    },
  );

  it('refuses events without correlation or causation ids, malformed ids and empty appends', () => {
    const event = newEvent();
    event.metadata = { ...event.metadata, correlationId: '' };
    expect(() => assertAppendable('child-1', [event])).toThrow(InvalidAppend);
    expect(() => assertAppendable('child-1', [{ ...newEvent(), id: 'not-a-uuid' }])).toThrow(/UUID/);
    const twice = newEvent();
    expect(() => assertAppendable('child-1', [twice, twice])).toThrow(/twice/);
    expect(() => assertAppendable('child-1', [])).toThrow(/nothing to append/);
    expect(() => assertAppendable('Child 1; DROP', [newEvent()])).toThrow(/malformed stream id/);
  });

  it('requires automated decisions to name their system actor', () => {
    const decision = systemDecision('ageing-out-scheduler', {
      agency: 'civil-affairs',
      jurisdiction: '330600',
      reason: '年满18周岁 / turned 18',
      policy: '浙民儿〔2014〕87号',
    });
    expect(decision).toMatchObject({ actorId: 'system:ageing-out-scheduler', role: 'system' });
    expect(() =>
      assertAppendable('child-1', [newEvent('ChildAgedOut', {}, { metadata: { ...newEvent().metadata, decision } })]),
    ).not.toThrow();
    for (const bad of [
      { actorId: 'system', role: 'system' },
      { actorId: 'system:x', role: 'county-centre' },
      { actorId: 'user-1', role: 'system' },
    ]) {
      const event = newEvent();
      event.metadata = { ...event.metadata, decision: { ...decision, ...bad } };
      expect(() => assertAppendable('child-1', [event])).toThrow(/system actor/);
    }
  });
});
