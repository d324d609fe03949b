import type { Client } from '@temporalio/client';
import type { FakeMkio } from '../src/simulators/mkio';
import { jobCloudEvent } from '../src/simulators/mkio/cloudEvents';
import type { SystemProcess } from './capacityChildren';
import { bareJobEvent, type bareJob, type BareJobEvent } from './bareJobWorkflow';
import { nowMs, sleep, waitFor } from './clock';
import { cpuSnapshot, cpuSpent, idleCpuPerS } from './cpuMeter';
import { actionSettled } from './historyBreakdown';
import { fetchHistories } from './historyEvents';
import type { MeasuredJob } from './reactionBreakdown';
import type { NotifyReceiver } from './receiver';
import { stampKey, type IngressStamp } from './reelflowStack';
import { summarize, type Summary } from './stats';
import type { RateFigures } from './capacityVerdict';

export type SystemName = 'reelflow' | 'bare';

/** The fake's job clock (bench:reaction's): Queued 100 ms → Processing (JobStarted) 900 ms → Finished (JobFinished). */
export const TIMING = { queuedMs: 100, processingMs: 900 } as const;
export const TRANSFORM = 'encode-h264';
/** Quiet time before each step over which idle CPU is measured (then subtracted); /proc counts 10 ms ticks. */
const IDLE_MS = 3000;
/** After the last job's JobFinished is due, how long its reaction may take before the job counts as missing. */
const STEP_GRACE_MS = 20_000;
/** Stragglers of a saturated step are waited for this long more (uncounted) so they do not load the next step. */
const DRAIN_CAP_MS = 90_000;
/** Histories read per step for the events-per-job figure. */
export const HISTORY_SAMPLE = 20;

export interface RampContext {
  /** The bench's own client: the bare baseline's signals and every history read. */
  client: Client;
  fake: FakeMkio;
  receiver: NotifyReceiver;
  devServerPid: number | undefined;
  systems: Record<SystemName, SystemProcess>;
  /** The fake's project whose webhook rule points at Reelflow's ingress. */
  project: string;
  bareTaskQueue: string;
  log(line: string): void;
}

export interface StepResult {
  system: SystemName;
  rate: number;
  jobs: number;
  latency: Summary;
  missing: number;
  /** Bare: signalWithStart calls that failed. Reelflow: webhook POSTs not answered 2xx by the ingress. */
  errors: number;
  workerCpuMsPerJob: number;
  devServerCpuMsPerJob: number;
  /** First job created → last reaction (or the grace deadline). */
  wallMs: number;
  /** Over the sampled histories that were whole (n says how many). */
  eventsPerJob: Summary;
  /** CPU ms per second of the system's process and the dev server in the quiet 3 s before the step (subtracted). */
  idleCpuMsPerS: { worker: number; devServer: number };
  /** A sample history of median length: its workflow id. */
  typicalHistoryId?: string;
  /** The measured jobs, for the breakdown (bare: stamped at its signalWithStart). */
  measured: MeasuredJob[];
}

/** What the verdicts read of a step. */
export const figuresOf = (s: StepResult): RateFigures => ({ rate: s.rate, p50Ms: s.latency.p50, p99Ms: s.latency.p99, missing: s.missing });

export const reelflowKey = (project: string, job: string): string => `mkio:${project}:job:${TRANSFORM}/${job}`;

/** Calls `create(i)` for i = 0..count-1 at `rate` per second (open loop: a slow system does not slow the arrivals). */
async function createPaced(count: number, rate: number, create: (i: number) => void): Promise<void> {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    await sleep(start + (i * 1000) / rate - Date.now());
    create(i);
  }
}

/** Evenly spread picks of `count` items. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

interface Offer {
  /** Workflow ids, one per job, in creation order. */
  keys: string[];
  create(i: number): void;
  /** Reaction times and missing jobs, once the step is over. */
  reactions(): Promise<{ latencies: number[]; missing: number; measured: MeasuredJob[] }>;
  errors(): number;
}

/** Each job's reaction, from its JobFinished stamp to its notify POST; a job lacking either is missing. */
function reactionsOf(receiver: NotifyReceiver, keys: readonly string[], stampOf: (key: string, i: number) => IngressStamp | null | undefined) {
  const latencies: number[] = [];
  const measured: MeasuredJob[] = [];
  let missing = 0;
  keys.forEach((key, i) => {
    const stamp = stampOf(key, i);
    const notify = receiver.first.get(key);
    if (!stamp || !notify) {
      missing++;
      return;
    }
    latencies.push(notify.at - stamp.receivedAt);
    measured.push({ key, stamp, notifyAt: notify.at });
  });
  return { latencies, missing, measured };
}

function reelflowOffer(ctx: RampContext, prefix: string, count: number): Offer {
  const jobs = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);
  const keys = jobs.map((job) => reelflowKey(ctx.project, job));
  const failedBefore = ctx.fake.counters.deliveryAttempts - ctx.fake.counters.deliveriesSucceeded;
  return {
    keys,
    create: (i) => ctx.fake.createJob(ctx.project, TRANSFORM, jobs[i]!),
    async reactions() {
      const stamps = await ctx.systems.reelflow.stamps(keys.map((key) => stampKey('MediaKind.JobFinished', key)));
      return reactionsOf(ctx.receiver, keys, (_, i) => stamps[i]);
    },
    errors: () => ctx.fake.counters.deliveryAttempts - ctx.fake.counters.deliveriesSucceeded - failedBefore,
  };
}

