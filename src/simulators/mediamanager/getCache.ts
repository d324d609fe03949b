/** Past this many cached URLs, expired answers are dropped (a long demo must not grow without bound). */
const MAX_ENTRIES = 1000;

/**
 * Media Manager caches GET answers for at least 60 s: the same URL (for the same token) gets the
 * same body until then, whatever changed meanwhile. That is why Reelflow never polls it faster.
 */
export class GetCache {
  private readonly answers = new Map<string, { body: unknown; expiresAt: number }>();

  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached body for `key`, or `compute()`'s, cached from now. */
  answer(key: string, compute: () => unknown): { body: unknown; hit: boolean } {
    const now = this.now();
    const cached = this.answers.get(key);
    if (cached && cached.expiresAt > now) return { body: cached.body, hit: true };
    if (this.answers.size >= MAX_ENTRIES) this.prune(now);
    const body = compute();
    const ttl = this.ttlMs();
    if (ttl > 0) this.answers.set(key, { body, expiresAt: now + ttl });
    else this.answers.delete(key);
    return { body, hit: false };
  }

  private prune(now: number): void {
    for (const [key, cached] of this.answers) if (cached.expiresAt <= now) this.answers.delete(key);
  }
}
