/**
 * Capacity benchmark: `npm run bench:capacity [-- --quick] [-- --rates 5,10,15,20,30,40 --open 1000,5000,10000]`
 * (`--help` lists every flag).
 *
 * What does an event cost Reelflow, against what it costs Temporal itself, on this machine, in
 * this run? One Temporal dev server (as Reelflow starts it) carries two systems, measured in turn
 * at each rate, each in a child process of its own so /proc gives its CPU alone:
 *
 * - Reelflow: the real ingress and workers (as bench:reaction wires them); a fake MK.IO sends
 *   each job's JobStarted and JobFinished webhooks; one notify.http action per job on `ready`.
 * - bare: a minimal workflow (bench/bareJobWorkflow.ts) taking the same two events by
 *   signalWithStart, on the same clock, and running one activity that POSTs on the second.
 *
 * Then open entity workflows: 1,000 / 5,000 / 10,000 waiting resources on one Reelflow worker,
 * its RSS and heap at each and its workflow cache setting. Progress goes to stderr; the report to
 * stdout, its last line one JSON object. A missed target is reported, not fatal: it exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { validateConfig } from '../src/config/load';
import { startFakeMkio } from '../src/simulators/mkio';
import { DEV_SERVER_TUNING, startDevServer } from '../src/temporal/devServer';
import { BUNDLE_OPTIONS } from '../src/temporal/workflowBundle';
import { spawnSplitSystem, spawnSystem, type SystemProcess } from './capacityChildren';
import { probeEviction } from './capacityEviction';
import { measureOpenWorkflows } from './capacityOpen';
import type { WorkerSettings } from './capacityProtocol';
import { pairedRate, refiningRate, sustainableRate } from './capacityVerdict';
import { figuresOf, runStep, TIMING, type RampContext, type StepResult, type SystemName } from './capacityRamp';
import { machine, printReport, type OpenReport, type RampReport } from './capacityReport';
import { describeEvent, fetchHistories } from './historyEvents';
import { replayCost } from './replayCost';
import { reactionBreakdown } from './reactionBreakdown';
import { startNotifyReceiver, type NotifyReceiver } from './receiver';
import { runBench } from './runBench';
import { installBenchRuntime } from './benchTemporal';

const TOKEN = 'bench-mkio-token';
const SECRET = 'bench-webhook-secret';
const RAMP_PROJECT = 'capacity-ramp';
const OPEN_PROJECT = 'capacity-open';
const QUEUES = { reelflow: 'capacity-reelflow', bare: 'capacity-bare', open: 'capacity-open' } as const;
/** No poll may start during a run (a poll is work neither the ramp nor the memory figure is about). */
const POLL_QUIET_FOR = '50m';
/** Replays of one job history per system: enough for a steady CPU figure, a few seconds each. */
const REPLAYS = 200;

const progress = (line: string) => process.stderr.write(`[bench:capacity] ${line}\n`);

export interface Options {
  rates: number[];
  /** Jobs per step at a rate. */
  jobsFor(rate: number): number;
  jobsRule: string;
  warmup: number;
  open: number[];
  openConcurrency: number;
  maxCachedWorkflows?: number;
  /** Probes between the highest sustained rate and the lowest failed one, per system. */
  refine: number;
  /** Alternated Reelflow/bare pairs the p50 target is read from (0: read it off the ramp). */
  p50Rounds: number;
  /** Their rate; by default a quarter of bare's sustainable rate. */
  p50Rate?: number;
  skipRamp: boolean;
  skipOpen: boolean;
  /** The ramp's Reelflow as two processes, ingress and workers (the compose topology), not one. */
  split: boolean;
}

