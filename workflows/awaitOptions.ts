import { msToNumber } from '@temporalio/common/lib/time';
import { PHASES } from '../src/domain/vocabulary';

/**
 * What is wrong with awaitResource's options, as `<option>: <why>`; undefined when they hold.
 * Zod-free (it runs in teams' workflow bundles) and shared by awaitResource and the Nexus
 * handler: a bad option must fail the caller at once, not a workflow task forever.
 */
export function awaitOptionsProblem(options: { connection?: unknown; until?: unknown; timeout?: unknown }): string | undefined {
  if (typeof options.connection !== 'string' || options.connection === '') return "connection: required, a connection name from Reelflow's config";
  const { until, timeout } = options;
  if (until !== undefined && until !== 'terminal' && typeof until !== 'function') {
    const known = (phase: unknown) => (PHASES as readonly unknown[]).includes(phase);
    if (!Array.isArray(until) || until.length === 0 || !until.every(known)) {
      return `until: "terminal", a non-empty list of phases (${PHASES.join(', ')}) or a predicate; got ${JSON.stringify(until) ?? typeof until}`;
    }
  }
  if (timeout === undefined) return 'timeout: required, e.g. "6 hours" (a wait without one never ends)';
  // Temporal's own parser: what it accepts here it accepts when the subscription is scheduled.
  let ms: number;
  try {
    ms = msToNumber(timeout as never);
  } catch {
    ms = NaN;
  }
  if (!Number.isFinite(ms) || ms <= 0) return `timeout: a positive duration ("30 seconds", "5m" or milliseconds); got ${JSON.stringify(timeout) ?? typeof timeout}`;
  return undefined;
}
