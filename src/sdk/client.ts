import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { DEFAULT_TASK_QUEUE, stateQuery, type ResourceStatus } from '../../workflows/resourceApi';
import { parseResourceKey, type ResourceKey } from '../domain/resourceKey';
import type { ResourceSnapshot } from '../domain/snapshot';
import type { Phase } from '../domain/vocabulary';

/**
 * `reelflow/client`: a resource from outside any workflow (a script, an API handler), through
 * the caller's own Temporal client. Nothing of Reelflow's config or providers.
 */

/** A resource as its entity workflow knows it; `closed` once that workflow has completed. */
export type ResourceState = ResourceSnapshot & { closed: boolean };

/**
 * The entity workflow's `state` query while it runs; its result once it has completed (no
 * worker needed to answer); undefined when Reelflow never heard of the resource.
 */
export async function getResourceState(client: Client, key: ResourceKey): Promise<ResourceState | undefined> {
  parseResourceKey(key);
  const handle = client.workflow.getHandle(key);
  try {
    const { status } = await handle.describe();
    if (status.name === 'COMPLETED') return { ...((await handle.result()) as ResourceSnapshot), closed: true };
    return { ...(await handle.query(stateQuery)), closed: status.name !== 'RUNNING' };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

export interface StartAwaitOptions {
  /** The Reelflow connection (config name) the resource belongs to. */
  connection: string;
  /** "terminal" (default) or phases: workflow arguments are JSON, so no predicate here. */
  until?: 'terminal' | Phase[];
  timeout: Duration;
  /** Reelflow's task queue (its `temporal.taskQueue`). Default "reelflow". */
  taskQueue?: string;
  /** Makes the start idempotent. Default `await-<key>-<time>`. */
  workflowId?: string;
}

/**
 * Starts Reelflow's `awaitResourceState` workflow on Reelflow's task queue: its result is the
 * resource's status once `until` holds (it fails with AwaitResourceTimeout or AwaitResourceClosed).
 */
export function startAwaitResource(client: Client, key: ResourceKey, options: StartAwaitOptions): Promise<WorkflowHandle<AwaitResourceState>> {
  parseResourceKey(key);
  const { taskQueue = DEFAULT_TASK_QUEUE, workflowId = `await-${key}-${Date.now()}`, ...args } = options;
  return client.workflow.start<AwaitResourceState>('awaitResourceState', { taskQueue, workflowId, args: [key, args] });
}

/** The signature of Reelflow's `awaitResourceState` workflow, as a client starts it. */
type AwaitResourceState = (key: ResourceKey, options: Omit<StartAwaitOptions, 'taskQueue' | 'workflowId'>) => Promise<ResourceStatus>;

export { DEFAULT_TASK_QUEUE, type ResourceStatus } from '../../workflows/resourceApi';
export { parseResourceKey, resourceKey, type ResourceKey, type ResourceRef } from '../domain/resourceKey';
export type { ResourceSnapshot } from '../domain/snapshot';
