import { getClient, startWorkflow, WorkflowRunOperationHandler } from '@temporalio/nexus';
import { HandlerError, serviceHandler } from 'nexus-rpc';
import { findConnection, type ReelflowConfig } from '../config/load';
import { parseResourceKey, type ResourceKey, type ResourceRef } from '../domain/resourceKey';
import { accountNotInConnection } from '../providers/registry';
import { getResourceState } from '../sdk/client';
import { awaitOptionsProblem } from '../../workflows/awaitOptions';
import { reelflowService } from '../../workflows/nexusService';
import type { awaitResourceState } from '../../workflows/pipelines/awaitState';

/** Bad input is the caller's to fix: BAD_REQUEST is not retried, and names the field. */
function parsedKey(key: ResourceKey): ResourceRef {
  try {
    return parseResourceKey(key);
  } catch (error) {
    throw new HandlerError('BAD_REQUEST', `key: ${(error as Error).message}`);
  }
}

/**
 * The handlers of Nexus service `reelflow`, registered on Reelflow's main worker: their client is
 * the worker's (Reelflow's namespace), and the backing workflow runs on the worker's task queue.
 */
export function createReelflowNexusService(config: ReelflowConfig) {
  return serviceHandler(reelflowService, {
    async getResource(_ctx, { key }) {
      parsedKey(key);
      const state = await getResourceState(getClient(), key);
      if (!state) return null;
      const { transitions: _t, stale: _s, actions: _a, subscribers: _u, ...status } = state;
      return status;
    },
    awaitResource: new WorkflowRunOperationHandler(async (ctx, { key, connection, until, timeout }) => {
      const ref = parsedKey(key);
      const problem = awaitOptionsProblem({ connection, until, timeout });
      if (problem) throw new HandlerError('BAD_REQUEST', problem);
      const configured = findConnection(config, ref.provider, connection);
      if (!configured) throw new HandlerError('BAD_REQUEST', `connection: no ${ref.provider} connection named "${connection}"`);
      const foreign = accountNotInConnection(configured, ref.account);
      if (foreign) throw new HandlerError('BAD_REQUEST', `key: ${foreign}`);
      // A retried start carries the same request id: same workflow id, no second run.
      return startWorkflow<typeof awaitResourceState>(ctx, 'awaitResourceState', { workflowId: `nexus-await-${key}-${ctx.requestId}`, args: [key, { connection, until, timeout }] });
    }),
  });
}
