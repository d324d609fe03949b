import type { CanonicalEvent } from './canonicalEvent';
import { endsLife, policyOrDefault, type LifecyclePolicy } from './lifecyclePolicy';
import type { AttentionPhase, Phase, ProviderPhase } from './phase';
import { phaseRank } from './phaseRules';
import { readFromApi } from './vocabulary';
import { parseResourceKey, type ResourceKey } from './resourceKey';
import type { ActionRecord, AspectState, ResourceSnapshot, StaleRecord, Transition } from './snapshot';

/**
 * The rules of one resource's life, with no Temporal in sight: the entity workflow only
 * wires signals and queries to this class, so every rule is unit-testable as plain code.
 */

export type { ActionRecord, AspectState, ResourceSnapshot, StaleRecord, Transition };

export type ApplyOutcome = 'transition' | 'duplicate' | 'stale' | 'unchanged';

export interface ApplyResult {
  outcome: ApplyOutcome;
  transition?: Transition;
  stale?: StaleRecord;
}

/** What crosses continue-as-new: the snapshot plus the recent event ids that dedupe relies on. */
export interface LifecycleCarry {
  snapshot: ResourceSnapshot;
  seenEventIds: string[];
  /** The latest accepted id made from a body (policy `contentIds: latest`). */
  latestContentId?: string;
}

