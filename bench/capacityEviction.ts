import { nowMs, sleep, waitFor } from './clock';
import { openJob, openTarget, type OpenContext } from './capacityOpen';
import { reelflowKey } from './capacityRamp';
import { cpuSnapshot, cpuSpent, idleCpuPerS } from './cpuMeter';
import { postJobWebhook } from './jobWebhook';
import type { NotifyReceiver } from './receiver';
import { summarize, type Summary } from './stats';

export interface EvictionProbe {
  jobs: number;
  /** JobFinished POST sent → notify POST received. */
  latency: Summary;
  missing: number;
  /** The worker process's CPU per job (ingress, workflow task, action), idle subtracted. */
  cpuMsPerJob: number;
}

export interface EvictionResult {
  cacheSize: number;
  open: number;
  /** Jobs whose workflow ran last: still in the worker's cache. */
  cached: EvictionProbe;
  /** The oldest jobs, evicted (LRU) long ago: their next task replays the history first. */
  evicted: EvictionProbe;
}

const SAMPLE = 100;
const RATE = 10;

/** JobFinished for each job, at RATE/s; each job's action POST timed against its webhook's send. */
async function probe(ctx: OpenContext, receiver: NotifyReceiver, jobs: number[]): Promise<EvictionProbe> {
  const target = openTarget(ctx);
  const keys = jobs.map((i) => reelflowKey(ctx.project, openJob(i)));
  const sentAt = new Map<string, number>();
  const pids = { worker: ctx.reelflow.pids };
  const idle = await idleCpuPerS(pids, 2000);
  const before = cpuSnapshot(pids);
  const start = Date.now();
  const posts: Array<Promise<number>> = [];
  for (const [n, i] of jobs.entries()) {
    await sleep(start + (n * 1000) / RATE - Date.now());
    sentAt.set(keys[n]!, nowMs());
    posts.push(postJobWebhook(target, openJob(i), 'MediaKind.JobFinished'));
  }
  await Promise.all(posts);
  await waitFor(() => keys.every((key) => receiver.first.has(key)), 30_000);
  await sleep(300);
  const cpu = cpuSpent(before, cpuSnapshot(pids), idle).worker!;
  const latencies = keys.flatMap((key) => {
    const at = receiver.first.get(key)?.at;
    return at === undefined ? [] : [at - sentAt.get(key)!];
  });
  return { jobs: jobs.length, latency: summarize(latencies), missing: keys.length - latencies.length, cpuMsPerJob: cpu / jobs.length };
}

/**
 * What an eviction costs: with more workflows open than the cache holds, the next event of a
 * cached workflow (the newest) against that of an evicted one (the oldest, which the worker must
 * rebuild from its history). The cached ones go first, so probing the evicted ones cannot push
 * them out before they are measured. Undefined when the cache holds every open workflow.
 */
export async function probeEviction(ctx: OpenContext, receiver: NotifyReceiver, open: number, cacheSize: number): Promise<EvictionResult | undefined> {
  if (open < cacheSize + 2 * SAMPLE) return undefined;
  ctx.log(`eviction: ${SAMPLE} JobFinished webhooks to cached workflows, then ${SAMPLE} to evicted ones, at ${RATE}/s`);
  const cached = await probe(
    ctx,
    receiver,
    Array.from({ length: SAMPLE }, (_, n) => open - SAMPLE + n),
  );
  // Job 0 ran before the baseline figure; 1.. are the oldest of the levels.
  const evicted = await probe(
    ctx,
    receiver,
    Array.from({ length: SAMPLE }, (_, n) => 1 + n),
  );
  return { cacheSize, open, cached, evicted };
}
