/** Requests a client may send: `perMinute` on average, in bursts of up to `burst`. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Clients remembered at once; past this the longest-idle are forgotten (they start again full). */
const MAX_CLIENTS = 10_000;

/**
 * A token bucket per client: each request takes a token, tokens refill at `perMinute / 60` per second
 * up to `burst`. Time comes from the caller (`nowMs`), so the limiter is pure bookkeeping and testable.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(private readonly limit: RateLimit) {}

  take(client: string, nowMs: number): RateDecision {
    const perMs = this.limit.perMinute / 60_000;
    const previous = this.buckets.get(client);
    const tokens = previous
      ? Math.min(this.limit.burst, previous.tokens + Math.max(0, nowMs - previous.atMs) * perMs)
      : this.limit.burst;
    // Re-inserting keeps the map in last-use order, so the first key is the longest idle.
    this.buckets.delete(client);
    if (this.buckets.size >= MAX_CLIENTS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (tokens >= 1) {
      this.buckets.set(client, { tokens: tokens - 1, atMs: nowMs });
      return { ok: true };
    }
    this.buckets.set(client, { tokens, atMs: nowMs });
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  }
}
