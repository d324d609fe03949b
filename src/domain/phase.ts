import { z } from 'zod';

/** Reelflow's own vocabulary for where a resource stands, whatever the provider calls it. */
export const Phase = z.enum(['pending', 'processing', 'ready', 'failed', 'canceled', 'live', 'idle', 'deleted']);
export type Phase = z.infer<typeof Phase>;

export const Kind = z.enum(['job', 'media', 'live', 'locator', 'scheduled-operation', 'track', 'simulcast-target']);
export type Kind = z.infer<typeof Kind>;

/** One-shot kinds move forward through ranks and stop at a terminal phase; cyclic ones go round. */
const CYCLIC_KINDS: ReadonlySet<Kind> = new Set(['live', 'simulcast-target']);
export const isCyclic = (kind: Kind): boolean => CYCLIC_KINDS.has(kind);

/** Rank for one-shot kinds: an event ranked below the current phase is stale. */
const PHASE_RANK: Record<Phase, number> = {
  pending: 0,
  idle: 0,
  processing: 1,
  live: 1,
  ready: 2,
  failed: 2,
  canceled: 2,
  deleted: 3,
};
export const phaseRank = (phase: Phase): number => PHASE_RANK[phase];

const TERMINAL: ReadonlySet<Phase> = new Set(['ready', 'failed', 'canceled', 'deleted']);
/** Terminal only means something for one-shot kinds: a live event goes live again after idle. */
export const isTerminal = (kind: Kind, phase: Phase): boolean => !isCyclic(kind) && TERMINAL.has(phase);
