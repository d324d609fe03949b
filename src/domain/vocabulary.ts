/**
 * Reelflow's words as plain constants: the one source of truth for kinds, phases and event
 * sources. Zod-free on purpose: `reelflow/workflow` (teams' workflow code) depends on them,
 * while phase.ts and canonicalEvent.ts build their zod enums from the same lists.
 */

/** Where a resource stands, whatever the provider calls it. */
export const PROVIDER_PHASES = ['pending', 'processing', 'ready', 'failed', 'canceled', 'live', 'idle', 'deleted'] as const;
export type ProviderPhase = (typeof PROVIDER_PHASES)[number];

/** Reelflow's own conditions, never reported by a provider (see phase.ts). */
export const ATTENTION_PHASES = ['stalled', 'needs-attention'] as const;
export type AttentionPhase = (typeof ATTENTION_PHASES)[number];

export const PHASES = [...PROVIDER_PHASES, ...ATTENTION_PHASES] as const;
export type Phase = (typeof PHASES)[number];

export const KINDS = ['job', 'media', 'live', 'locator', 'scheduled-operation', 'track', 'simulcast-target'] as const;
export type Kind = (typeof KINDS)[number];

/** Where a state came from: a webhook, a poll, or a poll asked by reconcile (see canonicalEvent.ts). */
export const EVENT_SOURCES = ['webhook', 'poll', 'reconcile'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/** A state Reelflow read from the provider's API itself (a poll, whatever asked for it). */
export const readFromApi = (via: EventSource): boolean => via !== 'webhook';

export const isKind = (word: unknown): word is Kind => (KINDS as readonly unknown[]).includes(word);
