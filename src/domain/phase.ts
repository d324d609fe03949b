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

/** The rules about phases are zod-free (the entity workflow imports them): see phaseRules.ts. */
export { isCyclic, phaseRank } from './phaseRules';
