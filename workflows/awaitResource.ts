import type { Duration } from '@temporalio/common';
import { ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createSubscribeActivities } from '../activities/subscribe';
import type { Phase } from '../src/domain/phase';
import type { ResourceKey } from '../src/domain/resourceKey';
import { resourceUpdateSignal, type ResourceStatus } from './messages';

export interface AwaitResourceOptions {
  /** The connection the resource belongs to (config name), e.g. "main". */
  connection: string;
  /** Resolve when this holds: "terminal" (default), a list of phases, or any predicate. */
  until?: 'terminal' | Phase[] | ((status: ResourceStatus) => boolean);
  /** Give up after this long (throws an AwaitResourceTimeout failure). */
  timeout: Duration;
}

const { subscribeToResource } = proxyActivities<ReturnType<typeof createSubscribeActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

// Per workflow execution (the SDK isolates module state per run): the latest status per resource.
const latest = new Map<ResourceKey, ResourceStatus>();
let listening = false;

function matcher(until: AwaitResourceOptions['until'] = 'terminal'): (s: ResourceStatus) => boolean {
  if (until === 'terminal') return (s) => s.terminal;
  if (Array.isArray(until)) return (s) => s.phase !== undefined && until.includes(s.phase);
  return until;
}

/**
 * For pipeline workflows: wait until a resource reaches a state, whatever the order of
 * things. The subscription goes through signalWithStart, and the entity workflow answers it
 * with its current status, so an event that came before, during or after subscribing counts.
 */
export async function awaitResource(key: ResourceKey, options: AwaitResourceOptions): Promise<ResourceStatus> {
  if (!listening) {
    setHandler(resourceUpdateSignal, (status) => {
      latest.set(status.key, status);
    });
    listening = true;
  }
  const matches = matcher(options.until);
  const ready = () => {
    const status = latest.get(key);
    return status !== undefined && matches(status);
  };
  await subscribeToResource({ key, connection: options.connection, subscriber: workflowInfo().workflowId });
  if (!(await condition(ready, options.timeout))) {
    const status = latest.get(key);
    throw ApplicationFailure.nonRetryable(
      `resource ${key} did not reach the awaited state within ${String(options.timeout)} (now ${status?.phase ?? 'unknown'}/${status?.state ?? 'unknown'})`,
      'AwaitResourceTimeout',
    );
  }
  return latest.get(key)!;
}
