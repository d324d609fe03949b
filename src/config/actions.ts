import { z } from 'zod';
import { HttpNotifySpec, SlackNotifySpec } from '../../activities/notify/schemas';
import type { ActionPlan, TypePlan } from '../domain/actions';
import { isCyclic, Kind, Phase } from '../domain/phase';

/** Makes a finished resource playable through its provider (MK.IO: a streaming locator). */
export const PublishSpec = z.object({ type: z.literal('publish') });

/** Starts a team's own pipeline workflow, once per transition (deterministic workflow id). */
export const StartWorkflowSpec = z.object({
  type: z.literal('startWorkflow'),
  workflowType: z.string().min(1),
  /** Defaults to Reelflow's own task queue. */
  taskQueue: z.string().min(1).optional(),
});

/** Logs a warning and sends it to the named notify actions. */
export const AlertSpec = z.object({ type: z.literal('alert'), notify: z.array(z.string()).default([]) });

export const ActionSpec = z.discriminatedUnion('type', [PublishSpec, HttpNotifySpec, SlackNotifySpec, StartWorkflowSpec, AlertSpec]);
export type ActionSpec = z.infer<typeof ActionSpec>;

export const ActionName = z.string().regex(/^[a-z][a-z0-9._-]{0,62}$/, 'lowercase letters, digits, ".", "-" or "_"');

/** Usable without a definition; a definition of the same name replaces them. */
export const BUILT_IN_ACTIONS: Record<string, ActionSpec> = {
  publish: { type: 'publish' },
  alert: { type: 'alert', notify: [] },
};

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[]);

/** A platform's event type (`video.mediaAI.summary.ready`), or a prefix ending in `*` (`video.mediaAI.*`). */
const EventTypePattern = z.string().regex(/^[\x21-\x7E]{1,200}$/, 'an event type, or a prefix ending in *');

/**
 * `on:` entries of a connection: when a resource of these kinds reaches these phases, or gets an
 * event of these types (an AI summary on a ready media), run these actions.
 */
export const ActionRule = z
  .object({
    kind: oneOrMany(Kind).optional(),
    phase: oneOrMany(Phase).optional(),
    type: oneOrMany(EventTypePattern).optional(),
    run: z.array(ActionName).min(1),
  })
  .refine((rule) => rule.phase !== undefined || rule.type !== undefined, { message: 'needs a phase or a type to act on', path: ['phase'] });
export type ActionRule = z.infer<typeof ActionRule>;

/** Stalls and refused credentials always reach someone, unless a rule says otherwise. */
const DEFAULT_PLAN: ActionPlan = { stalled: ['alert'], 'needs-attention': ['alert'] };
/**
 * A live channel that fails (MK.IO's ChannelInstanceError) is not over: nothing else would tell
 * anyone, as a cyclic kind never stalls. So its failures alert too, unless a rule says otherwise.
 */
const CYCLIC_DEFAULT_PLAN: ActionPlan = { ...DEFAULT_PLAN, failed: ['alert'] };

export function actionPlanFor(rules: readonly ActionRule[], kind: Kind): ActionPlan {
  const plan: ActionPlan = {};
  for (const rule of rules) {
    if (rule.kind && !rule.kind.includes(kind)) continue;
    for (const phase of rule.phase ?? []) plan[phase] = [...new Set([...(plan[phase] ?? []), ...rule.run])];
  }
  const defaults = isCyclic(kind) ? CYCLIC_DEFAULT_PLAN : DEFAULT_PLAN;
  for (const [phase, names] of Object.entries(defaults) as [Phase, string[]][]) plan[phase] ??= names;
  return plan;
}

/** Which action names run on which event types, for one kind. */
export function typePlanFor(rules: readonly ActionRule[], kind: Kind): TypePlan {
  const plan: TypePlan = {};
  for (const rule of rules) {
    if (rule.kind && !rule.kind.includes(kind)) continue;
    for (const type of rule.type ?? []) plan[type] = [...new Set([...(plan[type] ?? []), ...rule.run])];
  }
  return plan;
}
