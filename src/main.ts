import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { startDemoSimulators } from './simulators/demo';
import { DEMO_API_TOKEN } from './config/demo';
import { loadConfig, type ReelflowConfig } from './config/load';
import { buildIngress } from './ingress/app';
import { configuredDispatcher } from './temporal/dispatch';
import { startDevServer, type DevServer } from './temporal/devServer';
import { superviseDevServer, watchReusedDevServer } from './temporal/devServerSupervisor';
import type { Role } from './startup/role';
import { ensurePortFree } from './startup/ports';
import { portUses, startFailureLine } from './startup/startFailure';
import { temporalTarget } from './temporal/connection';
import { ensureNexusEndpoint } from './temporal/nexusEndpoint';
import { ensureSearchAttributes, TemporalNotReadyError } from './temporal/registerSearchAttributes';
import { keepSyncingReconcileSchedules } from './temporal/reconcileSchedules';
import { createWorkers, runWorkers } from './worker';
import { announce } from './observability/banner';
import { createLogger, type ReelflowLogger } from './observability/logger';
import { DEFAULT_NEXUS_ENDPOINT } from '../workflows/nexusService';
import { temporalLogLevel, temporalRuntimeOptions } from './observability/temporalLogger';

export type { Role } from './startup/role';

interface Running {
  stop(): Promise<void>;
  /** Rejects with one line when a part this start launched stopped for good (a worker, or a dev server that did not come back). */
  failed: Promise<never>;
}

const never = new Promise<never>(() => {});

/** Where Temporal is: an existing cluster (TEMPORAL_ADDRESS...) or our own dev server. */
async function temporalFor(config: ReelflowConfig, role: Role, log: ReelflowLogger) {
  const target = temporalTarget();
  const namespace = target.namespace ?? config.temporal.namespace;
  if (target.external) {
    if (role !== 'ingress') {
      // A cluster still starting (compose: the namespace job) is waited for, each retry said; then one line and exit 1.
      await ensureSearchAttributes(target.connectionOptions, namespace, { log: (line) => log.warn(line) }).catch((error: Error) => {
        if (error instanceof TemporalNotReadyError) throw error;
        log.warn({ address: target.address, err: error }, 'could not register search attributes (register them by hand; see README)');
      });
    }
    return { connectionOptions: target.connectionOptions, namespace, devServer: undefined as DevServer | undefined, stopDevServer: async () => {}, devServerFailed: never };
  }
  const dev = config.temporal.devServer;
  const devLog = log.child({ component: 'temporal-dev-server' });
  const options = { ip: dev.ip, port: dev.port, uiPort: dev.uiPort, dbFile: dev.dbFile, namespace, log: (line: string) => devLog.info(line), debug: (line: string) => devLog.debug(line) };
  const devServer = await startDevServer(options);
  if (devServer.cli) devLog.info({ version: devServer.cli.version, foundVia: devServer.cli.source, path: devServer.cli.path, serverPid: devServer.pid }, 'temporal dev server started');
  // Ours: brought back if it dies, on the same port only. Reused: watched, and this start ends once it is gone for good.
  const supervised = devServer.reused
    ? watchReusedDevServer(devServer)
    : superviseDevServer(devServer, { restart: () => startDevServer({ ...options, reuse: false }), log: (line) => devLog.warn(line) });
  return {
    connectionOptions: { address: devServer.address },
    namespace,
    devServer,
    stopDevServer: () => supervised.stop(),
    devServerFailed: supervised.failed,
  };
}

/** Before anything starts: a port another process holds is said now, not after the dev server is up. */
async function ensurePortsFree(config: ReelflowConfig, role: Role): Promise<void> {
  for (const use of portUses(config, role)) if (!use.devServer) await ensurePortFree(use.host, use.port);
}

/**
 * Starts the requested parts in this process; resolves once they all listen. Every line goes
 * through `log`. A failure on the way stops what this start launched (fakes, ingress, workers,
 * the dev server it spawned) before it is thrown.
 */
