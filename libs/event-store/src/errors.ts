import { ExpectedRevision } from './envelope';

/** A lost race: the stream was not at the expected revision. Nothing was written. */
export class WrongExpectedVersion extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's revision when the append was refused; -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`);
  }
}

/** An append without a complete decision record, or otherwise malformed. Nothing was written. */
export class InvalidAppend extends Error {
  readonly code = 'EVENT_STORE.INVALID_APPEND';
}

/** Event ids that were already used for different events or another stream. */
export class DuplicateEventId extends Error {
  readonly code = 'EVENT_STORE.DUPLICATE_EVENT_ID';
}
