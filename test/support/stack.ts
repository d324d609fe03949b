import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { validateConfig, type ConfiguredConnection, type ReelflowConfig } from '../../src/config/load';
import { buildIngress } from '../../src/ingress/app';
import { providerModule } from '../../src/providers/registry';
import type { ProviderModule, RunningFake } from '../../src/providers/types';
import { configuredDispatcher, type Dispatcher } from '../../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../../src/worker';
import { testAddress, testClient, unique, workflowBundle } from './temporal';

export interface Stack {
  app: FastifyInstance;
  client: Client;
  workers: Worker[];
  config: ReelflowConfig;
  taskQueue: string;
  provider: string;
  /** The `test` connection, as validated (its secrets included). */
  connection: ConfiguredConnection;
  /** The account in this stack's resource keys: unique per stack where the platform has one, so workflow ids never collide. */
  account: string;
  /** Base URL of the listening ingress (with `listen: true`). */
  url?: string;
  /** POSTs a body to the `test` connection, signed as its platform signs it (headers override). */
  postWebhook(body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Makes a fake platform deliver this connection's webhooks to the listening ingress. */
  connectFake(fake: RunningFake): void;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The platform of the `test` connection (default mkio). */
  provider?: string;
  signalTimeoutMs?: number;
  /** Merged over the stack's own config. */
  config?: Record<string, unknown>;
  /** Extra fields for the `test` connection (apiBaseUrl, apiToken, on...). */
  connection?: Record<string, unknown>;
  /** More connections beside `test`, by their own names (another platform's, say). */
  connections?: Record<string, unknown>[];
  /** Replace the Temporal dispatcher (e.g. one that cannot reach Temporal). */
  dispatcher?: (client: Client, config: ReelflowConfig) => Dispatcher;
  /** Start no worker (the test starts its own). */
  noWorker?: boolean;
  /** Listen on a real port (fakes deliver webhooks over HTTP); `url` is then set. */
  listen?: boolean;
}

/** The real thing in one process: ingress (fastify, driven with inject) + workers, on the test dev server. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const provider = options.provider ?? 'mkio';
  const module: ProviderModule = providerModule(provider)!;
  const taskQueue = unique('tq');
  const { entry, account } = module.testKit.connection({ name: 'test', account: unique('acct') });
  const config = validateConfig(
    {
      server: { signalTimeout: options.signalTimeoutMs ?? 5000 },
      temporal: { taskQueue },
      lifecycle: { lingerAfterTerminal: 60_000 },
      // Each stack its own inbox; tests that need one on disk (restarts, locks) set a file. A busy
      // shared machine can take over a second to start a workflow: tests that expect `spooled` say so.
      inbox: { file: ':memory:', ackDeadline: '10s' },
      ...options.config,
      connections: [{ ...entry, ...options.connection }, ...(options.connections ?? [])],
    },
    'test stack',
  );
  const connection = config.connections[0]!;
  const client = await testClient();
  const nativeConnection = await NativeConnection.connect({ address: testAddress() });
  const workers = options.noWorker ? [] : await createWorkers({ connection: nativeConnection, namespace: 'default', config, client, workflowBundle: await workflowBundle() });
  const running = runWorkers(workers);
  const dispatcher = options.dispatcher?.(client, config) ?? configuredDispatcher(client, config);
  const app = await buildIngress({ config, client, dispatcher, temporalReady: async () => true, logger: false });
  const url = options.listen ? await app.listen({ host: '127.0.0.1', port: 0 }) : undefined;
  return {
    url,
    postWebhook: (body, headers = {}) => {
      const signed = module.testKit.sign(connection, typeof body === 'string' ? body : JSON.stringify(body));
      return app.inject({ method: 'POST', url: `/webhooks/${provider}/test`, headers: { ...signed.headers, ...headers }, payload: signed.body });
    },
    connectFake: (fake) => {
      if (!url) throw new Error('connectFake needs a listening stack (listen: true)');
      module.simulator.connect(fake, connection, `${url}/webhooks/${provider}/test`);
    },
    app,
    client,
    workers,
    config,
    taskQueue,
    provider,
    connection,
    account,
    async stop() {
      await app.close();
      await running.stop();
      await nativeConnection.close();
      await client.connection.close();
    },
  };
}
