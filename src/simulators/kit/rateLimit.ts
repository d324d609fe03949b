const WINDOW_MS = 60_000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * MK.IO counts GETs per project per minute. A sliding window of request times: exact, and small
 * enough at MK.IO's 2,000/min. Refused requests do not use up the window.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    const times = this.windows.get(key) ?? [];
    while (times.length > 0 && times[0]! <= now - WINDOW_MS) times.shift();
    if (times.length >= this.perMinute) {
      const oldest = times[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)) };
    }
    times.push(now);
    this.windows.set(key, times);
    return { allowed: true };
  }
}
