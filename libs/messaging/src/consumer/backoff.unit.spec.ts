import fc from 'fast-check';
import { backoffDelay, DEFAULT_RETRY_POLICY, retryPolicy } from './backoff';

describe('retry backoff', () => {
  const policy = retryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0 });

  it('doubles from the initial delay and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('takes up to the jitter fraction off each delay, never more and never adds', () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(backoffDelay(3, jittered, () => 0)).toBe(400);
    expect(backoffDelay(3, jittered, () => 0.999999)).toBe(320);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = backoffDelay(attempt, { ...DEFAULT_RETRY_POLICY }, () => r);
          const ceiling = Math.min(
            DEFAULT_RETRY_POLICY.maxDelayMs,
            DEFAULT_RETRY_POLICY.initialDelayMs * 2 ** (attempt - 1),
          );
          return delay <= ceiling && delay >= Math.floor(ceiling * (1 - DEFAULT_RETRY_POLICY.jitter));
        },
      ),
    );
  });

  it('never decreases from one attempt to the next (without jitter)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        (attempt) => backoffDelay(attempt + 1, policy) >= backoffDelay(attempt, policy),
      ),
    );
  });

  it('refuses a policy that would never deliver or never wait sensibly', () => {
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => retryPolicy({ jitter: 2 })).toThrow(/jitter/);
    expect(() => retryPolicy({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(/delays/);
  });
});