const USAGE = `usage: npm run bench:capacity -- [flags]
  --rates 5,10,15,20,30,40  job arrival rates (jobs/s), each run for Reelflow and for bare (steps of
                            at most 1.5×: with doublings a ratio of sustainable rates reads 0.5 or 1)
  --jobs N | --seconds S    jobs per step: N, or rate × S (default max(150, rate × 15))
  --refine N                probes per system between its highest sustained rate and the lowest failed one (default 2)
  --p50-rounds N            after the ramp, N back-to-back pairs (Reelflow then bare, then bare then Reelflow...) at a
                            quarter of bare's sustainable rate; the p50 target reads the median of their ratios (default 3)
  --p50-rate R              the rate of those pairs (default: a quarter of bare's sustainable rate, found by the ramp)
  --warmup N                warm-up jobs per system before the ramp, not counted (default 100: JIT and first loads of the whole stack)
  --open 1000,5000,10000    open entity workflow levels on one Reelflow worker
  --open-concurrency N      webhook POSTs in flight while opening them (default 32)
  --max-cached-workflows N  the open step's temporal.worker.maxCachedWorkflows (default: the config's)
  --split                   the ramp's Reelflow as two processes, \`reelflow ingress\` and \`reelflow worker\` (the
                            compose topology; CPU counts both), instead of one as \`npm start\` runs it
  --skip-ramp | --skip-open
  --quick                   rates 5,10 with max(50, rate × 5) jobs, no refining, no p50 rounds, open 1000 (checks the bench, ~2-3 min)
`;

