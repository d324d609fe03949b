import type { Duration } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { parseResourceKey, type ResourceKey } from '../src/domain/resourceKey';
import type { Phase } from '../src/domain/vocabulary';
import { awaitOptionsProblem } from './awaitOptions';
import { AWAIT_FAILURES, DEFAULT_TASK_QUEUE, resourceUpdateSignal, type ResourceStatus, type SubscribeActivities } from './resourceApi';

export interface AwaitResourceOptions {
  /** The connection the resource belongs to (config name), e.g. "main". */
  connection: string;
  /** Resolve when this holds: "terminal" (default), a list of phases, or any predicate. */
  until?: 'terminal' | Phase[] | ((status: ResourceStatus) => boolean);
  /** Give up after this long (throws an AwaitResourceTimeout failure). */
  timeout: Duration;
  /**
   * Reelflow's task queue (its `temporal.taskQueue`, default "reelflow"): the subscription runs
   * there, on Reelflow's worker, so the caller's own worker registers nothing of Reelflow's.
   */
  taskQueue?: string;
}

// Per workflow execution (the SDK isolates module state per run): the latest status per resource.
const latest = new Map<ResourceKey, ResourceStatus>();
let listening = false;

/** Signals may arrive out of order: the highest revision wins. */
function remember(status: ResourceStatus): void {
  const known = latest.get(status.key);
  if (!known || (status.revision ?? 0) > (known.revision ?? 0) || (status.closed && !known.closed)) latest.set(status.key, status);
}

function matcher(until: AwaitResourceOptions['until'] = 'terminal'): (s: ResourceStatus) => boolean {
  if (until === 'terminal') return (s) => s.terminal;
  if (Array.isArray(until)) return (s) => s.phase !== undefined && until.includes(s.phase);
  return until;
}

/** Reelflow's refusal (e.g. a key of another account) reaches the caller as its own failure type, not wrapped. */
function refusalAsIs(error: unknown): never {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && (Object.values(AWAIT_FAILURES) as unknown[]).includes(cause.type)) throw ApplicationFailure.nonRetryable(cause.message, cause.type);
  throw error;
}

/**
 * For pipeline workflows: wait until a resource reaches a state, whatever the order of
 * things. The subscription goes through signalWithStart, and the entity workflow answers it
 * with its current status, so an event that came before, during or after subscribing counts.
 */
export async function awaitResource(key: ResourceKey, options: AwaitResourceOptions): Promise<ResourceStatus> {
  try {
    parseResourceKey(key);
  } catch (error) {
    throw ApplicationFailure.nonRetryable((error as Error).message, AWAIT_FAILURES.invalidKey);
  }
  // A bad option would otherwise throw a TypeError later: the workflow task would fail and retry forever.
  const problem = awaitOptionsProblem(options);
  if (problem) throw ApplicationFailure.nonRetryable(problem, AWAIT_FAILURES.invalidOptions);
  if (!listening) {
    setHandler(resourceUpdateSignal, remember);
    listening = true;
  }
  const matches = matcher(options.until);
  const settled = () => {
    const status = latest.get(key);
    return status !== undefined && (matches(status) || status.closed === true);
  };
  // The subscription itself may not outlast the caller's patience either.
  const { subscribeToResource } = proxyActivities<SubscribeActivities>({
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: options.timeout,
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
  });
  const final = await subscribeToResource({ key, connection: options.connection, subscriber: workflowInfo().workflowId }).catch(refusalAsIs);
  if (final) remember(final);
  const done = await condition(settled, options.timeout);
  const status = latest.get(key);
  if (done && status && matches(status)) return status;
  const now = `now ${status?.phase ?? 'unknown'}/${status?.state ?? 'unknown'}`;
  if (status?.closed) throw ApplicationFailure.nonRetryable(`resource ${key} ended its lifecycle without reaching the awaited state (${now})`, AWAIT_FAILURES.closed);
  throw ApplicationFailure.nonRetryable(`resource ${key} did not reach the awaited state within ${String(options.timeout)} (${now})`, AWAIT_FAILURES.timeout);
}
