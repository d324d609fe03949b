import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { ReelflowConfig } from '../config/load';
import { providerModule } from '../providers/registry';
import type { ReconcileInput } from '../../workflows/reconcile';
import { pollTaskQueue } from './lifecycleInput';

/** What the schedules run: the workflow type, by name (workflows/reconcile.ts). */
const WORKFLOW_TYPE = 'reconcileDeliveries';

/**
 * A Reelflow deployment's reconcile schedules all start with this: `reelflow-reconcile-` for the
 * default task queue. The task queue is in it so that two deployments (or test stacks) sharing a
 * namespace never take over each other's schedules.
 */
export const reconcileSchedulePrefix = (taskQueue: string): string => `${taskQueue}-reconcile-`;

/** `reelflow-reconcile-mkio-prod` for connection `prod` of provider `mkio` on the default task queue. */
export const reconcileScheduleId = (taskQueue: string, provider: string, connection: string): string => `${reconcileSchedulePrefix(taskQueue)}${provider}-${connection}`;

/** The schedule each connection that reconciles should have, by id, as the config says now. */
export function reconcileSchedules(config: ReelflowConfig): Map<string, ScheduleOptions> {
  const { taskQueue } = config.temporal;
  const wanted = new Map<string, ScheduleOptions>();
  for (const connection of config.connections) {
    const module = providerModule(connection.provider);
    const plan = module?.adapter.fetchState ? module.reconcile?.plan(connection) : undefined;
    if (!plan) continue;
    const scheduleId = reconcileScheduleId(taskQueue, connection.provider, connection.name);
    const input: ReconcileInput = { provider: connection.provider, connection: connection.name, pollTaskQueue: pollTaskQueue(taskQueue, connection.provider) };
    wanted.set(scheduleId, {
      scheduleId,
      spec: { intervals: [{ every: plan.everyMs }] },
      action: { type: 'startWorkflow', workflowType: WORKFLOW_TYPE, taskQueue, workflowId: scheduleId, args: [input] },
      // One run at a time; after an outage, one catch-up run is enough (it reads the whole lookback).
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  }
  return wanted;
}

export interface ScheduleSync {
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Makes the namespace's reconcile schedules what the config says: creates the missing ones,
 * updates the others (interval, input), and deletes those of connections no longer configured
 * (this task queue's prefix and workflow type only). Idempotent: every worker start runs it.
 */
export async function syncReconcileSchedules(client: Client, config: ReelflowConfig): Promise<ScheduleSync> {
  const wanted = reconcileSchedules(config);
  const result: ScheduleSync = { created: [], updated: [], deleted: [] };
  for (const [scheduleId, options] of wanted) {
    try {
      await client.schedule.create(options);
      result.created.push(scheduleId);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action, policies: options.policies }));
      result.updated.push(scheduleId);
    }
  }
  const prefix = reconcileSchedulePrefix(config.temporal.taskQueue);
  for await (const schedule of client.schedule.list()) {
    if (!schedule.scheduleId.startsWith(prefix) || wanted.has(schedule.scheduleId) || schedule.action?.workflowType !== WORKFLOW_TYPE) continue;
    await client.schedule.getHandle(schedule.scheduleId).delete();
    result.deleted.push(schedule.scheduleId);
  }
  return result;
}

/**
 * syncReconcileSchedules until it succeeds (Temporal may not be ready yet: a cluster that is still
 * starting, a namespace not registered): backs off from 1 s to 30 s, telling `log` each failure.
 */
export function keepSyncingReconcileSchedules(
  client: Client,
  config: ReelflowConfig,
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void },
): { done: Promise<ScheduleSync | undefined>; stop(): void } {
  let stopped = false;
  let wake: (() => void) | undefined;
  const done = (async () => {
    for (let delayMs = 1000; !stopped; delayMs = Math.min(delayMs * 2, 30_000)) {
      try {
        const sync = await syncReconcileSchedules(client, config);
        if (sync.created.length + sync.updated.length + sync.deleted.length > 0) log.info(sync, 'reconcile schedules in step with the config');
        return sync;
      } catch (error) {
        if (stopped) break;
        log.warn({ err: error, retryInMs: delayMs }, 'could not sync the reconcile schedules; retrying');
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delayMs).unref();
      });
    }
    return undefined;
  })();
  return {
    done,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
