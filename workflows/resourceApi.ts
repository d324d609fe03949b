import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ResourceKey } from '../src/domain/resourceKey';
import type { ResourceSnapshot } from '../src/domain/snapshot';

/**
 * What workflows and clients outside Reelflow rely on when they talk to an entity workflow
 * (published as `reelflow/workflow` and `reelflow/client`): zod-free, no config, no Node.
 */

/** Reelflow's task queue when its config does not name another (`temporal.taskQueue`). */
export const DEFAULT_TASK_QUEUE = 'reelflow';

export const stateQuery = defineQuery<ResourceSnapshot>('state');

/** A pipeline asks to hear about a resource; it gets the current status at once, then every change. */
export const subscribeSignal = defineSignal<[{ workflowId: string }]>('subscribe');

/** What a subscriber hears: the snapshot without its history lists; `closed` on the last one. */
export type ResourceStatus = Omit<ResourceSnapshot, 'transitions' | 'stale' | 'actions' | 'subscribers'> & { closed?: boolean };
export const resourceUpdateSignal = defineSignal<[ResourceStatus]>('resourceUpdate');

export interface SubscribeRequest {
  key: ResourceKey;
  /** The connection the resource belongs to (for a workflow this subscription may start). */
  connection: string;
  /** The workflow to tell about every change. */
  subscriber: string;
}

/** The activity Reelflow's worker runs on its task queue for `awaitResource`, wherever the caller runs. */
export interface SubscribeActivities {
  /** Returns the final status when the resource's lifecycle already completed (nobody will signal). */
  subscribeToResource(request: SubscribeRequest): Promise<ResourceStatus | undefined>;
}

/** Failure types `awaitResource` throws (ApplicationFailure `type`). */
export const AWAIT_FAILURES = {
  invalidKey: 'InvalidResourceKey',
  /** `until`, `timeout` or `connection` is not what awaitResource takes (the message names it). */
  invalidOptions: 'InvalidAwaitOptions',
  /** The key's account is not the one its connection is for (it would be polled with another account's credentials). */
  notInConnection: 'ResourceNotInConnection',
  timeout: 'AwaitResourceTimeout',
  closed: 'AwaitResourceClosed',
} as const;
export type AwaitFailureType = (typeof AWAIT_FAILURES)[keyof typeof AWAIT_FAILURES];
