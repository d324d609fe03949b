import type { Transition } from './lifecycle';
import type { Kind, Phase } from './phase';
import type { ResourceKey } from './resourceKey';

/** Everything an action knows about the transition that triggered it. No secrets: this travels in history. */
export interface ActionContext {
  /** `<workflowId>:<transition eventId>:<action name>`: a repeated activity sends the same key. */
  idempotencyKey: string;
  actionName: string;
  workflowId: string;
  key: ResourceKey;
  provider: string;
  connection: string;
  account: string;
  kind: Kind;
  id: string;
  transition: Transition;
  /** The provider's latest full resource, when known (an MK.IO job with its outputs). */
  resource?: unknown;
}

/** Which action names run when a resource reaches a phase: what the entity workflow carries (names only, no secrets). */
export type ActionPlan = Partial<Record<Phase, string[]>>;
/** Which action names run on an event type, or on a type prefix ending in `*`. */
export type TypePlan = Record<string, string[]>;

const typeMatches = (pattern: string, type: string) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type);

/**
 * The actions one transition runs: its phase's, when the resource's own phase changed (a live
 * stream going from `recording` to `active` is still live: nothing new to act on), and those of
 * its event type, whatever moved.
 */
export function actionsFor(transition: Transition, plan: ActionPlan = {}, typePlan: TypePlan = {}, onPhaseChangeOnly = true): string[] {
  const phaseMoved = transition.aspect === undefined && (!onPhaseChangeOnly || transition.phase !== transition.previousPhase);
  const byPhase = phaseMoved ? (plan[transition.phase] ?? []) : [];
  const byType = Object.entries(typePlan).flatMap(([pattern, names]) => (typeMatches(pattern, transition.type) ? names : []));
  return [...new Set([...byPhase, ...byType])];
}

export const idempotencyKey = (workflowId: string, eventId: string, actionName: string): string => `${workflowId}:${eventId}:${actionName}`;

/** The JSON body Reelflow sends to notify receivers: stable, documented, small. */
export interface TransitionSummary {
  type: 'reelflow.resource.transition';
  key: ResourceKey;
  provider: string;
  account: string;
  kind: Kind;
  id: string;
  state: string;
  phase: Phase;
  previousState?: string;
  previousPhase?: Phase;
  via: Transition['via'];
  eventId: string;
  occurredAt: string;
  /** Output errors of a failed job, when the provider gave any. */
  errors?: Array<{ code?: string; message?: string }>;
}

export function transitionSummary(ctx: ActionContext, errors?: TransitionSummary['errors']): TransitionSummary {
  const t = ctx.transition;
  return {
    type: 'reelflow.resource.transition',
    key: ctx.key,
    provider: ctx.provider,
    account: ctx.account,
    kind: ctx.kind,
    id: ctx.id,
    state: t.state,
    phase: t.phase,
    previousState: t.previousState,
    previousPhase: t.previousPhase,
    via: t.via,
    eventId: t.eventId,
    occurredAt: t.occurredAt,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
