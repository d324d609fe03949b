import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { startDemoSimulators } from './simulators/demo';
import { loadConfig, type ReelflowConfig } from './config/load';
import { buildIngress } from './ingress/app';
import { configuredDispatcher } from './temporal/dispatch';
import { startDevServer, type DevServer } from './temporal/devServer';
import { temporalTarget } from './temporal/connection';
import { ensureNexusEndpoint } from './temporal/nexusEndpoint';
import { ensureSearchAttributes } from './temporal/registerSearchAttributes';
import { keepSyncingReconcileSchedules } from './temporal/reconcileSchedules';
import { createWorkers, runWorkers } from './worker';
import { announce } from './observability/banner';
import { createLogger, type ReelflowLogger } from './observability/logger';
import { DEFAULT_NEXUS_ENDPOINT } from '../workflows/nexusService';
import { temporalLogLevel, temporalRuntimeOptions } from './observability/temporalLogger';

export type Role = 'all' | 'ingress' | 'worker';

interface Running {
  stop(): Promise<void>;
}

/** Where Temporal is: an existing cluster (TEMPORAL_ADDRESS...) or our own dev server. */
async function temporalFor(config: ReelflowConfig, role: Role, log: ReelflowLogger) {
  const target = temporalTarget();
  const namespace = target.namespace ?? config.temporal.namespace;
  if (target.external) {
    if (role !== 'ingress') {
      await ensureSearchAttributes(target.connectionOptions, namespace).catch((error: Error) =>
        log.warn({ address: target.address, err: error }, 'could not register search attributes (register them by hand; see README)'),
      );
    }
    return { connectionOptions: target.connectionOptions, namespace, devServer: undefined as DevServer | undefined };
  }
  const dev = config.temporal.devServer;
  const devLog = log.child({ component: 'temporal-dev-server' });
  const devServer = await startDevServer({ ip: dev.ip, port: dev.port, uiPort: dev.uiPort, dbFile: dev.dbFile, namespace, log: (line) => devLog.info(line) });
  if (devServer.cli) devLog.info({ version: devServer.cli.version, foundVia: devServer.cli.source, path: devServer.cli.path }, 'temporal dev server started');
  return { connectionOptions: { address: devServer.address }, namespace, devServer };
}

/** Starts the requested parts in this process; resolves once they all listen. Every line goes through `log`. */
export async function start(role: Role, config: ReelflowConfig = loadConfig(), log: ReelflowLogger = createLogger()): Promise<Running> {
  const temporal = await temporalFor(config, role, log);
  const stops: Array<() => Promise<void>> = [];
  let workers: Worker[] = [];
  let app: FastifyInstance | undefined;

  if (role !== 'ingress') {
    // The SDK's lines (TypeScript and Rust core) join ours, at TEMPORAL_LOG_LEVEL (WARN unless set).
    Runtime.install(temporalRuntimeOptions(log, temporalLogLevel(process.env.TEMPORAL_LOG_LEVEL), config.temporal.workerMetricsAddress));
    const nativeConnection = await NativeConnection.connect(temporal.connectionOptions);
    const activityConnection = await Connection.connect(temporal.connectionOptions);
    const activityClient = new Client({ connection: activityConnection, namespace: temporal.namespace });
    workers = await createWorkers({ connection: nativeConnection, namespace: temporal.namespace, config, client: activityClient });
    const running = runWorkers(workers);
    // On our own dev server, the Nexus endpoint for other namespaces too (on a cluster, an operator creates it: see README).
    if (temporal.devServer) {
      const endpoint = { name: DEFAULT_NEXUS_ENDPOINT, namespace: temporal.namespace, taskQueue: config.temporal.taskQueue };
      // A reused server may serve another Reelflow: its endpoint is not ours to move.
      await ensureNexusEndpoint(activityConnection, endpoint, { repoint: !temporal.devServer.reused }).then(
        (outcome) =>
          outcome === 'elsewhere'
            ? log.warn({ ...endpoint }, 'nexus endpoint exists on this reused dev server and points elsewhere: left as it is')
            : log.info({ ...endpoint, outcome }, 'nexus endpoint ready'),
        (error: Error) => log.warn({ ...endpoint, err: error }, 'could not create the nexus endpoint'),
      );
    }
    // One schedule per connection that reconciles from its platform's delivery history; in the background, retried until Temporal takes it.
    const schedules = keepSyncingReconcileSchedules(activityClient, config, log.child({ component: 'reconcile' }));
    stops.push(async () => {
      schedules.stop(); // not awaited: a sync still waiting on Temporal must not hold up the shutdown
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
      logger: log,
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

  announce(
    {
      role,
      configOrigin: config.origin,
      temporal: { address: temporal.connectionOptions.address, namespace: temporal.namespace, reused: temporal.devServer?.reused ?? false, uiUrl: temporal.devServer?.uiUrl },
      taskQueues: workers.map((w) => w.options.taskQueue),
      workerMetricsAddress: role !== 'ingress' ? config.temporal.workerMetricsAddress : undefined,
      ingressUrl,
      connections: app ? config.connections.map(({ provider, name }) => ({ provider, name })) : [],
      fakes: fakes.map(({ provider, title, fake }) => ({ provider, title, url: fake.url })),
    },
    process.stdout,
    log,
  );

  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        for (const stopOne of stops) await stopOne().catch((error: Error) => log.error({ err: error }, 'shutdown step failed'));
      })()),
  };
}

/** Runs until SIGINT/SIGTERM, then stops the ingress first, the worker next, the dev server last. */
export async function runUntilSignal(role: Role): Promise<void> {
  const log = createLogger();
  const running = await start(role, loadConfig(), log);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      log.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  await running.stop();
  log.info('stopped');
}
