import { isCyclic } from './phaseRules';
import type { Kind, ProviderPhase } from './vocabulary';

/**
 * How one kind of resource lives (docs/architecture.md#phases-and-lifecycle-policies): what ends it, how its events are ordered, whether a
 * long silence is a problem, and how ids made from the body dedupe. Plain data: it travels in the
 * entity workflow's input and is read afresh at every continue-as-new.
 */
export interface LifecyclePolicy {
  /** `rank`: an event of a lower-ranked phase is stale (one-shot kinds). `time`: the later occurrence wins (cyclic kinds). */
  ordering: 'rank' | 'time';
  /** Phases that end the resource: its workflow lingers, then completes. */
  terminal: ProviderPhase[];
  /** A job silent for maxWait is stalled (alert); a live stream idle for a week is just idle. */
  stalls: boolean;
  /**
   * An id made from the body (Kinescope sends none) is a duplicate if seen anywhere in the
   * remembered `history`, or only if it equals the `latest` accepted one: a second
   * `live.connected` after a `live.disconnected` is news, not a retry.
   */
  contentIds: 'history' | 'latest';
  /** A deletion the platform can undo this long (Media Manager: 14 days) is terminal only once that has passed. */
  undoableDeleteMs?: number;
  /**
   * A poll that finds the phase unchanged but words it differently (FastPix's API says `active`
   * where its webhook said `video.live_stream.recording`) is `unchanged`: polls confirm, webhooks
   * tell. `transition` is how workflows started before this rule judged it.
   */
  samePhasePoll: 'unchanged' | 'transition';
}

/** What a platform may change of its kinds' policy. */
export type LifecyclePolicyOverride = Partial<Pick<LifecyclePolicy, 'stalls' | 'undoableDeleteMs' | 'contentIds'>>;

const ONE_SHOT: LifecyclePolicy = {
  ordering: 'rank',
  terminal: ['ready', 'failed', 'canceled', 'deleted'],
  stalls: true,
  contentIds: 'history',
  samePhasePoll: 'unchanged',
};
/** Live things go round (idle → live → idle) until they are deleted. */
const CYCLIC: LifecyclePolicy = { ordering: 'time', terminal: ['deleted'], stalls: false, contentIds: 'latest', samePhasePoll: 'unchanged' };

export function lifecyclePolicy(kind: Kind, override: LifecyclePolicyOverride = {}): LifecyclePolicy {
  const base = isCyclic(kind) ? CYCLIC : ONE_SHOT;
  return { ...base, terminal: [...base.terminal], ...override };
}

/** Workflows started before policies existed carry none: they get their kind's default, judged as they were then. */
export const policyOrDefault = (kind: Kind, policy: LifecyclePolicy | undefined): LifecyclePolicy => policy ?? { ...lifecyclePolicy(kind), samePhasePoll: 'transition' };

/** Terminal now: a deletion that can still be undone is not, yet. */
export function endsLife(policy: LifecyclePolicy, phase: ProviderPhase): boolean {
  if (phase === 'deleted' && policy.undoableDeleteMs !== undefined) return false;
  return policy.terminal.includes(phase);
}
