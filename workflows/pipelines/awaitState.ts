import type { Duration } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';
import type { Phase } from '../../src/domain/phase';
import { awaitResource } from '../awaitResource';
import type { ResourceStatus } from '../messages';

/** Workflow arguments travel as JSON, so `until` is a phase list or "terminal" here, not a predicate. */
export interface AwaitStateOptions {
  connection: string;
  until?: 'terminal' | Phase[];
  timeout: Duration;
}

/**
 * A workflow that only waits for a resource (a parent's child workflow, or a script's):
 * completes with the status once `until` holds, fails on timeout.
 */
export async function awaitResourceState(key: string, options: AwaitStateOptions): Promise<ResourceStatus> {
  // Runs on Reelflow's worker: its subscription goes to the queue this workflow runs on, whatever the config named it.
  return awaitResource(key, { ...options, taskQueue: workflowInfo().taskQueue });
}
