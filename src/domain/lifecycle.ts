import type { CanonicalEvent, EventSource } from './canonicalEvent';
import { isCyclic, isTerminal, phaseRank, type AttentionPhase, type Kind, type Phase, type ProviderPhase } from './phase';
import { parseResourceKey, type ResourceKey } from './resourceKey';

/**
 * The rules of one resource's life, with no Temporal in sight: the entity workflow only
 * wires signals and queries to this class, so every rule is unit-testable as plain code.
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
}

export interface StaleRecord {
  eventId: string;
  type: string;
  state: string;
  phase: Phase;
  occurredAt: string;
  via: EventSource;
  reason: 'terminal' | 'older-phase' | 'older-time';
}

/** One downstream action run for one transition, as the `state` query shows it. */
export interface ActionRecord {
  idempotencyKey: string;
  name: string;
  eventId: string;
  status: 'running' | 'succeeded' | 'failed';
  detail?: string;
}

export type ApplyOutcome = 'transition' | 'duplicate' | 'stale' | 'unchanged';

export interface ApplyResult {
  outcome: ApplyOutcome;
  transition?: Transition;
  stale?: StaleRecord;
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
}

/** What crosses continue-as-new: the snapshot plus the recent event ids that dedupe relies on. */
export interface LifecycleCarry {
  snapshot: ResourceSnapshot;
  seenEventIds: string[];
}

export const LIMITS = { seenEventIds: 1000, transitions: 200, stale: 50, actions: 100, subscribers: 100 } as const;

/** JSON clone: everything here is plain data, and the workflow sandbox needs nothing fancier. */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function pushBounded<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
}

export class ResourceLifecycle {
  private readonly snap: ResourceSnapshot;
  private readonly seenOrder: string[];
  private readonly seen: Set<string>;

  private constructor(carry: LifecycleCarry) {
    // Carries from before wait-or-poll lack the newer fields.
    const old = carry.snapshot;
    this.snap = {
      ...old,
      actions: old.actions ?? [],
      subscribers: old.subscribers ?? [],
      revision: old.revision ?? 0,
      counts: { ...old.counts, polls: old.counts.polls ?? 0 },
    };
    this.snap.providerPhase ??= this.snap.phase as ProviderPhase | undefined;
    this.seenOrder = [...carry.seenEventIds];
    this.seen = new Set(this.seenOrder);
  }

  static create(key: ResourceKey): ResourceLifecycle {
    const ref = parseResourceKey(key);
    return new ResourceLifecycle({
      snapshot: {
        key,
        ...ref,
        terminal: false,
        transitions: [],
        stale: [],
        counts: { events: 0, transitions: 0, duplicates: 0, stale: 0, unchanged: 0, polls: 0 },
        actions: [],
        subscribers: [],
        revision: 0,
      },
      seenEventIds: [],
    });
  }

  static restore(carry: LifecycleCarry): ResourceLifecycle {
    return new ResourceLifecycle(clone(carry));
  }

  get phase(): Phase | undefined {
    return this.snap.phase;
  }

  get attention(): AttentionPhase | undefined {
    return this.snap.attention?.phase;
  }

  get subscribers(): readonly string[] {
    return this.snap.subscribers;
  }

  get terminal(): boolean {
    return this.snap.terminal;
  }

  snapshot(): ResourceSnapshot {
    return clone(this.snap);
  }

  /** The live state, read-only, without a copy: for the workflow's own reads on every event. */
  get view(): Readonly<ResourceSnapshot> {
    return this.snap;
  }

  carry(): LifecycleCarry {
    return { snapshot: this.snapshot(), seenEventIds: [...this.seenOrder] };
  }

