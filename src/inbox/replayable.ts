import type { Delivery, DeliveryFilter, DeliveryStatus, InboxStore } from './types';

/**
 * What a replay may touch, shared by the management API and the CLI. A replay sets rows back to
 * `pending` (store.requeue); the relay then sends them through the one delivery path. Only rows
 * that carry an event and are settled can go back: ignored and rejected rows have no event, and
 * a pending row is already on its way.
 */
export const REPLAYABLE_STATUSES: readonly DeliveryStatus[] = ['delivered', 'closed', 'failed'];

/** Why this row cannot be replayed, or undefined when it can. */
export function replayRefusal(row: Delivery): string | undefined {
  if (row.status === 'pending') return `delivery ${row.id} is already pending: the relay is sending it (attempt ${row.attempts})`;
  if (!REPLAYABLE_STATUSES.includes(row.status) || !row.event) {
    return `delivery ${row.id} is ${row.status} and has no event to replay${row.reason ? ` (${row.reason})` : ''}`;
  }
  return undefined;
}

/** Rows read per page while looking for replayable ones. */
const SCAN_PAGE = 1000;

export interface ReplayableMatch {
  /** Replayable rows matching the filter (counted up to `scanLimit`). */
  matched: number;
  /** The oldest `cap` of them, ascending. */
  ids: number[];
  /** True when the scan stopped at `scanLimit`: more may match. */
  truncated: boolean;
}

/** Finds the replayable rows a filter matches, oldest first; pages through the listing (which carries no bodies). */
export async function findReplayable(store: InboxStore, filter: DeliveryFilter, cap: number, scanLimit = 1_000_000): Promise<ReplayableMatch> {
  if (filter.status && !REPLAYABLE_STATUSES.includes(filter.status)) return { matched: 0, ids: [], truncated: false };
  const found: number[] = [];
  let before: number | undefined;
  let scanned = 0;
  do {
    const page = await store.list(filter, { limit: SCAN_PAGE, before });
    for (const row of page.items) if (REPLAYABLE_STATUSES.includes(row.status)) found.push(row.id);
    scanned += page.items.length;
    before = page.next;
  } while (before !== undefined && scanned < scanLimit);
  // The listing is newest first; a replay goes oldest first, as the events happened.
  found.sort((a, b) => a - b);
  return { matched: found.length, ids: found.slice(0, cap), truncated: before !== undefined };
}

/** Requeues in small batches (bounded SQL, and a progress report between them); answers the ids requeued. */
export async function requeueIds(store: InboxStore, ids: number[], progress?: (done: number, total: number) => void, batch = 500): Promise<number[]> {
  const requeued: number[] = [];
  for (let at = 0; at < ids.length; at += batch) {
    const chunk = ids.slice(at, at + batch);
    requeued.push(...(await store.requeue({ ids: chunk }, Date.now(), chunk.length)));
    progress?.(Math.min(at + batch, ids.length), ids.length);
  }
  return requeued;
}
