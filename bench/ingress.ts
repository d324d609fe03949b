/**
 * Ingress benchmark: `npm run bench:ingress [-- --quick] [-- --rates 25,50,100 --seconds 5 --burst 10000]`.
 * `BENCH_QUICK=1` is the same as `--quick` (about a minute instead of about four).
 *
 * What does the durable inbox cost a platform, and how much of Temporal's capacity does the
 * relay use? In one run, on one machine, against one Temporal dev server of its own:
 *
 * (a) Reelflow's ingress (verify, parse, store in SQLite on disk, wait up to `inbox.ackDeadline`
 *     for the relay) with its worker running, as `npm start` wires them;
 * (b) a bare fastify handler that checks the same secret in constant time and answers;
 * (c) a bare signalWithStart loop of a minimal workflow (one signal, then done), with a worker;
 *     and once more after (a)'s burst, with no worker, so the relay alone is compared with a bare
 *     loop on a dev server in the same state (thousands of workflows more than at the start).
 *
 * Each gets MK.IO JobStarted webhooks (CloudEvents as MK.IO sends them, a new job and event id
 * in each) at fixed offered rates, open loop. (a)'s inbox is sampled every 500 ms throughout;
 * then a burst of 10,000 goes to (a) and to (b). Figures are ratios to (b) and (c) from the same
 * run (docs/architecture.md#figures); absolute times are notes. Progress goes to stderr; the report to stdout, its
 * last line one JSON object. A missed target is reported, not fatal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { validateConfig, type ReelflowConfig } from '../src/config/load';
import { openInbox } from '../src/inbox/open';
import type { InboxStore } from '../src/inbox/types';
import { buildIngress } from '../src/ingress/app';
import { isMkioConnection, type MkioConnection } from '../src/providers/mkio/connection';
import { mkioTestKit } from '../src/providers/mkio/testKit';
import { jobCloudEvent } from '../src/simulators/mkio/cloudEvents';
import { configuredDispatcher } from '../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../src/worker';
import { RELAY_ALONE } from './inboxSampler';
import { startBareWebhookServer } from './bareWebhookServer';
import { startBenchTemporal, type BenchTemporal } from './benchTemporal';
import { nowMs, sleep } from './clock';
import { measureIdle, measureLoad, type IdleCost, type ProcessLoad } from './processLoad';
import { sampleInbox, type InboxSampler } from './inboxSampler';
import { report, type Step, type IngressRun } from './ingressReport';
import { runClosedLoop, runPaced, type PacedResult } from './paced';
import { startSignalBaseline } from './signalBaseline';
import { benchEvent, type benchMinimal } from './minimalWorkflow';
import { burstWebhooks, type BurstResult } from './webhookBurst';
import { ID_PLACEHOLDER, offerWebhooks } from './webhookLoad';
import { runBench } from './runBench';

const progress = (line: string) => process.stderr.write(`[bench:ingress] ${line}\n`);

export interface Options {
  rates: number[];
  seconds: number;
  warmupSeconds: number;
  burst: number;
  burstConnections: number;
  /** How long (c) runs flat out to measure the most signalWithStart/s the dev server takes. */
  capacitySeconds: number;
  /** Longest wait for (a)'s backlog to drain between rates (and to watch it after the burst). */
  drainCapSeconds: number;
  burstDrainSeconds: number;
  /** The product default (`full`) unless investigating what fsync per commit costs. */
  synchronous: 'full' | 'normal';
  /** `inbox.ackDeadline` in ms: 1000 (the default) waits for Temporal; 0 answers once the event is stored. */
  ackDeadlineMs: number;
  quick: boolean;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
      rates: { type: 'string' },
      seconds: { type: 'string' },
      burst: { type: 'string' },
      'burst-connections': { type: 'string' },
      'inbox-synchronous': { type: 'string', default: 'full' },
      'ack-deadline': { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench:ingress -- [--quick] [--rates 25,50,100,200] [--seconds 5 (per rate)] [--burst 10000] [--burst-connections 500] [--inbox-synchronous full|normal] [--ack-deadline ms (0: answer once stored)]\n' +
        '       BENCH_QUICK=1 is --quick: rates 50,200 for 3 s each, a burst of 2000\n',
    );
    process.exit(0);
  }
  const quick = values.quick;
  const synchronous = values['inbox-synchronous'];
  if (synchronous !== 'full' && synchronous !== 'normal') throw new Error(`--inbox-synchronous must be full or normal (got "${synchronous}")`);
  const positive = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got "${text}")`);
    return n;
  };
  const rates = (values.rates ?? (quick ? '50,200' : '25,50,100,200')).split(',').map((r) => positive('rates', r.trim(), 0));
  return {
    rates: [...rates].sort((x, y) => x - y),
    seconds: positive('seconds', values.seconds, quick ? 3 : 5),
    warmupSeconds: quick ? 1 : 2,
    burst: Math.round(positive('burst', values.burst, quick ? 2000 : 10_000)),
    burstConnections: Math.round(positive('burst-connections', values['burst-connections'], quick ? 200 : 500)),
    capacitySeconds: quick ? 4 : 6,
    drainCapSeconds: quick ? 20 : 45,
    burstDrainSeconds: quick ? 5 : 8,
    synchronous,
    ackDeadlineMs: ackDeadline(values['ack-deadline']),
    quick,
  };
}

function ackDeadline(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`--ack-deadline must be a whole number of ms, 0 or more (got "${text}")`);
  return ms;
}

/** A JobStarted CloudEvent for a job of its own: every request is a new event on a new resource. */
function webhookTemplate(project: string): string {
  return JSON.stringify(
    jobCloudEvent({ project, transform: 'encode-h264', job: `job-${ID_PLACEHOLDER}`, id: ID_PLACEHOLDER, type: 'MediaKind.JobStarted', previousState: 'Queued', state: 'Processing' }),
  );
}

/** Enough sockets that a server holding answers for the whole ack deadline still sees the offered rate. */
const socketsFor = (rate: number) => Math.min(1000, Math.max(16, Math.ceil(rate * 1.5)));

interface Target {
  url: string;
  headers: Record<string, string>;
  template: string;
}

/** One offered rate's result, with what it cost this process and the Temporal server. */
type Measured = PacedResult & { load: ProcessLoad; idle: IdleCost };

/** Idle CPU is measured this long per system, before its warm-up: after it, its workflows would still be busy. */
const IDLE_MS = 2000;

async function offerRates(
  system: 'a' | 'b',
  target: Target,
  o: Options,
  temporalPid: number | undefined,
  around?: { before(rate: number): void; after(rate: number): Promise<void> },
): Promise<{ results: Map<number, Measured>; warmup: PacedResult }> {
  const results = new Map<number, Measured>();
  const offer = (rate: number, seconds: number, prefix: string) => offerWebhooks({ ...target, idPrefix: prefix, rate, durationMs: seconds * 1000, maxSockets: socketsFor(rate) });
  const idle = await measureIdle(temporalPid, IDLE_MS);
  around?.before(0);
  const warmup = await offer(o.rates[0]!, o.warmupSeconds, `${system}-warmup`);
  await around?.after(0);
  for (const rate of o.rates) {
    progress(`(${system}) ${rate}/s for ${o.seconds} s`);
    around?.before(rate);
    const { result, load } = await measureLoad(temporalPid, () => offer(rate, o.seconds, `${system}-${rate}`));
    results.set(rate, { ...result, load, idle });
    await around?.after(rate);
  }
  return { results, warmup };
}

async function measureBare(connection: MkioConnection, template: string, o: Options, temporalPid: number | undefined): Promise<{ rates: Map<number, Measured>; burst: BurstResult }> {
  const bare = await startBareWebhookServer(connection);
  try {
    const signed = mkioTestKit.sign(connection, template);
    const target = { url: bare.url, headers: signed.headers, template };
    const { results: rates } = await offerRates('b', target, o, temporalPid);
    progress(`(b) burst of ${o.burst} over ${o.burstConnections} connections`);
    const burst = await burstWebhooks({ ...target, amount: o.burst, connections: o.burstConnections });
    return { rates, burst };
  } finally {
    await bare.app.close();
  }
}

async function measureSignalLoop(temporal: BenchTemporal, template: string, concurrency: number, o: Options): Promise<{ rates: Map<number, Measured>; perSecond: number; failed: number }> {
  const baseline = await startSignalBaseline(temporal, 'bench-ingress-bare');
  try {
    const eventFor = (id: string) => JSON.parse(template.replaceAll(ID_PLACEHOLDER, id)) as unknown;
    const offer = (rate: number, seconds: number, prefix: string) =>
      runPaced({ rate, durationMs: seconds * 1000, maxInFlight: concurrency, graceMs: 5000 }, async (i) => {
        await baseline.signal(`bare-${prefix}-${i}`, eventFor(`${prefix}-${i}`));
        return 200;
      });
    const idle = await measureIdle(temporalPidOf(temporal), IDLE_MS);
    await offer(o.rates[0]!, o.warmupSeconds, 'c-warmup');
    const rates = new Map<number, Measured>();
    for (const rate of o.rates) {
      progress(`(c) ${rate}/s for ${o.seconds} s`);
      const { result, load } = await measureLoad(temporalPidOf(temporal), () => offer(rate, o.seconds, `c-${rate}`));
      rates.set(rate, { ...result, load, idle });
      await sleep(500); // calls past the grace period settle before the next rate
    }
    progress(`(c) flat out, ${concurrency} in flight (the relay's concurrency), for ${o.capacitySeconds} s`);
    const capacity = await runClosedLoop(concurrency, o.capacitySeconds * 1000, (i) => baseline.signal(`bare-max-${i}`, eventFor(`c-max-${i}`)));
    return { rates, perSecond: capacity.perSecond, failed: capacity.failed };
  } finally {
    await baseline.stop();
  }
}

