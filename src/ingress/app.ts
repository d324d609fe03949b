import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { ReelflowConfig } from '../config/load';
import { openInbox } from '../inbox/open';
import { Relay } from '../inbox/relay';
import { startRetention } from '../inbox/retention';
import type { InboxStore } from '../inbox/types';
import type { Dispatcher } from '../temporal/dispatch';
import { registerErrorHandler } from './errors';
import { hardenedServerOptions, registerHardening } from './hardening';
import { IngressMetrics } from './metrics';
import { createLogger, type ReelflowLogger } from '../observability/logger';
import type { Client } from '@temporalio/client';
import { apiRoutes } from './routes/api';
import { healthRoutes } from './routes/health';
import { webhookRoutes } from './routes/webhooks';

export interface IngressDeps {
  config: ReelflowConfig;
  /** For the management API (/api/); without it, only webhooks and health are served. */
  client?: Client;
  dispatcher: Dispatcher;
  /** The delivery log; opened from `config.inbox` when not given. Closed with the app either way. */
  inbox?: InboxStore;
  temporalReady: () => Promise<boolean>;
  /** The process's logger (main.ts); `false`: silent; settings: a logger of its own (tests pass a `stream` and read it). */
  logger?: ReelflowLogger | false | IngressLoggerSettings;
}

export interface IngressLoggerSettings {
  level?: string;
  stream?: DestinationStream;
}

/** Settings of the ingress's own JSON logger at this level (tests add a `stream`). */
export function defaultLogger(level = process.env.LOG_LEVEL ?? 'info'): IngressLoggerSettings {
  return { level };
}

/** Typed as fastify's logger, so the app keeps fastify's default instance type. */
function loggerFor(option: IngressDeps['logger']): FastifyBaseLogger {
  if (option === false) return createLogger({ level: 'silent' });
  if (option && 'child' in option) return option;
  return createLogger({ level: option?.level, destination: option?.stream });
}

export async function buildIngress(deps: IngressDeps): Promise<FastifyInstance> {
  const logger = loggerFor(deps.logger);
  const app = Fastify({
    loggerInstance: logger,
    // A webhook says its own line; fastify's request and response lines (two more per request) join it at debug.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(logger.level) }),
    bodyLimit: deps.config.server.bodyLimitBytes,
    // Providers retry on slow answers; a stuck socket must not hold a worker slot forever.
    requestTimeout: 30_000,
    ...hardenedServerOptions(),
  });
  registerErrorHandler(app);
  registerHardening(app);
  const metrics = new IngressMetrics();
  const inbox = deps.inbox ?? openInbox(deps.config.inbox);
  const relay = relayFor(deps, inbox, app.log, metrics);
  metrics.watch({ inbox, relay, log: app.log });
  let stopRetention = () => {};
  app.addHook('onReady', async () => {
    await relay.start();
    stopRetention = startRetention(inbox, deps.config.inbox.retention, app.log);
  });
  app.addHook('onClose', async () => {
    stopRetention();
    await relay.stop();
    await inbox.close();
  });
  await app.register(healthRoutes, { temporalReady: deps.temporalReady, inbox, metrics });
  if (deps.client) await app.register(apiRoutes, { config: deps.config, client: deps.client, inbox });
  await app.register(webhookRoutes, { config: deps.config, inbox, relay, metrics });
  return app;
}

function relayFor(deps: IngressDeps, inbox: InboxStore, log: FastifyInstance['log'], metrics: IngressMetrics): Relay {
  const settings = deps.config.inbox;
  return new Relay(
    inbox,
    deps.dispatcher,
    {
      concurrency: settings.concurrency,
      // Longer than any one hand-off, so a live attempt is never taken over.
      leaseMs: deps.config.server.signalTimeout * 4,
      maxAttempts: settings.maxAttempts,
      maxAgeMs: settings.maxAge,
      minBackoffMs: settings.minBackoff,
      maxBackoffMs: settings.maxBackoff,
    },
    log,
    metrics,
  );
}
