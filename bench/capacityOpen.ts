import type { Client } from '@temporalio/client';
import type { SystemProcess } from './capacityChildren';
import type { MemoryFigures, WorkerActivity } from './capacityProtocol';
import { sleep } from './clock';
import { cpuSnapshot, cpuSpent } from './cpuMeter';
import { eventTypeName, fetchHistories } from './historyEvents';
import { reelflowKey } from './capacityRamp';
import { postJobWebhook, type WebhookTarget } from './jobWebhook';

export interface OpenContext {
  client: Client;
  /** A Reelflow child of its own (no other workflows on its queue). */
  reelflow: SystemProcess;
  taskQueue: string;
  project: string;
  /** The connection's shared secret (MK.IO sends it verbatim in X-Webhook-Secret). */
  secret: string;
  /** Webhook POSTs in flight at once. */
  concurrency: number;
  log(line: string): void;
}

export interface OpenLevel {
  open: number;
  memory: MemoryFigures;
  activity: WorkerActivity;
  /** Webhooks per second the ingress answered 2xx while this level's workflows were being started. */
  webhooksPerS: number;
  /** This level's new workflows per second, from the first webhook until all were open and the worker quiet (~3 s of quiet included). */
  openedPerS: number;
  /** The child's CPU per workflow started (ingress + first workflow task), idle not subtracted. */
  cpuMsPerStart: number;
  /** POSTs not answered 2xx (each is retried until answered; this counts the retries). */
  failedPosts: number;
  /** Sending done → every workflow open and the worker quiet. */
  settleMs: number;
}

export interface OpenResult {
  /** Memory with no open workflow (the workflow bundle loaded, one warm-up workflow run). */
  baseline: MemoryFigures;
  levels: OpenLevel[];
  /** The event types of one open workflow's history (what each waiting resource has run). */
  historyOfOne: string[];
}

const SETTLE_CAP_MS = 300_000;
/** The child counts as quiet below this much CPU per second (its pollers and timers cost a few ms/s). */
const QUIET_CPU_MS_PER_S = 60;

/** Job names of the open step: one JobStarted webhook each, never a JobFinished. */
export const openJob = (i: number) => `open-${String(i).padStart(5, '0')}`;

/** The ingress of the open step's Reelflow. */
export const openTarget = (ctx: OpenContext): WebhookTarget => ({ url: `${ctx.reelflow.ready.url}${ctx.reelflow.ready.webhookPath}`, secret: ctx.secret, project: ctx.project });

/** POSTs JobStarted webhooks for jobs [from, to) straight to the ingress, `concurrency` at a time, each until answered 2xx. */
async function sendJobStarted(ctx: OpenContext, from: number, to: number): Promise<number> {
  const target = openTarget(ctx);
  let next = from;
  let failed = 0;
  const post = async (i: number) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const status = await postJobWebhook(target, openJob(i), 'MediaKind.JobStarted');
      if (status >= 200 && status < 300) return;
      failed++; // retried like a platform would
      await sleep(100 * (attempt + 1));
    }
  };
  const lane = async () => {
    while (next < to) await post(next++);
  };
  await Promise.all(Array.from({ length: ctx.concurrency }, lane));
  return failed;
}

/** Every workflow of the level is open (visibility), its last ones have run a workflow task, and the worker is quiet. */
async function settle(ctx: OpenContext, open: number): Promise<void> {
  const deadline = Date.now() + SETTLE_CAP_MS;
  const query = `TaskQueue = "${ctx.taskQueue}" AND ExecutionStatus = "Running"`;
  let counted = 0;
  while (Date.now() < deadline) {
    try {
      counted = (await ctx.client.workflow.count(query)).count;
    } catch (error) {
      ctx.log(`open: visibility count failed (${(error as Error).message}); relying on histories and quiet`);
      counted = open;
    }
    if (counted >= open) break;
    await sleep(500);
  }
  if (counted < open) ctx.log(`open: only ${counted} of ${open} workflows visible as running after ${SETTLE_CAP_MS / 1000} s`);
  const last = Array.from({ length: Math.min(20, open) }, (_, i) => reelflowKey(ctx.project, openJob(open - 1 - i)));
  while (Date.now() < deadline) {
    const histories = await fetchHistories(ctx.client, last);
    const ran = [...histories.values()].filter((events) => events.some((e) => eventTypeName(e) === 'WorkflowTaskCompleted')).length;
    if (ran === last.length) break;
    await sleep(500);
  }
  let quietTurns = 0;
  while (Date.now() < deadline && quietTurns < 3) {
    const before = cpuSnapshot({ worker: ctx.reelflow.pids });
    await sleep(1000);
    const cpu = cpuSpent(before, cpuSnapshot({ worker: ctx.reelflow.pids })).worker!;
    const activity = await ctx.reelflow.activity();
    quietTurns = activity.numInFlightWorkflowActivations === 0 && !(cpu > QUIET_CPU_MS_PER_S) ? quietTurns + 1 : 0;
  }
}

/**
 * Waiting resources on one Reelflow worker: at each level, JobStarted webhooks open entity
 * workflows (through the ingress, the dispatcher and the product's workflow) up to that many;
 * once all have run their first workflow task and the worker is quiet, a full GC in the child,
 * then its RSS and V8 heap.
 */
export async function measureOpenWorkflows(ctx: OpenContext, levels: readonly number[]): Promise<OpenResult> {
  // One workflow first: the sandbox and bundle are loaded and warm before the baseline figure.
  await sendJobStarted(ctx, 0, 1);
  await settle(ctx, 1);
  const baseline = (await ctx.reelflow.memory()).memory;
  const historyOfOne = [...((await fetchHistories(ctx.client, [reelflowKey(ctx.project, openJob(0))])).values().next().value ?? [])].map(eventTypeName);
  const results: OpenLevel[] = [];
  let sent = 1;
  for (const open of [...levels].sort((a, b) => a - b)) {
    if (open <= sent) continue;
    ctx.log(`open: starting workflows ${sent}..${open - 1} (${ctx.concurrency} webhooks in flight)`);
    const before = cpuSnapshot({ worker: ctx.reelflow.pids });
    const failedPosts = await sendJobStarted(ctx, sent, open);
    const sentAt = Date.now();
    const webhooksPerS = ((open - sent) * 1000) / (sentAt - before.at);
    await settle(ctx, open);
    const settleMs = Date.now() - sentAt;
    const openedPerS = ((open - sent) * 1000) / (Date.now() - before.at);
    const cpuMsPerStart = cpuSpent(before, cpuSnapshot({ worker: ctx.reelflow.pids })).worker! / (open - sent);
    const { memory, activity } = await ctx.reelflow.memory();
    ctx.log(`open: ${open} open, RSS ${(memory.rssBytes / 2 ** 20).toFixed(0)} MiB, ${activity.numCachedWorkflows} cached`);
    results.push({ open, memory, activity, webhooksPerS, openedPerS, cpuMsPerStart, failedPosts, settleMs });
    sent = open;
  }
  return { baseline, levels: results, historyOfOne };
}
