import type { Client } from '@temporalio/client';
import { findConnection, type ReelflowConfig } from '../src/config/load';
import { parseResourceKey } from '../src/domain/resourceKey';
import { signalResource } from '../src/temporal/dispatch';
import { lifecycleInput } from '../src/temporal/lifecycleInput';
import { ApplicationFailure } from '@temporalio/common';
import type { ResourceSnapshot } from '../src/domain/lifecycle';
import { accountNotInConnection } from '../src/providers/registry';
import { AWAIT_FAILURES, subscribeSignal, type SubscribeActivities } from '../workflows/resourceApi';

/**
 * subscribeToResource: signalWithStart, so a pipeline can await a resource whose workflow does
 * not exist yet, and one whose events came long before: it answers with the current status.
 */
export function createSubscribeActivities(config: ReelflowConfig, client: Client): SubscribeActivities {
  return {
    async subscribeToResource({ key, connection, subscriber }) {
      let ref: ReturnType<typeof parseResourceKey>;
      try {
        ref = parseResourceKey(key);
      } catch (error) {
        throw ApplicationFailure.nonRetryable((error as Error).message, AWAIT_FAILURES.invalidKey);
      }
      const configured = findConnection(config, ref.provider, connection);
      const foreign = configured && accountNotInConnection(configured, ref.account);
      if (foreign) throw ApplicationFailure.nonRetryable(`key: ${foreign}`, AWAIT_FAILURES.notInConnection);
      const input = lifecycleInput(config, { key, provider: ref.provider, connection, kind: ref.kind });
      const sent = await signalResource(client, config.temporal.taskQueue, input, subscribeSignal, [{ workflowId: subscriber }]);
      if (sent.outcome === 'signaled') return undefined;
      const { transitions: _t, stale: _s, actions: _a, subscribers: _u, ...final } = (await client.workflow.getHandle(key).result()) as ResourceSnapshot;
      return { ...final, closed: true };
    },
  };
}
