/**
 * Work the fake still owes: job timers and webhook deliveries. `idle()` waits for it to drain and
 * `close()` cancels it, so tests neither race the fake nor hang on it. Timers are unref'd.
 */
export class PendingWork {
  private count = 0;
  private closed = false;
  private waiters: Array<() => void> = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Map<NodeJS.Timeout, (elapsed: boolean) => void>();

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `fn` after `ms`; pending until then. Returns a cancel function. */
  timer(ms: number, fn: () => void): () => void {
    if (this.closed) return () => {};
    this.count++;
    const handle = setTimeout(() => {
      this.timers.delete(handle);
      try {
        fn();
      } finally {
        this.settle();
      }
    }, ms);
    handle.unref();
    this.timers.add(handle);
    return () => {
      if (!this.timers.delete(handle)) return;
      clearTimeout(handle);
      this.settle();
    };
  }

  /** Counts `work` as pending until it settles. Rejections are swallowed: callers catch what they care about. */
  track(work: Promise<unknown>): void {
    this.count++;
    work.catch(() => {}).finally(() => this.settle());
  }

  /** A pause inside tracked work: resolves true when elapsed, false if the fake closed first. */
  sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        this.sleepers.delete(handle);
        resolve(true);
      }, ms);
      handle.unref();
      this.sleepers.set(handle, resolve);
    });
  }

  whenIdle(): Promise<void> {
    if (this.count === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const handle of this.timers) clearTimeout(handle);
    this.timers.clear();
    for (const [handle, resolve] of this.sleepers) {
      clearTimeout(handle);
      resolve(false);
    }
    this.sleepers.clear();
    this.wake();
  }

  private settle(): void {
    this.count--;
    if (this.count === 0) this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
