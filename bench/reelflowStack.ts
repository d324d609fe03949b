import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { validateConfig, type ReelflowConfig } from '../src/config/load';
import { buildIngress } from '../src/ingress/app';
import { configuredDispatcher, type Dispatcher } from '../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../src/worker';
import { nowMs } from './clock';

/** What the bench saw of one webhook on the Reelflow side (nowMs clock). */
export interface IngressStamp {
  /** The request reached fastify (onRequest: headers in, before the body is read). */
  receivedAt: number;
  /** The webhook route called dispatcher.deliver() (verified and parsed). */
  deliverStartAt?: number;
  /** signalWithStart returned: Temporal holds the event. */
  deliverEndAt?: number;
}

export interface ReelflowUnderTest {
  /** Base URL of the listening ingress ('' when this process runs the workers only). */
  url: string;
  /** The webhook path of the bench connection. */
  webhookPath: string;
  client: Client;
  config: ReelflowConfig;
  /** The main worker first (createWorkers' order): its compiled options and status. None when this process runs the ingress only. */
  workers: readonly Worker[];
  /** First sighting per `${CloudEvents type} ${resource key}`, e.g. `MediaKind.JobFinished mkio:p:job:t/j`. */
  readonly stamps: ReadonlyMap<string, IngressStamp>;
  stop(): Promise<void>;
}

export interface ReelflowBenchOptions {
  temporalAddress: string;
  project: string;
  secret: string;
  apiBaseUrl: string;
  apiToken: string;
  notifyUrl: string;
  /** Default `reelflow-bench`; two stacks on one dev server need two queues. */
  taskQueue?: string;
  /** The inbox's SQLite file; default the config's (`.data/inbox.sqlite` in the working directory). */
  inboxFile?: string;
  /** Default 10m: no poll during a run of a few minutes. At most 1h (polling.maxWait). */
  pollQuietFor?: string;
  /** `temporal.worker.maxCachedWorkflows` (bench:capacity); unset leaves the product's default. */
  maxCachedWorkflows?: number;
  /**
   * What this process runs: `all` (default) as `npm start` does, or one half of the compose
   * topology, `ingress` (`reelflow ingress`: no workers) or `worker` (`reelflow worker`: no ingress).
   */
  part?: 'all' | 'ingress' | 'worker';
}

export const stampKey = (type: string, key: string): string => `${type} ${key}`;

/** `/api/v1/projects/p/transforms/t/jobs/j` (and MK.IO's other spellings) → `mkio:p:job:t/j`. */
function jobKeyFromSource(source: unknown): string | undefined {
  if (typeof source !== 'string') return undefined;
  const found = /\/(?:projects\/|ams\/)([^/]+)\/(?:media\/)?transforms\/([^/]+)\/jobs\/([^/?#]+)/.exec(source);
  return found ? `mkio:${found[1]}:job:${found[2]}/${found[3]}` : undefined;
}

/**
 * Reelflow in this process, exactly as `npm start` wires it (config → workers → ingress →
 * dispatcher), or one half of it (`part`), with two observation points and no change to product code:
 *
 * - fastify hooks added to the app buildIngress returns, before listen: `onRequest` stamps the
 *   arrival of every request (the earliest moment fastify sees it, before the body is read);
 *   `preHandler` reads the raw body (the webhook route parses JSON to a Buffer) for the event
 *   type and job, and files the stamp under them. fastify applies root hooks added before
 *   `ready` to routes of plugins registered earlier (checked against fastify 5), so the
 *   webhook route runs them.
 * - the Dispatcher handed to buildIngress is the real configuredDispatcher wrapped to stamp
 *   the start and end of each signalWithStart (for the breakdown of where the time goes).
 *
 * A recording proxy in front of the ingress would have worked too, but it adds a hop to every
 * measured webhook; hooks add two closures.
 */
export async function startReelflow(options: ReelflowBenchOptions): Promise<ReelflowUnderTest> {
  const config = validateConfig(
    {
      server: { signalTimeout: 5000 },
      temporal: {
        taskQueue: options.taskQueue ?? 'reelflow-bench',
        ...(options.maxCachedWorkflows === undefined ? {} : { worker: { maxCachedWorkflows: options.maxCachedWorkflows } }),
      },
      ...(options.inboxFile ? { inbox: { file: options.inboxFile } } : {}),
      // Terminal workflows linger (absorbing late duplicates) past the end of the run: no
      // completion work competes with the measurement.
      lifecycle: { lingerAfterTerminal: '1h' },
      // Webhooks flow: no poll may happen during the run (a GET would show in getsByJob).
      polling: { quietFor: options.pollQuietFor ?? '10m', maxWait: '1h', ...(options.pollQuietFor ? { maxPollInterval: options.pollQuietFor } : {}) },
      actions: { 'notify-bench': { type: 'notify.http', url: `${options.notifyUrl}/hooks/reelflow` } },
      connections: [
        {
          name: 'bench',
          provider: 'mkio',
          project: options.project,
          secret: options.secret,
          apiBaseUrl: options.apiBaseUrl,
          apiToken: options.apiToken,
          on: [{ kind: 'job', phase: 'ready', run: ['notify-bench'] }],
        },
      ],
    },
    'reaction bench',
  );

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => process.stderr.write(`bench shutdown: ${error.message}\n`));
  };
  const part = options.part ?? 'all';
  try {
    let workers: Worker[] = [];
    if (part !== 'ingress') {
      const nativeConnection = await NativeConnection.connect({ address: options.temporalAddress });
      stops.push(() => nativeConnection.close());
      const activityClient = new Client({ connection: await Connection.connect({ address: options.temporalAddress }) });
      stops.push(() => activityClient.connection.close());
      workers = await createWorkers({ connection: nativeConnection, namespace: 'default', config, client: activityClient });
      const running = runWorkers(workers);
      stops.push(() => running.stop());
    }

    // As main.ts: the ingress's client on the Rust core's connection.
    const client = new Client({ connection: await NativeConnection.connect({ address: options.temporalAddress }) });
    stops.push(() => client.connection.close());

    const stamps = new Map<string, IngressStamp>();
    const webhookPath = '/webhooks/mkio/bench';
    if (part === 'worker') return { url: '', webhookPath, client, config, workers, stamps, stop: stopAll };

    const real = configuredDispatcher(client, config);
    const dispatcher: Dispatcher = {
      async deliver(event) {
        const stamp = stamps.get(stampKey(event.type, event.key));
        const startAt = nowMs();
        const result = await real.deliver(event);
        if (stamp && stamp.deliverStartAt === undefined) {
          stamp.deliverStartAt = startAt;
          stamp.deliverEndAt = nowMs();
        }
        return result;
      },
    };

    const app: FastifyInstance = await buildIngress({ config, dispatcher, temporalReady: async () => true, logger: false });
    const arrivals = new WeakMap<object, number>();
    app.addHook('onRequest', async (request) => {
      arrivals.set(request, nowMs());
    });
    app.addHook('preHandler', async (request) => {
      const receivedAt = arrivals.get(request);
      if (receivedAt === undefined || !Buffer.isBuffer(request.body)) return;
      try {
        const event = JSON.parse(request.body.toString('utf8')) as { type?: unknown; source?: unknown };
        const key = jobKeyFromSource(event.source);
        if (typeof event.type !== 'string' || !key) return;
        const id = stampKey(event.type, key);
        if (!stamps.has(id)) stamps.set(id, { receivedAt });
      } catch {
        // the route answers malformed bodies itself
      }
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    stops.push(() => app.close());

    return { url, webhookPath, client, config, workers, stamps, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
