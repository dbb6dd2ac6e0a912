export interface RetryPolicy {
  /** Attempts of the handler before a message goes to the dead-letter topic (≥ 1). */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  /** Fraction of each delay that is randomised (0–1), so consumers that failed together don't retry together. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 200,
  maxDelayMs: 10_000,
  factor: 2,
  jitter: 0.2,
};

/** Delay before retry number `attempt` (1 = after the first failure): exponential, capped, jittered down. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new Error('maxAttempts must be ≥ 1');
  if (policy.jitter < 0 || policy.jitter > 1) throw new Error('jitter must be between 0 and 1');
  if (policy.initialDelayMs < 0 || policy.maxDelayMs < policy.initialDelayMs || policy.factor < 1) {
    throw new Error('delays must satisfy 0 ≤ initialDelayMs ≤ maxDelayMs and factor ≥ 1');
  }
  return policy;
}
