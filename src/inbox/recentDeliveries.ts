/**
 * Remembers which provider events were already handed to Temporal, so a provider's retry
 * is answered `duplicate` without a second signal. In memory and bounded for now; the
 * entity workflow's own dedupe stays the authority (a restart forgets this, not that).
 */
export class RecentDeliveries {
  private readonly inFlightOrDone = new Map<string, Promise<void>>();

  constructor(private readonly capacity = 100_000) {}

  /**
   * Runs `deliver` once per id. A repeat that arrives while the first is in flight waits
   * for it and shares its fate: if the first fails, the id is forgotten so a retry can succeed.
   */
  async once(id: string, deliver: () => Promise<void>): Promise<'new' | 'duplicate'> {
    const existing = this.inFlightOrDone.get(id);
    if (existing) {
      await existing;
      return 'duplicate';
    }
    const attempt = deliver();
    this.inFlightOrDone.set(id, attempt);
    try {
      await attempt;
    } catch (error) {
      this.inFlightOrDone.delete(id);
      throw error;
    }
    this.evictOldest();
    return 'new';
  }

  get size(): number {
    return this.inFlightOrDone.size;
  }

  private evictOldest(): void {
    // Map iterates in insertion order: the first keys are the oldest.
    for (const key of this.inFlightOrDone.keys()) {
      if (this.inFlightOrDone.size <= this.capacity) break;
      this.inFlightOrDone.delete(key);
    }
  }
}
