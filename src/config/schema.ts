import { z } from 'zod';
import { Kind } from '../domain/phase';
import { ActionName } from './actions';
import { Duration, PositiveDuration } from './duration';
import { numeric } from './envNumber';

/**
 * The config file's shape (docs/architecture.md#configuration). Connections and simulators are checked per provider by
 * each provider module's own schema (see load.ts), so this file never grows a case per platform.
 */
export const ServerConfig = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: numeric(z.number().int().min(0).max(65535)).default(3000),
  /** Bodies above this are answered 413 before any parsing. */
  bodyLimitBytes: numeric(z.number().int().positive()).default(1024 * 1024),
  /** How long one hand-off to Temporal (signalWithStart) may take before the relay counts it failed and retries later. */
  signalTimeout: PositiveDuration.default(1500),
  /** The URL platforms reach this ingress at (https://reelflow.example.com): `reelflow webhooks sync` registers it. */
  publicUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).optional(),
  /** Bearer token of the management API under /api/; without one the API is closed. */
  apiToken: z.string().min(16, 'at least 16 characters').optional(),
});

export const TemporalConfig = z.strictObject({
  taskQueue: z.string().min(1).default('reelflow'),
  /** host:port where the worker serves the Temporal SDK's Prometheus metrics (task latencies, polls...). */
  workerMetricsAddress: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'host:port')
    .optional(),
  namespace: z.string().min(1).default('default'),
  /** The embedded dev server, used when TEMPORAL_ADDRESS is not set. */
  devServer: z
    .strictObject({
      ip: z.string().default('127.0.0.1'),
      port: numeric(z.number().int().positive()).default(7233),
      uiPort: numeric(z.union([z.number().int().positive(), z.literal(false)])).default(8233),
      dbFile: z.string().default('.data/temporal.sqlite'),
    })
    .prefault({}),
  /** How the worker holds workflows in memory (see README, Capacity). */
  worker: z
    .strictObject({
      /**
       * Workflows kept in memory between their tasks (~340 KiB of RSS each, mostly the SDK's own
       * sandbox). One not cached is rebuilt from its history at its next task: a history read from
       * the server and ~10 ms of CPU. The SDK's own default grows with the heap limit (~2,300 here).
       */
      maxCachedWorkflows: numeric(z.number().int().min(0)).default(1000),
    })
    .prefault({}),
});

/** The durable inbox (docs/architecture.md#the-durable-inbox): every verified webhook is stored before its 2xx, then relayed to Temporal. */
export const InboxConfig = z.strictObject({
  /** The SQLite file (WAL mode); `:memory:` keeps nothing across a restart and is only for tests. */
  file: z.string().min(1).default('.data/inbox.sqlite'),
  /** `full` survives a power cut; `normal` only a crash of the process, for a few times the write rate. */
  synchronous: z.enum(['full', 'normal']).default('full'),
  /** A write waits this long for a lock before the ingress answers 503. */
  busyTimeout: Duration.prefault('1s'),
  /** How long the webhook's answer waits for Temporal to hold the event: 200 `accepted` within it, 202 `spooled` after. */
  ackDeadline: Duration.prefault('1s'),
  /** Hand-offs to Temporal in flight at once. */
  concurrency: numeric(z.number().int().positive()).default(32),
  /** Times Temporal may refuse one event (an answer, not an outage) before it becomes a dead letter. */
  maxAttempts: numeric(z.number().int().positive()).default(10),
  /** A row still pending after this long (Temporal down all along) becomes a dead letter. */
  maxAge: PositiveDuration.prefault('3d'),
  /** Retry delays double from `minBackoff` up to `maxBackoff`. */
  minBackoff: PositiveDuration.prefault('500ms'),
  maxBackoff: PositiveDuration.prefault('1m'),
  retention: z
    .strictObject({
      /** Delivered, closed, ignored and rejected rows. */
      delivered: PositiveDuration.prefault('7d'),
      /** Dead letters stay longer: someone has to look at them. */
      failed: PositiveDuration.prefault('30d'),
    })
    .prefault({}),
});

export const LifecycleConfig = z.strictObject({
  /** How long a finished resource keeps absorbing late duplicates before its workflow completes. */
  lingerAfterTerminal: Duration.prefault('24h'),
  /**
   * A resource that lives longer than this (a live stream lives for months) continues as new and
   * re-reads its actions and wait policy from the config, so a config change reaches it.
   */
  refreshEvery: PositiveDuration.prefault('24h'),
});

/** Wait, then poll (docs/architecture.md#wait-then-poll): each level may override the one above it. */
const WaitOverrides = z.strictObject({
  /** No event for this long → poll the provider's API. */
  quietFor: PositiveDuration.optional(),
  /** Poll intervals double up to this. */
  maxPollInterval: PositiveDuration.optional(),
  /** No transition for this long → phase `stalled`, the alert runs, polling stops. */
  maxWait: PositiveDuration.optional(),
});

export const PollingConfig = z.strictObject({
  quietFor: PositiveDuration.prefault('10m'),
  maxPollInterval: PositiveDuration.prefault('15m'),
  maxWait: PositiveDuration.prefault('24h'),
  providers: z
    .record(
      z.string(),
      WaitOverrides.extend({
        /** Provider GETs per second across every workflow and worker (a task-queue rate limit). */
        maxRequestsPerSecond: numeric(z.number().positive()).optional(),
        /** By kind; a key read as text first, so a wrong one is refused listing the kinds (an enum key would only be "unrecognized"). */
        kinds: z.partialRecord(z.string().pipe(Kind), WaitOverrides).default({}),
      }),
    )
    .default({}),
});

export const ReelflowConfigShape = z.strictObject({
  server: ServerConfig.prefault({}),
  temporal: TemporalConfig.prefault({}),
  inbox: InboxConfig.prefault({}),
  lifecycle: LifecycleConfig.prefault({}),
  polling: PollingConfig.prefault({}),
  /** Named actions; connections' `on:` rules refer to them by name. Secrets stay here, out of workflow history. */
  actions: z.record(ActionName, z.looseObject({})).default({}), // each checked by ActionSpec in load.ts, so a bad type lists the types
  connections: z.array(z.looseObject({ name: z.string(), provider: z.string() })).default([]),
  /** Fake platforms `npm start` runs beside Reelflow, by provider; each is checked by its own schema (see load.ts). */
  simulators: z.record(z.string(), z.unknown()).default({}),
});
