import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { validateConfig, type ReelflowConfig } from '../../src/config/load';
import { buildIngress } from '../../src/ingress/app';
import { configuredDispatcher, type Dispatcher } from '../../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../../src/worker';
import { testAddress, testClient, unique, workflowBundle } from './temporal';

export interface Stack {
  app: FastifyInstance;
  client: Client;
  workers: Worker[];
  config: ReelflowConfig;
  taskQueue: string;
  /** The MK.IO project of this stack's connection: unique per stack, so workflow ids never collide. */
  project: string;
  secret: string;
  /** Base URL of the listening ingress (with `listen: true`). */
  url?: string;
  /** POSTs a JSON body to the stack's MK.IO connection with its secret (headers override). */
  postWebhook(body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  stop(): Promise<void>;
}

export interface StackOptions {
  signalTimeoutMs?: number;
  /** Merged over the stack's own config (connection `test` is MK.IO, project unique). */
  config?: Record<string, unknown>;
  /** Extra fields for the `test` connection (apiBaseUrl, apiToken, on...). */
  connection?: Record<string, unknown>;
  /** Replace the Temporal dispatcher (e.g. one that cannot reach Temporal). */
  dispatcher?: (client: Client, config: ReelflowConfig) => Dispatcher;
  /** Start no worker (the test starts its own). */
  noWorker?: boolean;
  /** Listen on a real port (fakes deliver webhooks over HTTP); `url` is then set. */
  listen?: boolean;
}

/** The real thing in one process: ingress (fastify, driven with inject) + workers, on the test dev server. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const taskQueue = unique('tq');
  const project = unique('proj');
  const secret = unique('secret');
  const config = validateConfig(
    {
      server: { signalTimeout: options.signalTimeoutMs ?? 5000 },
      temporal: { taskQueue },
      lifecycle: { lingerAfterTerminal: 60_000 },
      ...options.config,
      connections: [{ name: 'test', provider: 'mkio', project, secret, ...options.connection }],
    },
    'test stack',
  );
  const client = await testClient();
  const nativeConnection = await NativeConnection.connect({ address: testAddress() });
  const workers = options.noWorker ? [] : await createWorkers({ connection: nativeConnection, namespace: 'default', config, client, workflowBundle: await workflowBundle() });
  const running = runWorkers(workers);
  const dispatcher = options.dispatcher?.(client, config) ?? configuredDispatcher(client, config);
  const app = await buildIngress({ config, client, dispatcher, temporalReady: async () => true, logger: false });
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : undefined;
  return {
    url,
    postWebhook: (body, headers = {}) =>
      app.inject({
        method: 'POST',
        url: '/webhooks/mkio/test',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': secret, ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    app,
    client,
    workers,
    config,
    taskQueue,
    project,
    secret,
    async stop() {
      await app.close();
      await running.stop();
      await nativeConnection.close();
      await client.connection.close();
    },
  };
}
