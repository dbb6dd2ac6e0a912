import { Decider } from '../shared/decider';
import { RegistryError, RegistryErrorCode } from '../shared/registry-error';

/**
 * Decider tests in the users' terms: given what happened, when someone asks for this, then these
 * events are recorded — or the request is refused with this code.
 *
 *   given([registered]).when(proposeOrphan).then([proposed])
 *   given([registered, died]).when(proposeOrphan).then('REGISTRY.FILE_CLOSED')
 *
 * Test support only (jest's `expect`); nothing in production imports it.
 */
export function deciderSpec<C, E, S>(decider: Decider<C, E, S>) {
  return function given(history: E[]) {
    return {
      when(command: C) {
        const before = history.reduce(decider.evolve, decider.initialState());
        return {
          /** Asserts the outcome; returns the events and the state after them, for questions about the result. */
          then(expected: E[] | RegistryErrorCode, details?: Record<string, unknown>): { events: E[]; state: S } {
            if (typeof expected === 'string') {
              let refusal: unknown;
              try {
                const events = decider.decide(command, before);
                refusal = new Error(`expected ${expected}, but it was accepted with ${JSON.stringify(events)}`);
              } catch (error) {
                refusal = error;
              }
              expect(refusal).toBeInstanceOf(RegistryError);
              expect((refusal as RegistryError).code).toBe(expected);
              if (details) expect((refusal as RegistryError).details).toMatchObject(details);
              return { events: [], state: before };
            }
            const events = decider.decide(command, before);
            expect(events).toEqual(expected);
            return { events, state: events.reduce(decider.evolve, before) };
          },
        };
      },
    };
  };
}
