/**
 * Reaction-latency benchmark: `npm run bench:reaction [-- --jobs N --rate R --warmup W]`.
 * Investigation flags: `--reelflow-only` (skip the polling baselines, ~35 s shorter) and
 * `--temporal-dynamic-config key=value` (repeatable; e.g. history.transferProcessorMaxPollRPS=1000).
 *
 * How fast does Reelflow act on a finished job when webhooks flow, and what would polling
 * alone cost at the same fake MK.IO? In one run, against a real Temporal dev server:
 *
 * 1. Reelflow (ingress + workers, in this process) receives the fake's JobStarted/JobFinished
 *    webhooks for N jobs; each job's `ready` transition runs one notify.http action. Latency =
 *    the notify target got the action's POST − the ingress received the JobFinished webhook.
 *    GETs per job (fake.counters.getsByJob) must be 0: webhooks carry the full job.
 * 2. Then, without webhooks, plain polling loops at 2 s and 30 s (concurrently, each on its own
 *    project so the fake's counters stay apart) GET each job's state until it is terminal.
 *    Latency = the GET that showed Finished returned − the job's endTime in the fake.
 *
 * Reelflow runs alone first, so the baselines' timers and GETs do not share its CPU.
 * Progress goes to stderr; the report goes to stdout, and its last line is one JSON object.
 * A missed target is reported, not fatal: this is a measurement, it exits 0.
 */
import { parseArgs } from 'node:util';
import { startFakeMkio, type FakeMkio } from '../src/simulators/mkio';
import { seededRandom } from '../src/simulators/kit/random';
import { startDevServer, type DevServer } from '../src/temporal/devServer';
import { installBenchRuntime } from './benchTemporal';
import { sleep, waitFor } from './clock';
import { PollBaseline } from './pollBaseline';
import { reactionBreakdown, type BreakdownStep, type MeasuredJob } from './reactionBreakdown';
import { startNotifyReceiver, type NotifyReceiver } from './receiver';
import { startReelflow, stampKey, type ReelflowUnderTest } from './reelflowStack';
import { formatMs, round1, round2, summarize, table, type Summary } from './stats';
import { runBench } from './runBench';

const TARGETS = { p50Ms: 50, p99Ms: 250, getsPerJob: 0 } as const;
const TOKEN = 'bench-mkio-token';
const SECRET = 'bench-webhook-secret';
const TRANSFORM = 'encode-h264';
/** Every job, in every mode: Queued 100 ms → Processing 900 ms → Finished (about 1 s). */
const TIMING = { queuedMs: 100, processingMs: 900 };
const PROJECTS = { reelflow: 'bench-webhooks', poll2s: 'bench-poll-2s', poll30s: 'bench-poll-30s' } as const;
const INTERVALS = { poll2s: 2_000, poll30s: 30_000 } as const;

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Options {
  jobs: number;
  rate: number;
  warmup: number;
  reelflowOnly: boolean;
  /** Extra `temporal server start-dev --dynamic-config-value` settings; empty = the dev server as Reelflow starts it. */
  dynamicConfig: Record<string, string | number | boolean>;
}

/** `key=value`: numbers and booleans as such (the CLI takes JSON values), anything else as a string. */
function dynamicConfigEntry(text: string): [string, string | number | boolean] {
  const at = text.indexOf('=');
  if (at <= 0) throw new Error(`--temporal-dynamic-config wants key=value (got "${text}")`);
  const raw = text.slice(at + 1);
  const value = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return [text.slice(0, at), value];
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string', default: '200' },
      rate: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '10' },
      'reelflow-only': { type: 'boolean', default: false },
      'temporal-dynamic-config': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: npm run bench:reaction -- [--jobs N (200)] [--rate jobs/s (20)] [--warmup N (10)] [--reelflow-only] [--temporal-dynamic-config key=value]...\n');
    process.exit(0);
  }
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${text}")`);
    return n;
  };
  const parsed: Options = {
    jobs: int('jobs', values.jobs, 1),
    rate: int('rate', values.rate, 1),
    warmup: int('warmup', values.warmup, 0),
    reelflowOnly: values['reelflow-only'],
    dynamicConfig: Object.fromEntries(values['temporal-dynamic-config'].map(dynamicConfigEntry)),
  };
  if (parsed.jobs < 200) progress(`note: --jobs ${parsed.jobs} is below the 200 the figures are specified over`);
  return parsed;
}

