import { z } from 'zod';
import { PositiveDuration } from '../../config/duration';
import type { ReconcilePlan } from '../types';

/**
 * The floor of `reconcile.every`. Each period costs one GET (the rule's `/events`), through the
 * MK.IO poll queue: at 1 s that is 60 GETs a minute, 3 % of MK.IO's 2,000 a minute per project.
 */
export const MIN_RECONCILE_EVERY_MS = 1000;

export const DEFAULT_RECONCILE: ReconcilePlan = { everyMs: 5 * 60_000, lookbackMs: 60 * 60_000 };

const Tuning = z
  .strictObject({
    /** How often the schedule reads the rule's `/events`. */
    every: PositiveDuration.refine((ms) => ms >= MIN_RECONCILE_EVERY_MS, `at least ${MIN_RECONCILE_EVERY_MS / 1000} s (one GET per period)`).optional(),
    /** A lost delivery older than this is left to ordinary polling (it also covers a Reelflow outage). */
    lookback: PositiveDuration.optional(),
  })
  .transform(({ every, lookback }): ReconcilePlan => ({ everyMs: every ?? DEFAULT_RECONCILE.everyMs, lookbackMs: lookback ?? DEFAULT_RECONCILE.lookbackMs }))
  .refine((plan) => plan.lookbackMs >= plan.everyMs, { message: 'must be at least `every` (or a delivery lost between two reads is never seen)', path: ['lookback'] });

/**
 * `reconcile:` on an MK.IO connection: `false` turns it off; absent or `{}` reads the rule's
 * delivery history every 5 minutes and acts on Failed/Retrying deliveries of the last hour.
 * (Not a zod union: a wrong `every` would then be reported as "Invalid input", not by its field.)
 */
export const MkioReconcile = z.unknown().transform((value, ctx): false | ReconcilePlan => {
  if (value === false) return false;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: '`false` turns it off; to tune it, { every, lookback }' });
    return z.NEVER;
  }
  const tuning = Tuning.safeParse(value);
  if (tuning.success) return tuning.data;
  for (const issue of tuning.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});
export type MkioReconcile = z.infer<typeof MkioReconcile>;
