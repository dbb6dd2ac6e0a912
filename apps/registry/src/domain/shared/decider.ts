import type { DecisionRecord } from '@app/event-store/envelope';

export type { DecisionRecord };

/**
 * What every command carries besides its data. Time arrives here, never from a clock inside the
 * domain, so a decision replays the same way in a test, a rebuild or an audit.
 */
export interface CommandMetadata {
  decision: DecisionRecord;
  now: Date;
}

export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/**
 * A domain event as the decider produces it. The application layer wraps it in the store's
 * envelope (id, decision record, correlation…) and marks `personal` fields for encryption.
 */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}

export interface Decider<C, E, S> {
  initialState: () => S;
  /** Returns `[]` when the outcome already holds (a retried command), throws a RegistryError on a refusal not worth recording. */
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
}

/** The `default` branch of every switch: a new command or event type that is not handled fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
