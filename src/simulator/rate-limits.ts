import type { SimRateLimits } from './types.js';

/** Hex's limits: 20 and 60 run requests (2025 spec), 30 and 1,800 other requests (2026 spec), per minute and hour. */
export const HEX_RATE_LIMITS: SimRateLimits = {
  runPerMinute: 20,
  runPerHour: 60,
  otherPerMinute: 30,
  otherPerHour: 1800,
};

/** `run` counts `POST .../runs`, `other` every other API request. */
export type RateBucket = 'run' | 'other';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterRealMs: number };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Sliding-window limiter per token and bucket. Windows last a simulated minute and hour. */
export class RateLimiter {
  /** Real-clock times of accepted requests, oldest first, per token and bucket. */
  private readonly acceptedByToken = new Map<string, Record<RateBucket, number[]>>();

  /** Decides whether one more request fits the limits. Only `record` uses up budget. */
  check(token: string, bucket: RateBucket, limits: SimRateLimits, timeScale: number, now = Date.now()): RateDecision {
    const accepted = this.prune(token, bucket, timeScale, now);
    const windows =
      bucket === 'run'
        ? [
            { limit: limits.runPerMinute, lengthMs: MINUTE_MS / timeScale },
            { limit: limits.runPerHour, lengthMs: HOUR_MS / timeScale },
          ]
        : [
            { limit: limits.otherPerMinute, lengthMs: MINUTE_MS / timeScale },
            { limit: limits.otherPerHour, lengthMs: HOUR_MS / timeScale },
          ];

    let retryAfterRealMs = 0;
    for (const window of windows) {
      const inWindow = accepted.filter((time) => time > now - window.lengthMs);
      if (inWindow.length < window.limit) continue;
      // A slot frees when enough of the oldest requests in the window have aged out of it.
      const freeingTime = inWindow[inWindow.length - window.limit] ?? now;
      retryAfterRealMs = Math.max(retryAfterRealMs, freeingTime + window.lengthMs - now);
    }
    return retryAfterRealMs > 0 ? { allowed: false, retryAfterRealMs } : { allowed: true };
  }

  record(token: string, bucket: RateBucket, now = Date.now()): void {
    this.bucketsFor(token)[bucket].push(now);
  }

  reset(): void {
    this.acceptedByToken.clear();
  }

  /** Drops times older than the hour window and returns the rest. */
  private prune(token: string, bucket: RateBucket, timeScale: number, now: number): number[] {
    const buckets = this.bucketsFor(token);
    buckets[bucket] = buckets[bucket].filter((time) => time > now - HOUR_MS / timeScale);
    return buckets[bucket];
  }

  private bucketsFor(token: string): Record<RateBucket, number[]> {
    let buckets = this.acceptedByToken.get(token);
    if (buckets === undefined) {
      buckets = { run: [], other: [] };
      this.acceptedByToken.set(token, buckets);
    }
    return buckets;
  }
}

/** Converts a wait to a `Retry-After` value: whole real seconds, rounded up, at least 1. */
export function retryAfterSeconds(realMs: number): number {
  return Math.max(1, Math.ceil(realMs / 1000));
}