/** The bare baseline's arrivals: the same two events per job, on the fake's clock, as signalWithStart calls. */
function bareOffer(ctx: RampContext, prefix: string, count: number): Offer {
  const keys = Array.from({ length: count }, (_, i) => `bare:${prefix}:${String(i).padStart(4, '0')}`);
  /** Each job's Finished signal: sent, and (once Temporal answered) its round trip's end. */
  const finished = new Map<string, IngressStamp>();
  let failed = 0;
  const signal = (i: number, state: 'Processing' | 'Finished') => {
    const key = keys[i]!;
    const cloudEvent = jobCloudEvent({
      project: 'bare',
      transform: TRANSFORM,
      job: key,
      type: state === 'Finished' ? 'MediaKind.JobFinished' : 'MediaKind.JobStarted',
      previousState: state === 'Finished' ? 'Processing' : 'Queued',
      state,
    });
    const event: BareJobEvent = { key, state, event: cloudEvent };
    // Bare has no ingress: its hand-off is the signal itself (the breakdown's first step reads 0).
    const sentAt = nowMs();
    const stamp: IngressStamp | undefined = state === 'Finished' ? { receivedAt: sentAt, deliverStartAt: sentAt } : undefined;
    if (stamp) finished.set(key, stamp);
    ctx.client.workflow.signalWithStart<typeof bareJob, [BareJobEvent]>('bareJob', { workflowId: key, taskQueue: ctx.bareTaskQueue, signal: bareJobEvent, signalArgs: [event] }).then(
      () => {
        if (stamp) stamp.deliverEndAt = nowMs();
      },
      () => failed++,
    );
  };
  return {
    keys,
    create(i) {
      setTimeout(() => signal(i, 'Processing'), TIMING.queuedMs);
      setTimeout(() => signal(i, 'Finished'), TIMING.queuedMs + TIMING.processingMs);
    },
    reactions: async () => reactionsOf(ctx.receiver, keys, (key) => finished.get(key)),
    errors: () => failed,
  };
}

/** Histories of a sample of the step's workflows (read again until whole, for up to 10 s): events per job over the whole ones, and one of median length to show. */
async function historySample(ctx: RampContext, keys: readonly string[]): Promise<{ eventsPerJob: Summary; typicalHistoryId?: string }> {
  const sample = spread(keys, HISTORY_SAMPLE);
  let histories = await fetchHistories(ctx.client, sample);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline && [...histories.values()].some((events) => !actionSettled(events));) {
    await sleep(500);
    histories = await fetchHistories(ctx.client, sample);
  }
  // Only whole histories count: a saturated step's stragglers may still be short of their last workflow task.
  const lengths = [...histories.entries()]
    .filter(([, events]) => actionSettled(events))
    .map(([id, events]) => ({ id, n: events.length }))
    .sort((a, b) => a.n - b.n);
  return { eventsPerJob: summarize(lengths.map((l) => l.n)), typicalHistoryId: lengths[Math.floor(lengths.length / 2)]?.id };
}

/**
 * One system at one rate: `count` jobs created at `rate`/s, each job's two events about 1 s
 * apart, one notify POST per job. Its child's CPU and the dev server's, less their idle cost,
 * per job; reaction = the job's second event sent (bare) or its JobFinished webhook received
 * by the ingress (Reelflow) → the POST received.
 */
export async function runStep(ctx: RampContext, system: SystemName, rate: number, count: number, prefix: string, counted = true): Promise<StepResult> {
  const offer = system === 'reelflow' ? reelflowOffer(ctx, prefix, count) : bareOffer(ctx, prefix, count);
  const pids = { worker: ctx.systems[system].pids, devServer: ctx.devServerPid };
  const idle = counted ? await idleCpuPerS(pids, IDLE_MS) : { worker: NaN, devServer: NaN };
  const before = cpuSnapshot(pids);
  await createPaced(count, rate, offer.create);
  const done = () => offer.keys.every((key) => ctx.receiver.first.has(key));
  const complete = await waitFor(done, TIMING.queuedMs + TIMING.processingMs + STEP_GRACE_MS);
  const lastAt = Date.now();
  // The workflow task that records the notify activity's completion belongs to the job too.
  await sleep(300);
  const spent = cpuSpent(before, cpuSnapshot(pids), idle);
  const { latencies, missing, measured } = await offer.reactions();
  if (!complete) {
    ctx.log(`${system} ${rate}/s: ${missing} of ${count} jobs not done ${STEP_GRACE_MS / 1000} s after the last was due; waiting (uncounted) for stragglers`);
    await waitFor(done, DRAIN_CAP_MS, 200);
  }
  const history = counted ? await historySample(ctx, offer.keys) : { eventsPerJob: summarize([]) };
  return {
    system,
    rate,
    jobs: count,
    latency: summarize(latencies),
    missing,
    errors: offer.errors(),
    workerCpuMsPerJob: spent.worker! / count,
    devServerCpuMsPerJob: spent.devServer! / count,
    wallMs: lastAt - before.at,
    idleCpuMsPerS: { worker: idle.worker!, devServer: idle.devServer! },
    ...history,
    measured,
  };
}
