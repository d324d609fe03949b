import type { Client } from '@temporalio/client';
import type { ReelflowConfig } from '../src/config/load';
import { parseResourceKey, type ResourceKey } from '../src/domain/resourceKey';
import { signalResource } from '../src/temporal/dispatch';
import { lifecycleInput } from '../src/temporal/lifecycleInput';
import { ApplicationFailure } from '@temporalio/common';
import type { ResourceSnapshot } from '../src/domain/lifecycle';
import { subscribeSignal, type ResourceStatus } from '../workflows/messages';

export interface SubscribeRequest {
  key: ResourceKey;
  /** The connection the resource belongs to (for a workflow this subscription may start). */
  connection: string;
  /** The workflow to tell about every change. */
  subscriber: string;
}

/**
 * subscribeToResource: signalWithStart, so a pipeline can await a resource whose workflow does
 * not exist yet, and one whose events came long before: it answers with the current status.
 */
export function createSubscribeActivities(config: ReelflowConfig, client: Client) {
  return {
    /** Returns the final status when the resource's lifecycle already completed (nobody will signal). */
    async subscribeToResource({ key, connection, subscriber }: SubscribeRequest): Promise<ResourceStatus | undefined> {
      let ref: ReturnType<typeof parseResourceKey>;
      try {
        ref = parseResourceKey(key);
      } catch (error) {
        throw ApplicationFailure.nonRetryable((error as Error).message, 'InvalidResourceKey');
      }
      const input = lifecycleInput(config, { key, provider: ref.provider, connection, kind: ref.kind });
      const sent = await signalResource(client, config.temporal.taskQueue, input, subscribeSignal, [{ workflowId: subscriber }]);
      if (sent.outcome === 'signaled') return undefined;
      const { transitions: _t, stale: _s, actions: _a, subscribers: _u, ...final } = (await client.workflow.getHandle(key).result()) as ResourceSnapshot;
      return { ...final, closed: true };
    },
  };
}