const jobName = (prefix: string, i: number) => `${prefix}-${String(i).padStart(4, '0')}`;
const resourceKey = (project: string, job: string) => `mkio:${project}:job:${TRANSFORM}/${job}`;
const getsOf = (fake: FakeMkio, project: string, job: string) => fake.counters.getsByJob[`${project}/${TRANSFORM}/${job}`] ?? 0;

/** Calls `create(i)` for i = 0..count-1, paced at `rate` per second. */
async function createPaced(count: number, rate: number, create: (i: number) => void): Promise<void> {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    await sleep(start + (i * 1000) / rate - Date.now());
    create(i);
  }
}

interface ModeResult {
  latency: Summary;
  missing: number;
  gets: Summary;
}

interface ReelflowResult extends ModeResult {
  fromFinish: Summary;
  /** The fake's POSTs to the ingress (warm-up included) and how many were not answered 2xx. */
  webhooks: { attempts: number; failed: number };
  steps: BreakdownStep[];
}

interface PollResults {
  poll2s: ModeResult;
  poll30s: ModeResult;
}

async function measureReelflow(fake: FakeMkio, receiver: NotifyReceiver, reelflow: ReelflowUnderTest, o: Options): Promise<ReelflowResult> {
  const project = PROJECTS.reelflow;
  fake.putRule(project, 'reelflow', {
    url: `${reelflow.url}${reelflow.webhookPath}`,
    enabled: true,
    events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'],
    authentication: { headers: { 'X-Webhook-Secret': SECRET } },
  });
  const notified = (jobs: string[]) => () => jobs.every((job) => receiver.first.has(resourceKey(project, job)));

  if (o.warmup > 0) {
    // The first workflows pay for connections, the workflow bundle's first load and JIT: not what is measured.
    const warm = Array.from({ length: o.warmup }, (_, i) => jobName('warmup', i));
    progress(`warm-up: ${warm.length} jobs`);
    await createPaced(warm.length, o.rate, (i) => fake.createJob(project, TRANSFORM, warm[i]!));
    await waitFor(notified(warm), 60_000);
    await sleep(500);
  }

  const jobs = Array.from({ length: o.jobs }, (_, i) => jobName('job', i));
  progress(`reelflow: ${jobs.length} jobs at ${o.rate}/s, webhooks → ingress → Temporal → notify.http`);
  const started = Date.now();
  await createPaced(jobs.length, o.rate, (i) => fake.createJob(project, TRANSFORM, jobs[i]!));
  const complete = await waitFor(notified(jobs), 60_000 + (TIMING.queuedMs + TIMING.processingMs) * 2);
  progress(`reelflow: ${complete ? 'all notified' : 'gave up waiting'} after ${((Date.now() - started) / 1000).toFixed(1)} s; reading histories for the breakdown`);
  await sleep(200); // a stray second POST or late GET would still be counted

  const latencies: number[] = [];
  const fromFinish: number[] = [];
  const measured: MeasuredJob[] = [];
  let missing = 0;
  for (const job of jobs) {
    const key = resourceKey(project, job);
    const webhook = reelflow.stamps.get(stampKey('MediaKind.JobFinished', key));
    const notify = receiver.first.get(key);
    const endTime = fake.job(project, TRANSFORM, job)?.endTime;
    if (!webhook || !notify) {
      missing++;
      continue;
    }
    latencies.push(notify.at - webhook.receivedAt);
    if (endTime) fromFinish.push(notify.at - Date.parse(endTime));
    measured.push({ key, stamp: webhook, notifyAt: notify.at });
  }
  return {
    latency: summarize(latencies),
    fromFinish: summarize(fromFinish),
    missing,
    gets: summarize(jobs.map((job) => getsOf(fake, project, job))),
    webhooks: { attempts: fake.counters.deliveryAttempts, failed: fake.counters.deliveryAttempts - fake.counters.deliveriesSucceeded },
    steps: await reactionBreakdown(reelflow.client, measured),
  };
}

