import { nowMs, sleep } from './clock';

export interface PacedOptions {
  /** Offered calls per second, evenly spaced. */
  rate: number;
  durationMs: number;
  /** Calls in flight at most; a call due while the cap is reached waits, and that wait counts in its latency. */
  maxInFlight: number;
  /**
   * How long past the window calls may still start or finish. A callee that falls further behind
   * is not waited for: calls not started by then are never made, and calls not answered by then
   * are counted unfinished (so a slow callee cannot stretch a step without bound).
   */
  graceMs?: number;
}

/** What one call answered: an HTTP status, or 0 for a call that failed without one (socket error, RPC error). */
export type CallOutcome = number;

export interface PacedResult {
  offered: number;
  /** Latency of each finished call, from the moment it was due (not when it could be sent). */
  latencies: number[];
  /** Finished calls by outcome (HTTP status; 0 = error). */
  outcomes: Record<number, number>;
  /** Offered calls not answered by the end of the grace period (never started, or still running). */
  unfinished: number;
  /** nowMs of the first due call, the first answer and the last answer. */
  startedAt: number;
  firstEndedAt: number;
  endedAt: number;
}

/**
 * An open-loop load at a fixed rate: call i is due at start + i/rate whatever the previous calls
 * are doing, as webhooks arrive from a platform that does not wait for us. Latency is measured
 * from the due time, so a server that falls behind cannot hide it (no coordinated omission).
 * autocannon's `overallRate` instead sends each second's quota back to back at the top of the
 * second, which measures a once-a-second burst rather than a rate.
 */
export async function runPaced(options: PacedOptions, call: (index: number) => Promise<CallOutcome>): Promise<PacedResult> {
  const offered = Math.max(1, Math.round((options.rate * options.durationMs) / 1000));
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  const outcomes: Record<number, number> = {};
  const startedAt = nowMs();
  let endedAt = startedAt;
  let firstEndedAt: number | undefined;
  let inFlight = 0;
  let finished = 0;
  let wake: (() => void) | undefined;

  const fire = (index: number, dueAt: number) => {
    inFlight++;
    void call(index)
      .catch(() => 0)
      .then((outcome) => {
        endedAt = nowMs();
        firstEndedAt ??= endedAt;
        latencies.push(endedAt - dueAt);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        inFlight--;
        finished++;
        wake?.();
      });
  };

  const deadline = startedAt + options.durationMs + (options.graceMs ?? 10_000);
  const slot = async (): Promise<boolean> => {
    while (inFlight >= options.maxInFlight) {
      if (nowMs() >= deadline) return false;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return true;
  };
  for (let index = 0; index < offered; index++) {
    const dueAt = startedAt + index * intervalMs;
    const wait = dueAt - nowMs();
    // Timers are ~1 ms coarse: calls due within the next millisecond go out together.
    if (wait > 1) await sleep(wait);
    if (!(await slot())) break;
    fire(index, dueAt);
  }
  while (inFlight > 0 && nowMs() < deadline) await sleep(20);
  const finishedInTime = finished;
  return { offered, latencies: latencies.slice(0, finishedInTime), outcomes: { ...outcomes }, unfinished: offered - finishedInTime, startedAt, firstEndedAt: firstEndedAt ?? endedAt, endedAt };
}

/**
 * The most a callee takes: `concurrency` callers, each calling again as soon as its call returns,
 * for `durationMs`. Answers completed calls per second and how many failed.
 */
export async function runClosedLoop(concurrency: number, durationMs: number, call: (index: number) => Promise<void>): Promise<{ perSecond: number; completed: number; failed: number }> {
  const startedAt = nowMs();
  const stopAt = startedAt + durationMs;
  let next = 0;
  let completed = 0;
  let failed = 0;
  const lane = async () => {
    while (nowMs() < stopAt) {
      try {
        await call(next++);
        completed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { perSecond: (completed * 1000) / (nowMs() - startedAt), completed, failed };
}