const count2xx = (outcomes: Record<string, number>) => Object.entries(outcomes).reduce((sum, [code, n]) => (Number(code) >= 200 && Number(code) < 300 ? sum + n : sum), 0);

/** The dev server's process id, where this checkout's launcher exposes it (for its CPU time). */
const temporalPidOf = (temporal: BenchTemporal): number | undefined => (temporal.server as { pid?: number }).pid;

/** Waits until no row is pending (or `capSeconds` pass); answers the seconds it took. */
async function drained(sampler: InboxSampler, capSeconds: number): Promise<number> {
  const began = nowMs();
  while (nowMs() - began < capSeconds * 1000) {
    if ((await sampler.read()).pending === 0) break;
    await sleep(250);
  }
  return (nowMs() - began) / 1000;
}

async function measureReelflow(
  temporal: BenchTemporal,
  config: ReelflowConfig,
  inbox: InboxStore,
  connection: MkioConnection,
  template: string,
  o: Options,
): Promise<{
  rates: Map<number, Measured>;
  burst: BurstResult;
  sampler: InboxSampler;
  drainSeconds: Map<number, number>;
  afterBurst: { pending: number };
  accounting: { stored: number; answered2xx: number; unanswered: number };
  signalAfterBurst: { perSecond: number; failed: number };
}> {
  progress('(a) starting Reelflow: worker (bundles the workflows first) and ingress');
  const running = runWorkers(await createWorkers({ connection: temporal.native, namespace: 'default', config, client: temporal.client }));
  let stopped: Promise<void> | undefined;
  const stopWorker = () => (stopped ??= running.stop());
  const app = await buildIngress({ config, dispatcher: configuredDispatcher(temporal.client, config), inbox, temporalReady: async () => true, logger: false }).catch(async (error: unknown) => {
    await running.stop();
    throw error;
  });
  const sampler = sampleInbox(() => inbox.counts());
  let closed = false;
  try {
    const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/webhooks/mkio/${connection.name}`;
    const target = { url, headers: mkioTestKit.sign(connection, template).headers, template };
    const drainSeconds = new Map<number, number>();
    sampler.mark('idle', false);
    const { results: rates, warmup } = await offerRates('a', target, o, temporalPidOf(temporal), {
      before: (rate) => sampler.mark(rate ? `${rate}/s` : 'warm-up', true),
      async after(rate) {
        sampler.mark(rate ? `${rate}/s drain` : 'warm-up drain', false);
        drainSeconds.set(rate, await drained(sampler, o.drainCapSeconds));
      },
    });
    progress(`(a) burst of ${o.burst} over ${o.burstConnections} connections`);
    sampler.mark('burst', true);
    const burst = await burstWebhooks({ ...target, amount: o.burst, connections: o.burstConnections });
    sampler.mark('burst drain', false);
    progress(`(a) watching the relay work off the burst for up to ${o.burstDrainSeconds} s`);
    await drained(sampler, o.burstDrainSeconds);
    const afterBurst = await sampler.read();
    // The relay alone, as in the `reelflow ingress` topology (the worker in a process of its own):
    // with the worker stopped, what is left of the burst measures the hand-off itself.
    await stopWorker();
    progress(`(a) the relay alone (worker stopped) for ${o.burstDrainSeconds} s`);
    sampler.mark(RELAY_ALONE, false);
    await drained(sampler, o.burstDrainSeconds);
    // Every 2xx must be one stored row: none deduped (each webhook is a new event), none lost.
    const counts = await inbox.counts();
    const stored = Object.entries(counts).reduce((sum, [status, n]) => (status === 'rejected' ? sum : sum + n), 0);
    const all = [warmup, ...rates.values()];
    const answered2xx = all.reduce((sum, r) => sum + count2xx(r.outcomes), 0) + count2xx(burst.statuses);
    // A request the load generator gave up on (or lost its socket) may still have been stored.
    const unanswered = all.reduce((sum, r) => sum + r.unfinished + (r.outcomes[0] ?? 0), 0) + burst.errors;
    sampler.stop();
    await app.close(); // stops the relay and closes the inbox: nothing else signals while (c) runs again
    closed = true;
    const signalAfterBurst = await signalLoopAfterBurst(temporal, template, config.inbox.concurrency, o);
    return { rates, burst, sampler, drainSeconds, afterBurst, accounting: { stored, answered2xx, unanswered }, signalAfterBurst };
  } finally {
    sampler.stop();
    if (!closed) await app.close();
    await stopWorker();
  }
}

/**
 * (c) again, where the relay alone was measured: the dev server now holds every workflow the run
 * started and slows with them, so a bare loop measured at the start would flatter it. No worker, as
 * in the relay-alone phase.
 */
async function signalLoopAfterBurst(temporal: BenchTemporal, template: string, concurrency: number, o: Options): Promise<{ perSecond: number; failed: number }> {
  progress(`(c) again after the burst, no worker, ${concurrency} in flight, for ${o.capacitySeconds} s`);
  const eventFor = (id: string) => JSON.parse(template.replaceAll(ID_PLACEHOLDER, id)) as unknown;
  const taskQueue = 'bench-after-burst';
  const loop = await runClosedLoop(concurrency, o.capacitySeconds * 1000, async (i) => {
    await temporal.client.workflow.signalWithStart<typeof benchMinimal, [unknown]>('benchMinimal', {
      workflowId: `bare-after-${i}`,
      taskQueue,
      signal: benchEvent,
      signalArgs: [eventFor(`after-${i}`)],
    });
  });
  return { perSecond: loop.perSecond, failed: loop.failed };
}

async function main(): Promise<void> {
  const o = options();
  const began = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'reelflow-bench-ingress-'));
  try {
    progress('starting a Temporal dev server (in memory, headless)');
    const temporal = await startBenchTemporal(progress);
    try {
      const { entry } = mkioTestKit.connection({ name: 'bench', account: `bench-${Date.now().toString(36)}` });
      // Webhooks only (no API token): no poll competes with the load. The inbox is a real file.
      const config = validateConfig(
        {
          temporal: { taskQueue: 'bench-ingress' },
          inbox: { file: join(dir, 'inbox.sqlite'), synchronous: o.synchronous, ackDeadline: o.ackDeadlineMs },
          lifecycle: { lingerAfterTerminal: '1h' },
          connections: [entry],
        },
        'ingress bench',
      );
      const connection = config.connections[0];
      if (!isMkioConnection(connection)) throw new Error('the bench connection is not an MK.IO one');
      const template = webhookTemplate(connection.project!);

      const bare = await measureBare(connection, template, o, temporalPidOf(temporal));
      const signalLoop = await measureSignalLoop(temporal, template, config.inbox.concurrency, o);
      const reelflow = await measureReelflow(temporal, config, openInbox(config.inbox), connection, template, o);

      const steps: Step[] = o.rates.map((rate) => ({ rate, a: reelflow.rates.get(rate)!, b: bare.rates.get(rate)!, c: signalLoop.rates.get(rate)!, drainSeconds: reelflow.drainSeconds.get(rate) }));
      const run: IngressRun = {
        options: o,
        config: { ackDeadlineMs: config.inbox.ackDeadline, concurrency: config.inbox.concurrency, synchronous: config.inbox.synchronous },
        steps,
        samples: reelflow.sampler.samples,
        signalCapacity: { perSecond: signalLoop.perSecond, failed: signalLoop.failed },
        signalAfterBurst: reelflow.signalAfterBurst,
        burst: { a: reelflow.burst, b: bare.burst, pendingAfter: reelflow.afterBurst.pending },
        accounting: reelflow.accounting,
      };
      progress('stopping');
      await temporal.close();
      report(run, (Date.now() - began) / 1000);
    } catch (error) {
      await temporal.close().catch(() => undefined);
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main, progress);
