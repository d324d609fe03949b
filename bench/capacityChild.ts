/**
 * One system under test of bench:capacity, in a process of its own so /proc gives its CPU and
 * memory alone: `reelflow` (ingress + workers, wired as bench:reaction wires them), one half of
 * it (`reelflow-ingress`, `reelflow-worker`: the compose topology) or `bare` (the baseline's
 * worker). Started by bench/capacityChildren.ts with fork (IPC) and `-r tsx/cjs --expose-gc`;
 * its stdout goes to the parent's stderr.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { NativeConnection, Worker } from '@temporalio/worker';
import { installBenchRuntime } from './benchTemporal';
import { createBareJobActivities } from './bareJobActivities';
import type { ChildMessage, ChildSpec, MemoryFigures, ReplyBody, Request, WorkerActivity, WorkerSettings } from './capacityProtocol';
import { startReelflow } from './reelflowStack';

interface System {
  /** The main worker (workflows and the action); none in `reelflow-ingress`. */
  worker?: Worker;
  stamps?: ReturnType<typeof stampsOf>;
  ready: Omit<Extract<ChildMessage, { kind: 'ready' }>, 'kind' | 'worker'>;
  stop(): Promise<void>;
}

const send = (message: ChildMessage) => process.send!(message);

function settingsOf(worker: Worker): WorkerSettings {
  const o = worker.options;
  return {
    maxCachedWorkflows: o.maxCachedWorkflows,
    reuseV8Context: o.reuseV8Context,
    workflowThreadPoolSize: o.workflowThreadPoolSize,
    maxConcurrentWorkflowTaskPolls: o.maxConcurrentWorkflowTaskPolls ?? null,
    maxConcurrentActivityTaskPolls: o.maxConcurrentActivityTaskPolls ?? null,
    tuner: JSON.stringify(o.tuner),
  };
}

function activityOf(worker: Worker | undefined): WorkerActivity {
  if (!worker) return { numCachedWorkflows: 0, numInFlightWorkflowActivations: 0, numInFlightActivities: 0 };
  const status = worker.getStatus();
  return {
    numCachedWorkflows: status.numCachedWorkflows,
    numInFlightWorkflowActivations: status.numInFlightWorkflowActivations,
    numInFlightActivities: status.numInFlightActivities,
  };
}

const stampsOf = (stamps: Awaited<ReturnType<typeof startReelflow>>['stamps']) => (keys: string[]) => keys.map((key) => stamps.get(key) ?? null);

/** Full GCs (twice: the first may only schedule finalizers), then this process's memory. */
async function memory(): Promise<MemoryFigures> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    await delay(200);
    gc();
  }
  const usage = process.memoryUsage();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, heapTotalBytes: usage.heapTotal, externalBytes: usage.external, gcRan: gc !== undefined };
}

async function startBare(spec: ChildSpec): Promise<System> {
  const connection = await NativeConnection.connect({ address: spec.temporalAddress });
  const worker = await Worker.create({
    connection,
    taskQueue: spec.taskQueue,
    workflowsPath: require.resolve('./bareJobWorkflow'),
    activities: createBareJobActivities(`${spec.notifyUrl}/hooks/bare`),
  });
  const running = worker.run();
  return {
    worker,
    ready: {},
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

const PARTS = { reelflow: 'all', 'reelflow-ingress': 'ingress', 'reelflow-worker': 'worker' } as const;

async function startReelflowChild(spec: ChildSpec & { role: keyof typeof PARTS }): Promise<System> {
  const reelflow = await startReelflow({
    temporalAddress: spec.temporalAddress,
    project: spec.project!,
    secret: spec.secret!,
    apiBaseUrl: spec.apiBaseUrl!,
    apiToken: spec.apiToken!,
    notifyUrl: spec.notifyUrl,
    taskQueue: spec.taskQueue,
    inboxFile: spec.inboxFile,
    pollQuietFor: spec.pollQuietFor,
    maxCachedWorkflows: spec.maxCachedWorkflows,
    part: PARTS[spec.role],
  });
  return { worker: reelflow.workers[0], stamps: stampsOf(reelflow.stamps), ready: { url: reelflow.url, webhookPath: reelflow.webhookPath }, stop: () => reelflow.stop() };
}

async function answer(system: System, request: Request): Promise<ReplyBody> {
  switch (request.kind) {
    case 'stamps':
      return { stamps: system.stamps ? system.stamps(request.keys) : request.keys.map(() => null) };
    case 'memory':
      return { memory: await memory(), activity: activityOf(system.worker) };
    case 'status':
      return { activity: activityOf(system.worker) };
    case 'stop':
      await system.stop();
      return { stopped: true };
  }
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
  installBenchRuntime();
  const system = spec.role === 'bare' ? await startBare(spec) : await startReelflowChild({ ...spec, role: spec.role });
  process.on('message', (request: Request) => {
    answer(system, request).then(
      (body) => {
        send({ kind: 'reply', id: request.id, body });
        if (request.kind === 'stop') process.disconnect();
      },
      (error: Error) => send({ kind: 'reply', id: request.id, error: error.message }),
    );
  });
  // The parent gone (crashed or killed): do not linger as an orphan worker.
  process.on('disconnect', () => setTimeout(() => process.exit(0), 2000).unref());
  send({ kind: 'ready', ...system.ready, ...(system.worker ? { worker: settingsOf(system.worker) } : {}) });
}

main().catch((error: unknown) => {
  process.stderr.write(`[capacity child] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
