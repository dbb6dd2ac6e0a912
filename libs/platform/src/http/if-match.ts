import { PreconditionFailed, PreconditionRequired } from './errors';

/** The ETag of a stream revision, a strong validator: revision 3 → `"3"`. */
export function etagOf(revision: number): string {
  return `"${revision}"`;
}

/**
 * The revision a client read, from If-Match. Missing (or `*`) → 428 PRECONDITION.REQUIRED when
 * `required`, else undefined; anything but one strong ETag of ours → 412 PRECONDITION.FAILED.
 * The handler appends with this as the expected revision and answers a lost race with
 * {@link revisionMismatch} (412), since the client named the version it changed.
 */
export function revisionFromIfMatch(
  header: string | string[] | undefined,
  options: { required: boolean } = { required: true },
): number | undefined {
  const value = (Array.isArray(header) ? header.join(',') : header)?.trim();
  if (!value || value === '*') {
    if (options.required) throw new PreconditionRequired();
    return undefined;
  }
  const match = /^"(0|[1-9][0-9]{0,15})"$/.exec(value);
  if (!match || !Number.isSafeInteger(Number(match[1]))) throw new PreconditionFailed({ expected: value });
  return Number(match[1]);
}

/** 412 for an If-Match that named an older revision than the stream's. */
export function revisionMismatch(expected: number, actual: number, cause?: unknown): PreconditionFailed {
  return new PreconditionFailed({ expected: etagOf(expected), actual: etagOf(actual) }, cause);
}
