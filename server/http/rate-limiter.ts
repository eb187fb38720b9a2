/**
 * Token buckets by key (an address, a device). In memory and per node: with
 * several nodes behind a balancer each enforces its own share, which is the
 * intent — the limit protects the node, and enrolment codes are single-use anyway.
 */
export interface RateLimit {
  /** Requests allowed in a burst. */
  readonly burst: number;
  /** Sustained requests per second. */
  readonly perSecond: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  /** Takes one token; returns the seconds to wait when none is left, else 0. */
  take(key: string): number {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.secondsUntilToken(bucket.tokens);
  }

  /**
   * Takes `amount` tokens after the fact (work already done, e.g. rows served): the bucket may go
   * below zero, and `wait` then holds the key off until it has refilled past one.
   */
  charge(key: string, amount: number): void {
    if (amount <= 0) return;
    this.refilled(key).tokens -= amount;
  }

  /** The seconds to wait before a token is free, without taking one (0 when one is). */
  wait(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.limit.burst, bucket.tokens + ((this.clock() - bucket.updatedAt) / 1000) * this.limit.perSecond);
    return tokens >= 1 ? 0 : this.secondsUntilToken(tokens);
  }

  private refilled(key: string): { tokens: number; updatedAt: number } {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, updatedAt: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.perSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.forgetFull(now);
    return bucket;
  }

  private secondsUntilToken(tokens: number): number {
    return Math.ceil((1 - tokens) / this.limit.perSecond);
  }

  private forgetFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(key);
    }
  }
}
