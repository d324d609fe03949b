import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type LogLevel, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { startDemoSimulators } from './simulators/demo';
import { loadConfig, type ReelflowConfig } from './config/load';
import { buildIngress } from './ingress/app';
import { configuredDispatcher } from './temporal/dispatch';
import { startDevServer, type DevServer } from './temporal/devServer';
import { temporalTarget } from './temporal/connection';
import { ensureSearchAttributes } from './temporal/registerSearchAttributes';
import { createWorkers, runWorkers } from './worker';

export type Role = 'all' | 'ingress' | 'worker';

interface Running {
  stop(): Promise<void>;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Where Temporal is: an existing cluster (TEMPORAL_ADDRESS...) or our own dev server. */
async function temporalFor(config: ReelflowConfig, role: Role) {
  const target = temporalTarget();
  const namespace = target.namespace ?? config.temporal.namespace;
  if (target.external) {
    if (role !== 'ingress') {
      await ensureSearchAttributes(target.connectionOptions, namespace).catch((error: Error) =>
        say(`warning: could not register search attributes on ${target.address}: ${error.message} (register them by hand; see README)`),
      );
    }
    return { connectionOptions: target.connectionOptions, namespace, devServer: undefined as DevServer | undefined };
  }
  const dev = config.temporal.devServer;
  const devServer = await startDevServer({ ip: dev.ip, port: dev.port, uiPort: dev.uiPort, dbFile: dev.dbFile, namespace, log: say });
  if (devServer.cli) say(`temporal dev server ${devServer.cli.version} (found via ${devServer.cli.source}: ${devServer.cli.path})`);
  return { connectionOptions: { address: devServer.address }, namespace, devServer };
}

/** Starts the requested parts in this process; resolves once they all listen. */
export async function start(role: Role, config: ReelflowConfig = loadConfig()): Promise<Running> {
  const temporal = await temporalFor(config, role);
  const stops: Array<() => Promise<void>> = [];
  let workers: Worker[] = [];
  let app: FastifyInstance | undefined;

  if (role !== 'ingress') {
    // The SDK logs each webpack module at INFO; WARN keeps a start-up readable (TEMPORAL_LOG_LEVEL=INFO for all).
    const metricsAddress = config.temporal.workerMetricsAddress;
    Runtime.install({
      logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL ?? 'WARN') as LogLevel),
      ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
    });
    if (metricsAddress) say(`worker metrics (Prometheus) on http://${metricsAddress}/metrics`);
    const nativeConnection = await NativeConnection.connect(temporal.connectionOptions);
    const activityClient = new Client({ connection: await Connection.connect(temporal.connectionOptions), namespace: temporal.namespace });
    workers = await createWorkers({ connection: nativeConnection, namespace: temporal.namespace, config, client: activityClient });
    const running = runWorkers(workers);
    stops.push(async () => {
      await running.stop();
      await nativeConnection.close();
      await activityClient.connection.close();
    });
  }

  if (role !== 'worker') {
    const connection = await Connection.connect(temporal.connectionOptions);
    const client = new Client({ connection, namespace: temporal.namespace });
    app = await buildIngress({
      config,
      client,
      dispatcher: configuredDispatcher(client, config),
      temporalReady: async () => {
        await connection.withDeadline(Date.now() + 1000, () => connection.healthService.check({}));
        return true;
      },
    });
    await app.listen({ host: config.server.host, port: config.server.port });
    stops.unshift(async () => {
      await app?.close();
      await connection.close();
    });
  }
  if (temporal.devServer) stops.push(() => temporal.devServer!.stop());

  // Demo mode: fake providers beside us, delivering to our own ingress.
  const ingressUrl = app ? `http://${config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host}:${(app.server.address() as AddressInfo).port}` : undefined;
  const fakes =
    role === 'all'
      ? await startDemoSimulators(config, ingressUrl).catch(async (error: Error) => {
          for (const stopOne of stops) await stopOne().catch(() => {}); // what this start launched goes with it
          throw error;
        })
      : [];
  for (const { fake } of fakes) stops.unshift(() => fake.close());

  say('');
  say(`reelflow (${role}) is up — config: ${config.origin}`);
  say(`  temporal      ${temporal.connectionOptions.address ?? '(from profile)'} namespace ${temporal.namespace}${temporal.devServer?.reused ? ' (reused)' : ''}`);
  if (temporal.devServer?.uiUrl) say(`  temporal ui   ${temporal.devServer.uiUrl}`);
  if (workers.length) say(`  worker        task queues ${workers.map((w) => w.options.taskQueue).join(', ')}`);
  if (app) {
    say(`  ingress       ${ingressUrl}  (POST /webhooks/<provider>/<connection>, GET /healthz, GET /readyz)`);
    for (const c of config.connections) say(`    connection  ${c.provider}/${c.name} → /webhooks/${c.provider}/${c.name}`);
  }
  if (fakes.length) say(`  fakes         \`npm run simulate -- <provider> [vod-happy|vod-error|live-session|lost-webhooks]\` drives them`);
  for (const { provider, title, fake } of fakes) say(`    ${provider.padEnd(12)}${fake.url}  (${title})`);
  say('');

  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        for (const stopOne of stops) await stopOne().catch((error: Error) => say(`shutdown: ${error.message}`));
      })()),
  };
}

/** Runs until SIGINT/SIGTERM, then stops the ingress first, the worker next, the dev server last. */
export async function runUntilSignal(role: Role): Promise<void> {
  const running = await start(role);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      say(`${signal}: stopping…`);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await running.stop();
  say('stopped');
}