export const LIMITS = { seenEventIds: 1000, transitions: 200, stale: 50, actions: 100, subscribers: 100, related: 100, aspects: 100 } as const;

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
  private latestContentId: string | undefined;

  private constructor(
    carry: LifecycleCarry,
    private readonly policy: LifecyclePolicy,
  ) {
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
    this.latestContentId = carry.latestContentId;
  }

  /** Without a policy, the kind's default (workflows started before policies existed). */
  static create(key: ResourceKey, policy?: LifecyclePolicy): ResourceLifecycle {
    const ref = parseResourceKey(key);
    return new ResourceLifecycle(
      {
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
      },
      policyOrDefault(ref.kind, policy),
    );
  }

  static restore(carry: LifecycleCarry, policy?: LifecyclePolicy): ResourceLifecycle {
    return new ResourceLifecycle(clone(carry), policyOrDefault(carry.snapshot.kind, policy));
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
    return { snapshot: this.snapshot(), seenEventIds: [...this.seenOrder], ...(this.latestContentId ? { latestContentId: this.latestContentId } : {}) };
  }

  /** A deletion the platform could still undo, waiting for its window to pass (see seal). */
  get deletionPending(): boolean {
    return this.snap.providerPhase === 'deleted' && !this.snap.terminal;
  }

  apply(event: CanonicalEvent): ApplyResult {
    if (event.key !== this.snap.key) throw new Error(`event for ${event.key} sent to ${this.snap.key}`);
    this.snap.counts.events += 1;
    if (this.isDuplicate(event)) {
      this.snap.counts.duplicates += 1;
      return { outcome: 'duplicate' };
    }
    this.remember(event);
    this.link(event.related ?? []);
    if (event.aspect !== undefined) return this.applyAspect(event, event.aspect);

    const verdict = this.judge(event);
    if (verdict === 'unchanged') {
      this.snap.counts.unchanged += 1;
      return { outcome: 'unchanged' };
    }
    if (verdict !== 'transition') return this.recordStale(event, verdict);

    const transition = this.recordTransition(event, this.snap.state, this.snap.phase);
    this.snap.state = event.state;
    this.snap.phase = event.phase;
    this.snap.providerPhase = event.phase;
    delete this.snap.attention; // real news ends a stall
    this.snap.terminal = endsLife(this.policy, event.phase);
    this.snap.lastOccurredAt = event.occurredAt;
    if (event.resource !== undefined) this.snap.resource = event.resource;
    return { outcome: 'transition', transition };
  }

  /** The undo window of a deletion has passed: now it is final. */
  seal(): void {
    if (!this.deletionPending) return;
    this.snap.terminal = true;
    this.snap.revision += 1;
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

  private isDuplicate(event: CanonicalEvent): boolean {
    if (event.eventIdSource === 'content-hash' && this.policy.contentIds === 'latest') return event.eventId === this.latestContentId;
    return this.seen.has(event.eventId);
  }

  private remember({ eventId, eventIdSource }: CanonicalEvent): void {
    if (eventIdSource === 'content-hash') this.latestContentId = eventId;
    if (this.seen.has(eventId)) return; // a genuine repeat of a body: already remembered
    this.seen.add(eventId);
    this.seenOrder.push(eventId);
    if (this.seenOrder.length > LIMITS.seenEventIds) {
      for (const old of this.seenOrder.splice(0, this.seenOrder.length - LIMITS.seenEventIds)) this.seen.delete(old);
    }
  }

  /** Links survive whatever the event's verdict: a late recording event still names its live stream. */
  private link(keys: readonly ResourceKey[]): void {
    const fresh = keys.filter((key) => key !== this.snap.key && !this.snap.related?.includes(key));
    if (fresh.length === 0) return;
    this.snap.related = [...(this.snap.related ?? []), ...fresh].slice(-LIMITS.related);
    this.snap.revision += 1;
  }

  /** An aspect moves on with every report that is not older than its last one; the resource's own state stays. */
  private applyAspect(event: CanonicalEvent, aspect: string): ApplyResult {
    const known = this.snap.aspects?.[aspect];
    if (known && Date.parse(event.occurredAt) < Date.parse(known.occurredAt)) return this.recordStale(event, 'older-time');
    const aspects = { ...this.snap.aspects, [aspect]: { type: event.type, state: event.state, phase: event.phase, occurredAt: event.occurredAt } };
    const names = Object.keys(aspects);
    if (names.length > LIMITS.aspects) delete aspects[names[0]!];
    this.snap.aspects = aspects;
    return { outcome: 'transition', transition: this.recordTransition(event, known?.state, known?.phase) };
  }

  private recordTransition(event: CanonicalEvent, previousState: string | undefined, previousPhase: Phase | undefined): Transition {
    const transition: Transition = {
      eventId: event.eventId,
      type: event.type,
      state: event.state,
      phase: event.phase,
      previousState,
      previousPhase,
      occurredAt: event.occurredAt,
      receivedAt: event.receivedAt,
      via: event.via,
      ...(event.aspect !== undefined ? { aspect: event.aspect } : {}),
    };
    this.snap.counts.transitions += 1;
    this.snap.revision += 1;
    pushBounded(this.snap.transitions, transition, LIMITS.transitions);
    return transition;
  }

  private recordStale(event: CanonicalEvent, reason: StaleRecord['reason']): ApplyResult {
    const stale: StaleRecord = {
      eventId: event.eventId,
      type: event.type,
      state: event.state,
      phase: event.phase,
      occurredAt: event.occurredAt,
      via: event.via,
      reason,
      ...(event.aspect !== undefined ? { aspect: event.aspect } : {}),
    };
    this.snap.counts.stale += 1;
    pushBounded(this.snap.stale, stale, LIMITS.stale);
    return { outcome: 'stale', stale };
  }

  private judge(event: CanonicalEvent): 'transition' | 'unchanged' | StaleRecord['reason'] {
    const { providerPhase: current, state: currentState, lastOccurredAt } = this.snap;
    if (current === undefined) return 'transition';
    const older = lastOccurredAt !== undefined && Date.parse(event.occurredAt) < Date.parse(lastOccurredAt);
    const ranked = this.policy.ordering === 'rank';

    // Within its undo window a deletion gives way to any newer report (Media Manager's media.restored).
    if (this.deletionPending) return older ? 'older-time' : event.state === currentState ? 'unchanged' : 'transition';
    if (this.snap.terminal) {
      // Terminal is sticky; for ranked kinds a higher rank (deleted after ready) still moves it on.
      if (ranked && phaseRank(event.phase) > phaseRank(current)) return 'transition';
      return event.state === currentState ? 'unchanged' : 'terminal';
    }
    if (readFromApi(event.via) && event.phase === current && this.policy.samePhasePoll === 'unchanged') return 'unchanged';
    if (!ranked) {
      // Live things go round (idle → live → idle): only time orders them; ties go to the later arrival.
      if (older) return 'older-time';
      return event.state === currentState && event.phase === current && !this.snap.attention ? 'unchanged' : 'transition';
    }
    const rank = phaseRank(event.phase);
    const currentRank = phaseRank(current);
    if (rank < currentRank) return 'older-phase';
    if (rank > currentRank) return 'transition';
    // A webhook repeating the state still proves the resource alive: it ends a stall.
    if (event.state === currentState) return this.snap.attention && event.via === 'webhook' ? 'transition' : 'unchanged';
    // Same phase, different word (Queued → Scheduled): the newer report wins.
    return older ? 'older-time' : 'transition';
  }
}