async function measurePolling(fake: FakeMkio, o: Options): Promise<PollResults> {
  const random = seededRandom(7);
  const baselines = {
    poll2s: new PollBaseline({ apiBaseUrl: fake.url, token: TOKEN, project: PROJECTS.poll2s, transform: TRANSFORM, intervalMs: INTERVALS.poll2s, random }),
    poll30s: new PollBaseline({ apiBaseUrl: fake.url, token: TOKEN, project: PROJECTS.poll30s, transform: TRANSFORM, intervalMs: INTERVALS.poll30s, random }),
  };
  const jobs = Array.from({ length: o.jobs }, (_, i) => jobName('job', i));
  progress(`polling only: ${jobs.length} jobs each for loops at 2 s and 30 s (concurrently, no webhooks; up to ~${Math.ceil(jobs.length / o.rate + 31)} s)`);
  const started = Date.now();
  await createPaced(jobs.length, o.rate, (i) => {
    for (const [mode, baseline] of Object.entries(baselines)) {
      fake.createJob(PROJECTS[mode as keyof typeof baselines], TRANSFORM, jobs[i]!);
      baseline.watch(jobs[i]!);
    }
  });
  const budgetMs = (TIMING.queuedMs + TIMING.processingMs) * 2 + INTERVALS.poll30s * 2;
  const timer = setTimeout(() => Object.values(baselines).forEach((b) => b.stop()), budgetMs);
  await Promise.all(Object.values(baselines).map((b) => b.done()));
  clearTimeout(timer);
  progress(`polling only: done after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const resultFor = (mode: keyof typeof baselines): ModeResult => {
    const baseline = baselines[mode];
    const project = PROJECTS[mode];
    const latencies: number[] = [];
    let missing = 0;
    for (const job of jobs) {
      const reaction = baseline.reactions.get(job);
      const endTime = fake.job(project, TRANSFORM, job)?.endTime;
      if (!reaction || !endTime) missing++;
      else latencies.push(reaction.at - Date.parse(endTime));
    }
    if (baseline.errors.length) progress(`${mode}: ${baseline.errors.length} failed GETs, e.g. ${baseline.errors[0]}`);
    return { latency: summarize(latencies), missing, gets: summarize(jobs.map((job) => getsOf(fake, project, job))) };
  };
  return { poll2s: resultFor('poll2s'), poll30s: resultFor('poll30s') };
}

const figures = (r: ModeResult) => ({
  n: r.latency.n,
  missing: r.missing,
  p50Ms: round1(r.latency.p50),
  p90Ms: round1(r.latency.p90),
  p99Ms: round1(r.latency.p99),
  maxMs: round1(r.latency.max),
  meanMs: round1(r.latency.mean),
  getsPerJob: round2(r.gets.mean),
  getsPerJobMax: r.gets.max,
});

function report(o: Options, reelflow: ReelflowResult, polls: PollResults | undefined, durationMs: number): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const row = (mode: string, r: ModeResult, latency = r.latency) => [
    mode,
    `${latency.n}${r.missing ? ` (${r.missing} missing)` : ''}`,
    formatMs(latency.p50),
    formatMs(latency.p90),
    formatMs(latency.p99),
    formatMs(latency.max),
    r.gets.mean.toFixed(2),
    String(r.gets.max),
  ];
  const skipped = (mode: string) => [mode, 'skipped', '', '', '', '', '', ''];
  const tuned = Object.entries(o.dynamicConfig).map(([key, value]) => `${key}=${String(value)}`);
  out();
  out(`Reaction latency: ${o.jobs} jobs per mode (~${TIMING.queuedMs + TIMING.processingMs} ms each, created at ${o.rate}/s) on a fake MK.IO;`);
  out(`Temporal dev server (in memory, ${tuned.length ? `with ${tuned.join(', ')}` : 'as Reelflow starts it'}); ${o.warmup} warm-up jobs not counted.`);
  out();
  out(
    table(
      ['mode (latency measured)', 'jobs', 'p50', 'p90', 'p99', 'max', 'GETs/job', 'GETs max'],
      [
        row('reelflow (webhook in → action POST)', reelflow),
        row('reelflow (job finished → action POST)', reelflow, reelflow.fromFinish),
        polls ? row('poll every 2 s (job finished → seen)', polls.poll2s) : skipped('poll every 2 s'),
        polls ? row('poll every 30 s (job finished → seen)', polls.poll30s) : skipped('poll every 30 s'),
      ],
    ),
  );
  out(`webhooks to the ingress: ${reelflow.webhooks.attempts} POSTs, ${reelflow.webhooks.failed} not answered 2xx (warm-up included)`);
  out();
  out("Where Reelflow's time goes, per job (JobFinished; Temporal's times from each workflow's history):");
  out();
  out(
    table(
      ['step', 'p50', 'p90', 'p99', 'max'],
      reelflow.steps.map((s) => [s.label, formatMs(s.summary.p50), formatMs(s.summary.p90), formatMs(s.summary.p99), formatMs(s.summary.max)]),
    ),
  );
  out();

  const missed: string[] = [];
  if (reelflow.missing > 0) missed.push(`${reelflow.missing} of ${o.jobs} jobs never reached the notify target`);
  if (!(reelflow.latency.p50 <= TARGETS.p50Ms)) missed.push(`p50 ${formatMs(reelflow.latency.p50)} > ${TARGETS.p50Ms} ms`);
  if (!(reelflow.latency.p99 <= TARGETS.p99Ms)) missed.push(`p99 ${formatMs(reelflow.latency.p99)} > ${TARGETS.p99Ms} ms`);
  if (!(reelflow.gets.max <= TARGETS.getsPerJob)) missed.push(`GETs per job up to ${reelflow.gets.max} (mean ${reelflow.gets.mean.toFixed(2)}) > ${TARGETS.getsPerJob}`);
  out(`targets (webhooks flowing): p50 ≤ ${TARGETS.p50Ms} ms, p99 ≤ ${TARGETS.p99Ms} ms, ${TARGETS.getsPerJob} GETs per job`);
  if (missed.length === 0) out('all targets met');
  else for (const line of missed) out(`TARGET MISSED: ${line}`);
  out(`bench took ${(durationMs / 1000).toFixed(1)} s`);

  const summary = {
    bench: 'reaction',
    jobs: o.jobs,
    warmupJobs: o.warmup,
    ratePerSecond: o.rate,
    jobDurationMs: TIMING.queuedMs + TIMING.processingMs,
    temporalDynamicConfig: o.dynamicConfig,
    reelflow: {
      ...figures(reelflow),
      webhookPosts: reelflow.webhooks.attempts,
      webhookPostsFailed: reelflow.webhooks.failed,
      fromFinish: { p50Ms: round1(reelflow.fromFinish.p50), p99Ms: round1(reelflow.fromFinish.p99) },
      breakdown: Object.fromEntries(reelflow.steps.map((s) => [s.id, { p50Ms: round1(s.summary.p50), p99Ms: round1(s.summary.p99) }])),
    },
    poll2s: polls ? { intervalMs: INTERVALS.poll2s, ...figures(polls.poll2s) } : null,
    poll30s: polls ? { intervalMs: INTERVALS.poll30s, ...figures(polls.poll30s) } : null,
    targets: TARGETS,
    met: missed.length === 0,
    missed,
    durationS: round1(durationMs / 1000),
  };
  out(JSON.stringify(summary));
}

async function main(): Promise<void> {
  const o = options();
  const began = Date.now();
  // Worker state changes and webpack output are noise here; warnings still show (on stderr).
  installBenchRuntime();

  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: Error) => progress(`cleanup: ${error.message}`));
    cleanups.length = 0;
  };
  try {
    progress('starting a Temporal dev server (in memory, headless)');
    const devServer: DevServer = await startDevServer({ port: 0, uiPort: false, log: progress, dynamicConfig: o.dynamicConfig });
    cleanups.push(() => devServer.stop());
    const fake = await startFakeMkio({ token: TOKEN, timing: TIMING, faults: {}, rateLimit: { getsPerMinute: 1_000_000 } });
    cleanups.push(() => fake.close());
    const receiver = await startNotifyReceiver();
    cleanups.push(() => receiver.close());
    progress(`Temporal ${devServer.address}; starting Reelflow (workers bundle the workflows first)`);
    const reelflow = await startReelflow({
      temporalAddress: devServer.address,
      project: PROJECTS.reelflow,
      secret: SECRET,
      apiBaseUrl: fake.url,
      apiToken: TOKEN,
      notifyUrl: receiver.url,
    });
    cleanups.push(() => reelflow.stop());

    const reelflowResult = await measureReelflow(fake, receiver, reelflow, o);
    const polls = o.reelflowOnly ? undefined : await measurePolling(fake, o);

    progress('stopping');
    await cleanup();
    report(o, reelflowResult, polls, Date.now() - began);
  } catch (error) {
    await cleanup();
    throw error;
  }
}

runBench(main, progress);
