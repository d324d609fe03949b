import type { InboxStore } from '../inbox/types';

export interface SettledCounts {
  delivered: number;
  closed: number;
  failed: number;
  /** Still pending when the wait ended. */
  pending: number;
  /** True when the wait ended because nothing settled for `stallMs`. */
  stalled: boolean;
  /** Of the rows still pending, how many the relay has tried (0: no ingress is delivering). */
  tried: number;
  lastError?: string;
}

export interface AwaitOptions {
  pollMs?: number;
  /** Stop waiting when no row settles for this long (no ingress running, or Temporal down). */
  stallMs?: number;
  progress?: (counts: SettledCounts, total: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until requeued rows leave `pending`: the relay of a running ingress takes them within a
 * second. Reads the rows, never Temporal: the inbox is where the outcome is recorded.
 */
export async function awaitSettled(inbox: InboxStore, ids: number[], options: AwaitOptions = {}): Promise<SettledCounts> {
  const { pollMs = 500, stallMs = 15_000, progress } = options;
  const open = new Set(ids);
  const counts: SettledCounts = { delivered: 0, closed: 0, failed: 0, pending: ids.length, stalled: false, tried: 0 };
  let lastChange = Date.now();
  while (open.size > 0) {
    let changed = false;
    counts.tried = 0;
    for (const id of [...open]) {
      const row = await inbox.get(id);
      if (row?.status === 'pending') {
        if (row.attempts > 0 || row.reason) counts.tried += 1;
        if (row.reason) counts.lastError = row.reason;
        continue;
      }
      open.delete(id);
      changed = true;
      // A row deleted meanwhile (retention) is counted as delivered: it had settled before it could be purged.
      if (row?.status === 'failed') counts.failed += 1;
      else if (row?.status === 'closed') counts.closed += 1;
      else counts.delivered += 1;
    }
    counts.pending = open.size;
    if (changed) {
      lastChange = Date.now();
      progress?.(counts, ids.length);
    }
    if (open.size === 0) break;
    if (Date.now() - lastChange >= stallMs) {
      counts.stalled = true;
      break;
    }
    await sleep(pollMs);
  }
  return counts;
}
