import { Worker } from '@temporalio/worker';
import type { BenchTemporal } from './benchTemporal';
import { benchEvent, type benchMinimal } from './minimalWorkflow';

export interface SignalBaseline {
  /** One signalWithStart of a new minimal workflow, as bare as the SDK allows. */
  signal(workflowId: string, payload: unknown): Promise<void>;
  stop(): Promise<void>;
}

/**
 * What Temporal's acceptance of an event costs without Reelflow: signalWithStart of the minimal
 * workflow, with a worker running it so the server does the same kind of work (a workflow task
 * per event) as it does behind Reelflow's relay.
 */
export async function startSignalBaseline(temporal: BenchTemporal, taskQueue: string): Promise<SignalBaseline> {
  const worker = await Worker.create({ connection: temporal.native, taskQueue, workflowsPath: require.resolve('./minimalWorkflow') });
  const running = worker.run();
  return {
    async signal(workflowId, payload) {
      await temporal.client.workflow.signalWithStart<typeof benchMinimal, [unknown]>('benchMinimal', { workflowId, taskQueue, signal: benchEvent, signalArgs: [payload] });
    },
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
