import type { Kind, ProviderPhase } from './vocabulary';

/**
 * How phases relate: zod-free, because the entity workflow needs these rules and every module a
 * workflow imports is evaluated again for each workflow the worker loads (and kept with it in the
 * workflow cache).
 */

/** One-shot kinds move forward through ranks and stop at a terminal phase; cyclic ones go round. */
const CYCLIC_KINDS: ReadonlySet<Kind> = new Set(['live', 'simulcast-target']);
export const isCyclic = (kind: Kind): boolean => CYCLIC_KINDS.has(kind);

/** Rank for one-shot kinds (see lifecyclePolicy.ts): an event ranked below the current phase is stale. */
const PHASE_RANK: Record<ProviderPhase, number> = {
  pending: 0,
  idle: 0,
  processing: 1,
  live: 1,
  ready: 2,
  failed: 2,
  canceled: 2,
  deleted: 3,
};
export const phaseRank = (phase: ProviderPhase): number => PHASE_RANK[phase];
