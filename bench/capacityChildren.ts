import { fork, type ChildProcess } from 'node:child_process';
import type { ChildMessage, ChildSpec, MemoryFigures, ReadyMessage, ReplyBody, ReplyMessage, WorkerActivity } from './capacityProtocol';
import type { IngressStamp } from './reelflowStack';

/** A system under test running in a child process (bench/capacityChild.ts), or two (spawnSplitSystem), seen from the bench. */
export interface SystemProcess {
  /** Its processes: their CPU is the system's. */
  pids: readonly number[];
  ready: ReadyMessage;
  stamps(keys: string[]): Promise<Array<IngressStamp | null>>;
  memory(): Promise<{ memory: MemoryFigures; activity: WorkerActivity }>;
  activity(): Promise<WorkerActivity>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 180_000;

/**
 * Forks the child through tsx, as bin/reelflow.js runs the CLI, with --expose-gc (memory
 * figures after a full collection). Its stdout joins our stderr: our stdout is the report's.
 */
export async function spawnSystem(spec: ChildSpec): Promise<SystemProcess> {
  const child: ChildProcess = fork(require.resolve('./capacityChild'), [JSON.stringify(spec)], {
    // BENCH_CHILD_NODE_ARGS: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the systems.
    execArgv: ['--expose-gc', '-r', 'tsx/cjs', ...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const pending = new Map<number, { resolve(body: ReplyBody): void; reject(error: Error): void }>();
  let nextId = 1;
  let exited = false;
  const failAll = (why: string) => {
    for (const waiter of pending.values()) waiter.reject(new Error(why));
    pending.clear();
  };
  const ready = new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${spec.role} child was not ready after ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.on('message', (message: ChildMessage) => {
      if (message.kind === 'ready') {
        clearTimeout(timer);
        resolve(message);
        return;
      }
      const waiter = pending.get((message as ReplyMessage).id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error !== undefined || !message.body) waiter.reject(new Error(message.error ?? 'empty reply'));
      else waiter.resolve(message.body);
    });
    child.once('exit', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      const why = `the ${spec.role} child exited (${signal ?? code})`;
      reject(new Error(why));
      failAll(why);
    });
  });
  const request = <T extends ReplyBody>(message: { kind: 'stamps'; keys: string[] } | { kind: 'memory' } | { kind: 'status' } | { kind: 'stop' }) =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`the ${spec.role} child has exited`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (body: ReplyBody) => void, reject });
      child.send({ id, ...message });
    });

  let readyMessage: ReadyMessage;
  try {
    readyMessage = await ready;
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    throw error;
  }
  return {
    pids: [child.pid!],
    ready: readyMessage,
    stamps: async (keys) => (await request<{ stamps: Array<IngressStamp | null> }>({ kind: 'stamps', keys })).stamps,
    memory: () => request<{ memory: MemoryFigures; activity: WorkerActivity }>({ kind: 'memory' }),
    activity: async () => (await request<{ activity: WorkerActivity }>({ kind: 'status' })).activity,
    async stop() {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await request({ kind: 'stop' }).catch(() => child.kill('SIGTERM'));
      await gone;
      clearTimeout(killTimer);
    },
  };
}

/**
 * Reelflow as compose runs it: the ingress in one process, the workers in another. Stamps come
 * from the ingress; the worker's settings, memory and status from the worker; CPU is both.
 */
export async function spawnSplitSystem(spec: Omit<ChildSpec, 'role'>): Promise<SystemProcess> {
  const started = await Promise.allSettled([spawnSystem({ ...spec, role: 'reelflow-ingress' }), spawnSystem({ ...spec, role: 'reelflow-worker' })]);
  const [ingress, worker] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  if (!ingress || !worker) {
    // One half alone is no system: stop it rather than leave it running until the bench exits.
    await Promise.all([ingress?.stop(), worker?.stop()]);
    throw (started.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
  }
  return {
    pids: [...ingress.pids, ...worker.pids],
    ready: { ...ingress.ready, worker: worker.ready.worker },
    stamps: (keys) => ingress.stamps(keys),
    memory: () => worker.memory(),
    activity: () => worker.activity(),
    async stop() {
      // The ingress first: nothing new reaches the workers while they drain.
      await ingress.stop();
      await worker.stop();
    },
  };
}
