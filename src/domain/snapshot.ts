import type { ResourceKey } from './resourceKey';
import type { AttentionPhase, EventSource, Kind, Phase, ProviderPhase } from './vocabulary';

/**
 * A resource's state as its entity workflow shows it (the `state` query) and tells subscribers.
 * Plain types, zod-free: part of `reelflow/workflow` and `reelflow/client` (lifecycle.ts re-exports).
 */

export interface Transition {
  eventId: string;
  type: string;
  state: string;
  phase: Phase;
  previousState?: string;
  previousPhase?: Phase;
  occurredAt: string;
  receivedAt: string;
  via: EventSource;
  /** Set when the transition is of one aspect (a track, an AI summary), not of the resource's own state. */
  aspect?: string;
}

/** Where one aspect of a resource stands (FastPix `video.mediaAI.summary.ready`, Media Manager `published`). */
export interface AspectState {
  type: string;
  state: string;
  phase: ProviderPhase;
  occurredAt: string;
}

export interface StaleRecord {
  eventId: string;
  type: string;
  state: string;
  phase: Phase;
  occurredAt: string;
  via: EventSource;
  reason: 'terminal' | 'older-phase' | 'older-time';
  aspect?: string;
}

/** One downstream action run for one transition, as the `state` query shows it. */
export interface ActionRecord {
  idempotencyKey: string;
  name: string;
  eventId: string;
  status: 'running' | 'succeeded' | 'failed';
  detail?: string;
}

/** What the `state` query answers. */
export interface ResourceSnapshot {
  key: ResourceKey;
  provider: string;
  account: string;
  kind: Kind;
  id: string;
  state?: string;
  /** What operators see: the attention phase when there is one, else the provider's phase. */
  phase?: Phase;
  /** The provider's own phase, which orders events; `phase` may overlay it with an attention phase. */
  providerPhase?: ProviderPhase;
  attention?: { phase: AttentionPhase; reason: string; since: string };
  terminal: boolean;
  lastOccurredAt?: string;
  transitions: Transition[];
  stale: StaleRecord[];
  counts: { events: number; transitions: number; duplicates: number; stale: number; unchanged: number; polls: number };
  actions: ActionRecord[];
  /** Workflow ids of pipelines awaiting this resource; each gets the snapshot on every change. */
  subscribers: string[];
  /** Grows on every change; subscribers keep the highest, whatever order signals arrive in. */
  revision: number;
  /** The provider's latest full resource (e.g. an MK.IO job with its outputs). */
  resource?: unknown;
  /** Resources linked to this one (a live stream's recordings, a recording's live stream). */
  related?: ResourceKey[];
  /** The latest state of each aspect that reported one. */
  aspects?: Record<string, AspectState>;
}
