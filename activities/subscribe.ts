import type { Client } from '@temporalio/client';
import type { ReelflowConfig } from '../src/config/load';
import { parseResourceKey, type ResourceKey } from '../src/domain/resourceKey';
import { signalResource } from '../src/temporal/dispatch';
import { lifecycleInput } from '../src/temporal/lifecycleInput';
import { subscribeSignal } from '../workflows/messages';

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
    async subscribeToResource({ key, connection, subscriber }: SubscribeRequest): Promise<void> {
      const ref = parseResourceKey(key);
      const input = lifecycleInput(config, { key, provider: ref.provider, connection, kind: ref.kind });
      await signalResource(client, config.temporal.taskQueue, input, subscribeSignal, [{ workflowId: subscriber }]);
    },
  };
}