function options(): Options {
  const { values } = parseArgs({
    options: {
      rates: { type: 'string' },
      refine: { type: 'string' },
      'p50-rounds': { type: 'string' },
      'p50-rate': { type: 'string' },
      jobs: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      open: { type: 'string' },
      'open-concurrency': { type: 'string', default: '32' },
      'max-cached-workflows': { type: 'string' },
      'skip-ramp': { type: 'boolean', default: false },
      'skip-open': { type: 'boolean', default: false },
      split: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const int = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${text}")`);
    return n;
  };
  const list = (name: string, text: string) => text.split(',').map((part) => int(name, part.trim(), 1));
  if (values.jobs !== undefined && values.seconds !== undefined) throw new Error('--jobs and --seconds: give one of them');
  const quick = values.quick;
  let jobsFor = (rate: number) => Math.max(quick ? 50 : 150, rate * (quick ? 5 : 15));
  let jobsRule = quick ? 'max(50, rate × 5) jobs per step' : 'max(150, rate × 15) jobs per step';
  if (values.jobs !== undefined) {
    const jobs = int('jobs', values.jobs, 1);
    jobsFor = () => jobs;
    jobsRule = `${jobs} jobs per step`;
  } else if (values.seconds !== undefined) {
    const seconds = int('seconds', values.seconds, 1);
    jobsFor = (rate) => rate * seconds;
    jobsRule = `rate × ${seconds} s jobs per step`;
  }
  return {
    rates: [...new Set(list('rates', values.rates ?? (quick ? '5,10' : '5,10,15,20,30,40')))].sort((a, b) => a - b),
    jobsFor,
    jobsRule,
    refine: int('refine', values.refine ?? (quick ? '0' : '2'), 0),
    p50Rounds: int('p50-rounds', values['p50-rounds'] ?? (quick ? '0' : '3'), 0),
    p50Rate: values['p50-rate'] === undefined ? undefined : int('p50-rate', values['p50-rate'], 1),
    warmup: int('warmup', values.warmup ?? (quick ? '20' : '100'), 0),
    open: [...new Set(list('open', values.open ?? (quick ? '1000' : '1000,5000,10000')))].sort((a, b) => a - b),
    openConcurrency: int('open-concurrency', values['open-concurrency'], 1),
    maxCachedWorkflows: values['max-cached-workflows'] === undefined ? undefined : int('max-cached-workflows', values['max-cached-workflows'], 0),
    skipRamp: values['skip-ramp'],
    skipOpen: values['skip-open'],
    split: values.split,
  };
}

type Cleanups = Array<() => Promise<void>>;

async function ramp(
  o: Options,
  base: Omit<RampContext, 'systems' | 'project' | 'bareTaskQueue' | 'log'>,
  temporalAddress: string,
  notifyUrl: string,
  workDir: string,
  cleanups: Cleanups,
): Promise<RampReport> {
  progress(`starting the two systems (each child bundles its workflows${o.split ? `; Reelflow's ingress and workers in two processes` : ''})`);
  const reelflowSpec = {
    temporalAddress,
    taskQueue: QUEUES.reelflow,
    notifyUrl,
    project: RAMP_PROJECT,
    secret: SECRET,
    apiBaseUrl: base.fake.url,
    apiToken: TOKEN,
    inboxFile: join(workDir, 'ramp-inbox.sqlite'),
    pollQuietFor: POLL_QUIET_FOR,
  };
  const [reelflow, bare] = await Promise.all([
    o.split ? spawnSplitSystem(reelflowSpec) : spawnSystem({ ...reelflowSpec, role: 'reelflow' }),
    spawnSystem({ role: 'bare', temporalAddress, taskQueue: QUEUES.bare, notifyUrl }),
  ]);
  cleanups.push(
    () => reelflow.stop(),
    () => bare.stop(),
  );
  base.fake.putRule(RAMP_PROJECT, 'reelflow', {
    url: `${reelflow.ready.url}${reelflow.ready.webhookPath}`,
    enabled: true,
    events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'],
    authentication: { headers: { 'X-Webhook-Secret': SECRET } },
  });
  const ctx: RampContext = { ...base, systems: { reelflow, bare }, project: RAMP_PROJECT, bareTaskQueue: QUEUES.bare, log: progress };

  if (o.warmup > 0) {
    for (const system of ['reelflow', 'bare'] as const) {
      progress(`${system}: ${o.warmup} warm-up jobs at ${o.rates[0]}/s`);
      await runStep(ctx, system, o.rates[0]!, o.warmup, 'warmup', false);
    }
  }
  const steps: StepResult[] = [];
  const skipped: RampReport['skipped'] = [];
  const saturated = new Set<SystemName>();
  const run = async (system: SystemName, rate: number) => {
    const jobs = o.jobsFor(rate);
    progress(`${system}: ${jobs} jobs at ${rate}/s`);
    const step = await runStep(ctx, system, rate, jobs, `r${rate}`);
    progress(
      `${system} ${rate}/s: p50 ${step.latency.p50.toFixed(1)} ms, p99 ${step.latency.p99.toFixed(1)} ms, ${step.missing} missing, worker ${step.workerCpuMsPerJob.toFixed(1)} / dev server ${step.devServerCpuMsPerJob.toFixed(1)} CPU ms per job`,
    );
    steps.push(step);
    return step;
  };
  for (const rate of o.rates) {
    for (const system of ['reelflow', 'bare'] as const) {
      if (saturated.has(system)) {
        skipped.push({ system, rate });
        continue;
      }
      const step = await run(system, rate);
      // Jobs not done 20 s after their last event: a higher rate would only pile up a longer backlog.
      if (step.missing > 0) {
        progress(`${system} missed jobs at ${rate}/s: higher rates skipped for it`);
        saturated.add(system);
      }
    }
  }
  // The ladder says "between 10 and 15"; a few probes in that gap let the ratio read 0.8, not only 0.67 or 1.
  for (let round = 0; round < o.refine; round++) {
    for (const system of ['reelflow', 'bare'] as const) {
      const rate = refiningRate(steps.filter((s) => s.system === system).map(figuresOf));
      if (rate !== undefined) await run(system, rate);
    }
  }

  const paired = await pairedRounds(o, ctx, steps);

  const lowest = steps.find((s) => s.system === 'reelflow');
  progress('reading histories for the breakdown');
  const bareAtLowest = steps.find((s) => s.system === 'bare' && s.rate === lowest?.rate);
  const breakdown = lowest
    ? {
        rate: lowest.rate,
        steps: await reactionBreakdown(base.client, lowest.measured),
        // Bare has no ingress: its first step would read 0.
        bareSteps: bareAtLowest ? (await reactionBreakdown(base.client, bareAtLowest.measured, 'notify')).filter((s) => s.id !== 'ingress') : undefined,
      }
    : undefined;
  let typicalHistory: string[] | undefined;
  if (lowest?.typicalHistoryId) {
    const events = (await fetchHistories(base.client, [lowest.typicalHistoryId])).get(lowest.typicalHistoryId);
    typicalHistory = events?.map(describeEvent);
  }
  const workers: Partial<Record<SystemName, WorkerSettings>> = { reelflow: reelflow.ready.worker, bare: bare.ready.worker };
  progress('stopping the two systems');
  await reelflow.stop();
  await bare.stop();
  const replay = await replayBoth(base.client, steps);
  return { steps, skipped, jobsRule: o.jobsRule, warmup: o.warmup, topology: o.split ? 'split' : 'one process', breakdown, typicalHistory, workers, replay, paired };
}

/**
 * The p50 target's own measurement: back-to-back pairs at one rate, the order alternated
 * (Reelflow then bare, bare then Reelflow...), so that each pair's ratio saw one stretch of the
 * machine's time and neither system always runs second.
 */
async function pairedRounds(o: Options, ctx: RampContext, steps: StepResult[]): Promise<RampReport['paired']> {
  if (o.p50Rounds === 0) return undefined;
  const bareSteps = steps.filter((s) => s.system === 'bare');
  const rate = o.p50Rate ?? pairedRate(sustainableRate(bareSteps.map(figuresOf)), Math.max(...bareSteps.map((s) => s.rate)));
  if (rate === undefined) {
    progress(`p50 rounds skipped: bare's sustainable rate was not found (it sustained none of the rates, or the highest); add rates, or give --p50-rate`);
    return { skipped: true };
  }
  const jobs = o.jobsFor(rate);
  const rounds: Array<Record<SystemName, StepResult>> = [];
  for (let i = 0; i < o.p50Rounds; i++) {
    const order: SystemName[] = i % 2 === 0 ? ['reelflow', 'bare'] : ['bare', 'reelflow'];
    const pair: Partial<Record<SystemName, StepResult>> = {};
    for (const system of order) {
      progress(`p50 round ${i + 1}/${o.p50Rounds}: ${system}, ${jobs} jobs at ${rate}/s`);
      pair[system] = await runStep(ctx, system, rate, jobs, `p${rate}r${i}`);
    }
    const { reelflow, bare } = pair as Record<SystemName, StepResult>;
    progress(`p50 round ${i + 1}: ${reelflow.latency.p50.toFixed(1)} / ${bare.latency.p50.toFixed(1)} ms = ${(reelflow.latency.p50 / bare.latency.p50).toFixed(2)}`);
    rounds.push({ reelflow, bare });
  }
  return { rate, forced: o.p50Rate !== undefined, rounds };
}

/** Each system's workflow code alone: one of its job histories replayed in this process, with nothing else running. */
async function replayBoth(client: Client, steps: StepResult[]): Promise<RampReport['replay']> {
  const historyOf = async (system: SystemName) => {
    const id = steps.find((s) => s.system === system && s.typicalHistoryId)?.typicalHistoryId;
    return id ? await client.workflow.getHandle(id).fetchHistory() : undefined;
  };
  const [reelflowHistory, bareHistory] = [await historyOf('reelflow'), await historyOf('bare')];
  if (!reelflowHistory || !bareHistory) return undefined;
  progress(`replaying one job history of each system ${REPLAYS} times (workflow code alone, no server)`);
  return {
    reelflow: await replayCost(BUNDLE_OPTIONS, reelflowHistory, REPLAYS),
    bare: await replayCost({ workflowsPath: require.resolve('./bareJobWorkflow') }, bareHistory, REPLAYS),
  };
}

/** Whether the config takes `temporal.worker.maxCachedWorkflows` yet (the lead's contract for issue 9). */
function configTakesCacheSize(size: number): boolean {
  try {
    validateConfig({ temporal: { worker: { maxCachedWorkflows: size } } }, 'bench:capacity probe');
    return true;
  } catch {
    return false;
  }
}

async function openWorkflows(o: Options, client: Client, temporalAddress: string, receiver: NotifyReceiver, apiBaseUrl: string, workDir: string, cleanups: Cleanups): Promise<OpenReport> {
  let note: string | undefined;
  let maxCachedWorkflows = o.maxCachedWorkflows;
  if (maxCachedWorkflows !== undefined && !configTakesCacheSize(maxCachedWorkflows)) {
    note = `the config does not take temporal.worker.maxCachedWorkflows yet: --max-cached-workflows ${maxCachedWorkflows} was not applied`;
    progress(note);
    maxCachedWorkflows = undefined;
  }
  progress('open: starting a Reelflow worker of its own');
  const reelflow: SystemProcess = await spawnSystem({
    role: 'reelflow',
    temporalAddress,
    taskQueue: QUEUES.open,
    notifyUrl: receiver.url,
    project: OPEN_PROJECT,
    secret: SECRET,
    apiBaseUrl,
    apiToken: TOKEN,
    inboxFile: join(workDir, 'open-inbox.sqlite'),
    pollQuietFor: POLL_QUIET_FOR,
    maxCachedWorkflows,
  });
  cleanups.push(() => reelflow.stop());
  const ctx = { client, reelflow, taskQueue: QUEUES.open, project: OPEN_PROJECT, secret: SECRET, concurrency: o.openConcurrency, log: progress };
  const result = await measureOpenWorkflows(ctx, o.open);
  const open = result.levels.at(-1)?.open ?? 0;
  const worker = reelflow.ready.worker!; // the all-in-one role always runs the workers
  const eviction = await probeEviction(ctx, receiver, open, worker.maxCachedWorkflows);
  await reelflow.stop();
  return { result, eviction, worker, maxCachedWorkflowsRequested: o.maxCachedWorkflows, maxCachedWorkflowsApplied: maxCachedWorkflows !== undefined, note };
}

async function main(): Promise<void> {
  const o = options();
  installBenchRuntime(); // the replays run workers in this process
  const began = Date.now();
  const cleanups: Cleanups = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch((error: Error) => progress(`cleanup: ${error.message}`));
    cleanups.length = 0;
  };
  const workDir = mkdtempSync(join(tmpdir(), 'reelflow-capacity-'));
  cleanups.push(async () => rmSync(workDir, { recursive: true, force: true }));
  try {
    progress('starting a Temporal dev server (in memory, headless, as Reelflow starts it)');
    const devServer = await startDevServer({ port: 0, uiPort: false, log: progress });
    cleanups.push(() => devServer.stop());
    const connection = await Connection.connect({ address: devServer.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const fake = await startFakeMkio({ token: TOKEN, timing: TIMING, faults: {}, rateLimit: { getsPerMinute: 1_000_000 } });
    cleanups.push(() => fake.close());
    const receiver = await startNotifyReceiver();
    cleanups.push(() => receiver.close());

    const rampReport = o.skipRamp ? undefined : await ramp(o, { client, fake, receiver, devServerPid: devServer.pid }, devServer.address, receiver.url, workDir, cleanups);
    const openReport = o.skipOpen ? undefined : await openWorkflows(o, client, devServer.address, receiver, fake.url, workDir, cleanups);
    progress('stopping');
    await cleanup();
    printReport({ machine: machine(), ramp: rampReport, open: openReport, durationMs: Date.now() - began, devServerTuning: DEV_SERVER_TUNING });
  } catch (error) {
    await cleanup();
    throw error;
  }
}

runBench(main, progress);
