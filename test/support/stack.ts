import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { validateConfig, type ReelflowConfig } from '../../src/config/load';
import { buildIngress } from '../../src/ingress/app';
import { temporalDispatcher, type Dispatcher } from '../../src/temporal/dispatch';
import { createWorker } from '../../src/worker';
import { testClient, testNativeConnection, unique, workflowBundle } from './temporal';

export interface Stack {
  app: FastifyInstance;
  client: Client;
  worker: Worker;
  config: ReelflowConfig;
  taskQueue: string;
  /** The MK.IO project of this stack's connection: unique per stack, so workflow ids never collide. */
  project: string;
  secret: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  lingerMs?: number;
  signalTimeoutMs?: number;
  /** Replace the Temporal dispatcher (e.g. one that cannot reach Temporal). */
  dispatcher?: (client: Client, taskQueue: string) => Dispatcher;
}

/** The real thing in one process: ingress (fastify, driven with inject) + worker, on the test dev server. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const taskQueue = unique('tq');
  const project = unique('proj');
  const secret = unique('secret');
  const config = validateConfig(
    {
      server: { signalTimeout: options.signalTimeoutMs ?? 5000 },
      temporal: { taskQueue },
      lifecycle: { lingerAfterTerminal: options.lingerMs ?? 60_000 },
      connections: [{ name: 'test', provider: 'mkio', project, secret }],
    },
    'test stack',
  );
  const client = await testClient();
  const nativeConnection: NativeConnection = await testNativeConnection();
  const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, workflowBundle: await workflowBundle() });
  const running = worker.run();
  const dispatcher =
    options.dispatcher?.(client, taskQueue) ??
    temporalDispatcher(client, { taskQueue, lingerMs: config.lifecycle.lingerAfterTerminal, timeoutMs: config.server.signalTimeout });
  const app = await buildIngress({ config, dispatcher, temporalReady: async () => true, logger: false });
  return {
    app,
    client,
    worker,
    config,
    taskQueue,
    project,
    secret,
    async stop() {
      await app.close();
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await client.connection.close();
    },
  };
}
