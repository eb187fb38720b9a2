/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential
 * Backoff And Jitter"): a random delay in [0, min(cap, base·2^attempt)], so
 * many laptops reconnecting at once do not retry in step. A server's
 * `Retry-After` is a floor, never shortened by jitter.
 */
export interface RetryPolicy {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1_000, capMs: 60_000 };

export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterSeconds: number | null = null,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterSeconds === null ? 0 : Math.min(retryAfterSeconds, 3_600) * 1_000;
  return Math.max(jittered, floor);
}
