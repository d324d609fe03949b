import { z } from 'zod';
import { ATTENTION_PHASES, KINDS, PHASES, PROVIDER_PHASES } from './vocabulary';

/** Reelflow's own vocabulary for where a resource stands, whatever the provider calls it. */
export const ProviderPhase = z.enum(PROVIDER_PHASES);
export type ProviderPhase = z.infer<typeof ProviderPhase>;

/**
 * Reelflow's own conditions, never reported by a provider: `stalled` (no news within maxWait)
 * and `needs-attention` (the provider refuses our credentials). They overlay the provider
 * phase until the next real transition.
 */
export const AttentionPhase = z.enum(ATTENTION_PHASES);
export type AttentionPhase = z.infer<typeof AttentionPhase>;

export const Phase = z.enum(PHASES);
export type Phase = z.infer<typeof Phase>;

export const Kind = z.enum(KINDS);
export type Kind = z.infer<typeof Kind>;

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