export async function start(role: Role, config: ReelflowConfig = loadConfig(), log: ReelflowLogger = createLogger()): Promise<Running> {
  await ensurePortsFree(config, role);
  // A file replaces the demo as a whole: one without connections is not a demo with settings, and says so.
  if (config.connections.length === 0) {
    log.warn({ config: config.origin }, 'this config has no connections: no webhook has anywhere to go (the embedded demo runs only without a config file)');
  }
  // What this start launched, newest first: stopped in that order (fakes, ingress, workers, dev server last).
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stopOne of stops) await stopOne().catch((error: Error) => log.error({ err: error }, 'shutdown step failed'));
  };
  let stopping = false;
  try {
    const temporal = await temporalFor(config, role, log);
    stops.unshift(() => temporal.stopDevServer());
    let workers: Worker[] = [];
    let workersFailed = never;
    let app: FastifyInstance | undefined;

    // The SDK's lines (TypeScript and Rust core) join ours, at TEMPORAL_LOG_LEVEL (WARN unless set).
    // No shutdown signals of the SDK's own: runUntilSignal owns them, and stops the ingress before the workers.
    const workerMetrics = role === 'ingress' ? undefined : config.temporal.workerMetricsAddress;
    Runtime.install({ ...temporalRuntimeOptions(log, temporalLogLevel(process.env.TEMPORAL_LOG_LEVEL), workerMetrics), shutdownSignals: [] });

    if (role !== 'ingress') {
      const nativeConnection = await NativeConnection.connect(temporal.connectionOptions);
      stops.unshift(() => nativeConnection.close());
      const activityConnection = await Connection.connect(temporal.connectionOptions);
      stops.unshift(() => activityConnection.close());
      const activityClient = new Client({ connection: activityConnection, namespace: temporal.namespace });
      workers = await createWorkers({ connection: nativeConnection, namespace: temporal.namespace, config, client: activityClient });
      const running = runWorkers(workers);
      stops.unshift(() => running.stop());
      workersFailed = running.done.then(
        () => (stopping ? never : Promise.reject(new Error('the worker stopped on its own'))),
        (error: Error) => Promise.reject(new Error(`the worker stopped: ${error.message.split('\n')[0]}`)),
      );
      workersFailed.catch(() => {}); // raced below; never an unhandled rejection
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
      // Not awaited: a sync still waiting on Temporal must not hold up the shutdown.
      stops.unshift(async () => schedules.stop());
    }

    if (role !== 'worker') {
      // The Rust core's connection, as the worker's: a signalWithStart cost this process 0.9–1.2 CPU ms against 2.0–2.1 on @grpc/grpc-js (same run, same dev server).
      const connection = await NativeConnection.connect(temporal.connectionOptions);
      stops.unshift(() => connection.close());
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
      const ingress = app;
      stops.unshift(() => ingress.close());
      await app.listen({ host: config.server.host, port: config.server.port });
    }

    // Demo mode: fake providers beside us, delivering to our own ingress.
    const ingressUrl = app ? `http://${config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host}:${(app.server.address() as AddressInfo).port}` : undefined;
    const fakes = role === 'all' ? await startDemoSimulators(config, ingressUrl) : [];
    for (const { fake } of fakes) stops.unshift(() => fake.close());

    announce(
      {
        role,
        configOrigin: config.origin,
        temporal: { address: temporal.connectionOptions.address, namespace: temporal.namespace, reused: temporal.devServer?.reused ?? false, uiUrl: temporal.devServer?.uiUrl },
        taskQueues: workers.map((w) => w.options.taskQueue),
        workerMetricsAddress: role !== 'ingress' ? config.temporal.workerMetricsAddress : undefined,
        ingressUrl,
        demoApiToken: app && config.server.apiToken === DEMO_API_TOKEN ? DEMO_API_TOKEN : undefined,
        connections: app ? config.connections.map(({ provider, name }) => ({ provider, name })) : [],
        fakes: fakes.map(({ provider, title, fake }) => ({ provider, title, url: fake.url })),
      },
      process.stdout,
      log,
    );

    let stopped: Promise<void> | undefined;
    return {
      failed: Promise.race([temporal.devServerFailed, workersFailed]),
      stop: () => {
        stopping = true;
        return (stopped ??= stopAll());
      },
    };
  } catch (error) {
    stopping = true;
    await stopAll();
    throw error;
  }
}

/**
 * Runs until SIGINT/SIGTERM/SIGHUP, then stops the ingress first, the worker next, the dev server last.
 * A start that fails, or a part that stops for good while running, is said in one line on
 * stderr (no stack) and ends with exit code 1, after stopping what this start launched.
 */
export async function runUntilSignal(role: Role): Promise<number> {
  const log = createLogger();
  const config = loadConfig();
  let running: Running;
  try {
    running = await start(role, config, log);
  } catch (error) {
    console.error(startFailureLine(error, portUses(config, role)));
    return 1;
  }
  const failure = await new Promise<Error | undefined>((resolve) => {
    const onSignal = (signal: string) => {
      log.info({ signal }, 'stopping');
      resolve(undefined);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    process.once('SIGHUP', onSignal); // the terminal closed: stop as cleanly as on SIGTERM
    running.failed.catch((error: Error) => resolve(error));
  });
  await running.stop();
  if (failure) {
    console.error(failure.message);
    return 1;
  }
  log.info('stopped');
  return 0;
}
