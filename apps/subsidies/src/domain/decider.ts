import type { DecisionRecord } from '@app/event-store/envelope';

export type { DecisionRecord };

/** What every command carries besides its data: who decides, and when (no clock inside the domain). */
export interface CommandMetadata {
  decision: DecisionRecord;
  now: Date;
}

/** The `default` branch of every switch: a new command or event type that is not handled fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