  apply(event: CanonicalEvent): ApplyResult {
    if (event.key !== this.snap.key) throw new Error(`event for ${event.key} sent to ${this.snap.key}`);
    this.snap.counts.events += 1;
    if (this.seen.has(event.eventId)) {
      this.snap.counts.duplicates += 1;
      return { outcome: 'duplicate' };
    }
    this.remember(event.eventId);

    const verdict = this.judge(event);
    if (verdict === 'unchanged') {
      this.snap.counts.unchanged += 1;
      return { outcome: 'unchanged' };
    }
    if (verdict !== 'transition') {
      const stale: StaleRecord = {
        eventId: event.eventId,
        type: event.type,
        state: event.state,
        phase: event.phase,
        occurredAt: event.occurredAt,
        via: event.via,
        reason: verdict,
      };
      this.snap.counts.stale += 1;
      pushBounded(this.snap.stale, stale, LIMITS.stale);
      return { outcome: 'stale', stale };
    }

    const transition: Transition = {
      eventId: event.eventId,
      type: event.type,
      state: event.state,
      phase: event.phase,
      previousState: this.snap.state,
      previousPhase: this.snap.phase,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      via: event.via,
    };
    this.snap.state = event.state;
    this.snap.phase = event.phase;
    this.snap.providerPhase = event.phase;
    delete this.snap.attention; // real news ends a stall
    this.snap.terminal = isTerminal(this.snap.kind, event.phase);
    this.snap.lastOccurredAt = event.occurredAt;
    if (event.resource !== undefined) this.snap.resource = event.resource;
    this.snap.counts.transitions += 1;
    this.snap.revision += 1;
    pushBounded(this.snap.transitions, transition, LIMITS.transitions);
    return { outcome: 'transition', transition };
  }

  /** Counts a poll of the provider's API (its result, if new, arrives through apply). */
  notePoll(): number {
    this.snap.counts.polls += 1;
    return this.snap.counts.polls;
  }

  /**
   * Overlays stalled / needs-attention until the next real transition. Returns the transition
   * that actions see, or undefined if that attention phase is already set.
   */
  markAttention(phase: AttentionPhase, reason: string, at: string): Transition | undefined {
    if (this.snap.attention?.phase === phase || this.snap.terminal) return undefined;
    const transition: Transition = {
      eventId: `${phase}:${this.snap.counts.events}:${this.snap.counts.polls}`,
      type: `reelflow.${phase}`,
      state: this.snap.state ?? 'unknown',
      phase,
      previousState: this.snap.state,
      previousPhase: this.snap.phase,
      occurredAt: at,
      receivedAt: at,
      via: 'poll',
    };
    this.snap.attention = { phase, reason, since: at };
    this.snap.phase = phase;
    this.snap.revision += 1;
    pushBounded(this.snap.transitions, transition, LIMITS.transitions);
    return transition;
  }

  recordAction(record: ActionRecord): void {
    const existing = this.snap.actions.find((a) => a.idempotencyKey === record.idempotencyKey);
    if (existing) Object.assign(existing, record);
    else pushBounded(this.snap.actions, record, LIMITS.actions);
  }

  subscribe(workflowId: string): void {
    if (!this.snap.subscribers.includes(workflowId)) pushBounded(this.snap.subscribers, workflowId, LIMITS.subscribers);
  }

  /** A subscriber that cannot be reached any more (it finished) is dropped. */
  unsubscribe(workflowId: string): void {
    this.snap.subscribers = this.snap.subscribers.filter((id) => id !== workflowId);
  }

  private remember(eventId: string): void {
    this.seen.add(eventId);
    this.seenOrder.push(eventId);
    if (this.seenOrder.length > LIMITS.seenEventIds) {
      for (const old of this.seenOrder.splice(0, this.seenOrder.length - LIMITS.seenEventIds)) this.seen.delete(old);
    }
  }

  private judge(event: CanonicalEvent): 'transition' | 'unchanged' | StaleRecord['reason'] {
    const { providerPhase: current, state: currentState, lastOccurredAt } = this.snap;
    if (current === undefined) return 'transition';
    const older = lastOccurredAt !== undefined && Date.parse(event.occurredAt) < Date.parse(lastOccurredAt);

    if (isCyclic(this.snap.kind)) {
      // Live things go round (idle → live → idle): only time orders them; ties go to the later arrival.
      if (older) return 'older-time';
      return event.state === currentState && event.phase === current && !this.snap.attention ? 'unchanged' : 'transition';
    }

    const rank = phaseRank(event.phase);
    const currentRank = phaseRank(current);
    if (this.snap.terminal) {
      // Terminal is sticky; only a higher rank (deleted after ready) moves it on.
      if (rank > currentRank) return 'transition';
      return event.state === currentState ? 'unchanged' : 'terminal';
    }
    if (rank < currentRank) return 'older-phase';
    if (rank > currentRank) return 'transition';
    // A webhook repeating the state still proves the resource alive: it ends a stall.
    if (event.state === currentState) return this.snap.attention && event.via === 'webhook' ? 'transition' : 'unchanged';
    // Same phase, different word (Queued → Scheduled): the newer report wins.
    return older ? 'older-time' : 'transition';
  }
}
