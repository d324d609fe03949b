/**
 * One clock for everything the bench times in this process: epoch milliseconds with
 * sub-millisecond resolution (performance.now() anchored at the process's time origin), so
 * it can be compared with Date-based stamps (the fake's endTime, Temporal's event times).
 */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Calls `probe` every `everyMs` until it returns true or `timeoutMs` passes; false on timeout. */
export async function waitFor(probe: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
