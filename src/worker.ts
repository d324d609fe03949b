import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, createPollActivities, createReconcileActivities } from '../activities';
import type { ReelflowConfig } from './config/load';
import { createReelflowNexusService } from './nexus/reelflowService';
import { providerAdapter } from './providers/registry';
import { pollTaskQueue } from './temporal/lifecycleInput';
import { workflowSource } from './temporal/workflowBundle';

export interface ReelflowWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  config: ReelflowConfig;
  /** For activities that talk to Temporal (subscriptions, starting pipelines). */
  client: Client;
  /** A prebuilt bundle (tests build one per suite); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  fetch?: typeof fetch;
}

export { WORKFLOWS_PATH } from './temporal/workflowBundle';

/**
 * The main worker (workflows + actions) and one poll worker per provider in use. A poll
 * worker's `maxTaskQueueActivitiesPerSecond` is enforced by the server across every worker
 * on that queue, so a provider's rate limit holds however many workflows poll it.
 */
export async function createWorkers(options: ReelflowWorkerOptions): Promise<Worker[]> {
  const { config } = options;
  const main = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: config.temporal.taskQueue,
    // A bundle the caller built (tests), the image's prebuilt one (REELFLOW_WORKFLOW_BUNDLE), or the sources.
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : workflowSource()),
    activities: createActivities({ config, client: options.client, fetch: options.fetch }),
    // Bounded: the SDK's default follows the heap limit (thousands of workflows on a large machine).
    maxCachedWorkflows: config.temporal.worker.maxCachedWorkflows,
    // Nexus service `reelflow`, for workflows in other namespaces (through an endpoint targeting this queue).
    nexusServices: [createReelflowNexusService(config)],
  });
  const providers = [...new Set(config.connections.map((c) => c.provider))].filter((p) => providerAdapter(p)?.fetchState);
  const pollers = await Promise.all(
    providers.map((provider) =>
      Worker.create({
        connection: options.connection,
        namespace: options.namespace,
        taskQueue: pollTaskQueue(config.temporal.taskQueue, provider),
        // Polls and delivery-history reads (reconcile): every GET of the provider counts here.
        activities: { ...createPollActivities(config, options.fetch), ...createReconcileActivities(config, options.fetch) },
        maxTaskQueueActivitiesPerSecond: config.polling.providers[provider]?.maxRequestsPerSecond ?? providerAdapter(provider)!.defaultPollRatePerSecond,
      }),
    ),
  );
  return [main, ...pollers];
}

/** Runs workers together; stop() shuts them all down and waits. */
export function runWorkers(workers: Worker[]): { done: Promise<void>; stop(): Promise<void> } {
  const done = Promise.all(workers.map((w) => w.run())).then(() => undefined);
  return {
    done,
    async stop() {
      for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
