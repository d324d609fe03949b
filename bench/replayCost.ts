import type { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type BundleOptions } from '@temporalio/worker';

type History = temporal.api.history.v1.IHistory;

export interface ReplayCost {
  histories: number;
  /** This process's CPU (every thread) per history replayed. */
  cpuMsPerHistory: number;
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };

/**
 * The workflow code's own CPU for one job, without a server or a network: replays one recorded
 * history `count` times (each as a new workflow, as a worker meets new resources) and divides the
 * process's CPU by the count. A replay runs the same activations a live worker runs for that
 * history, so the figure isolates what the workflow and the SDK's sandbox cost, free of the noise
 * of a shared machine. A few warm-up replays first (JIT, the bundle's first load) are not counted.
 */
export async function replayCost(bundle: Pick<BundleOptions, 'workflowsPath' | 'preloadModules'>, history: History, count: number): Promise<ReplayCost> {
  const workflowBundle = await bundleWorkflowCode({ ...bundle, logger: quiet });
  const replay = async (n: number) => {
    const histories = (async function* () {
      for (let i = 0; i < n; i++) yield { workflowId: `replay-${i}`, history };
    })();
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) if (result.error) throw result.error;
  };
  await replay(Math.min(30, count));
  const before = process.cpuUsage();
  await replay(count);
  const spent = process.cpuUsage(before);
  return { histories: count, cpuMsPerHistory: (spent.user + spent.system) / 1000 / count };
}
