import { resourceKey, type ResourceKey } from '../../domain/resourceKey';
import type { DeliveryReconciler, LostDeliveries } from '../types';
import type { MkioConnection } from './connection';
import { isLostMkioDelivery, readMkioDeliveries, type MkioDeliveryRecord } from './deliveryHistory';
import { DEFAULT_RECONCILE } from './reconcileConfig';
import { mkioResourceOf, parseMkioSource } from './source';

/** The resource a delivery was about, in this connection's project; undefined when its source names nothing Reelflow tracks. */
function keyOf(record: MkioDeliveryRecord, project: string): ResourceKey | undefined {
  let ref;
  try {
    ref = parseMkioSource(record.source);
  } catch {
    return undefined; // a source whose project segment is not an MK.IO name
  }
  if (!ref || (ref.project !== undefined && ref.project !== project)) return undefined;
  const { kind, id } = mkioResourceOf(ref);
  return resourceKey({ provider: 'mkio', account: project, kind, id });
}

/**
 * The lost deliveries among a history: Failed or Retrying, created within `lookbackMs` of `now`,
 * one key per resource. A record whose time does not parse cannot be placed: it counts as unmapped.
 */
export function lostMkioDeliveries(records: readonly MkioDeliveryRecord[], project: string, now: Date, lookbackMs: number): Omit<LostDeliveries, 'records'> {
  const keys = new Set<ResourceKey>();
  let failed = 0;
  let unmapped = 0;
  for (const record of records) {
    if (!isLostMkioDelivery(record.status)) continue;
    const created = Date.parse(record.created);
    if (!Number.isNaN(created) && now.getTime() - created > lookbackMs) continue;
    failed++;
    const key = Number.isNaN(created) ? undefined : keyOf(record, project);
    if (key) keys.add(key);
    else unmapped++;
  }
  return { keys: [...keys], failed, unmapped };
}

/** MK.IO keeps each rule's delivery history (`GET .../webhook/rules/{name}/events`): one GET finds what was lost. */
export const mkioReconciler: DeliveryReconciler<MkioConnection> = {
  plan: (connection) => {
    if (connection.reconcile === false || !connection.apiToken || !connection.project) return undefined;
    return connection.reconcile ?? DEFAULT_RECONCILE;
  },
  async lostDeliveries(connection, { now, fetch }) {
    const plan = mkioReconciler.plan(connection) ?? DEFAULT_RECONCILE;
    const { records, skipped } = await readMkioDeliveries(connection, fetch);
    return { records: records.length + skipped, ...lostMkioDeliveries(records, connection.project!, now, plan.lookbackMs) };
  },
};
