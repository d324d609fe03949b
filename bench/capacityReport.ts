import os from 'node:os';
import type { EvictionProbe, EvictionResult } from './capacityEviction';
import type { OpenResult } from './capacityOpen';
import type { ReplayCost } from './replayCost';
import type { WorkerSettings } from './capacityProtocol';
import { figuresOf, HISTORY_SAMPLE, type StepResult, type SystemName } from './capacityRamp';
import { CAPACITY_TARGETS, p50Comparison, pairedP50, sustainableRate, type PairedP50 } from './capacityVerdict';
import type { BreakdownStep } from './reactionBreakdown';
import { formatMs, round1, round2, table } from './stats';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  return { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryGiB: round1(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

export interface RampReport {
  steps: StepResult[];
  /** Rates a system was not run at, because a lower one saturated it. */
  skipped: Array<{ system: SystemName; rate: number }>;
  jobsRule: string;
  warmup: number;
  /** How Reelflow ran: one process as `npm start` runs it, or ingress and workers apart (--split, as compose runs them). */
  topology: 'one process' | 'split';
  /** At the lowest rate: Reelflow's steps and, where bare ran that rate, bare's (all but the ingress, which it has not). */
  breakdown?: { rate: number; steps: BreakdownStep[]; bareSteps?: BreakdownStep[] };
  /** The event types of one Reelflow job's history (median length, lowest rate), one line each. */
  typicalHistory?: string[];
  workers: Partial<Record<SystemName, WorkerSettings>>;
  /** One job history of each system replayed in the bench process: the workflow code's CPU alone. */
  replay?: Record<SystemName, ReplayCost>;
  /** The p50 target's back-to-back pairs (--p50-rounds), or why there were none. */
  paired?: PairedRounds;
}

export type PairedRounds = { skipped: true } | { rate: number; /** --p50-rate gave the rate. */ forced: boolean; rounds: Array<Record<SystemName, StepResult>> };

/** The p50 verdict's figure from the pairs, when they ran. */
function pairedFigure(paired: PairedRounds | undefined): PairedP50 | undefined {
  if (!paired || !('rounds' in paired)) return undefined;
  return pairedP50(
    paired.rate,
    paired.rounds.map((r) => ({ reelflowP50Ms: r.reelflow.latency.p50, bareP50Ms: r.bare.latency.p50 })),
  );
}

export interface OpenReport {
  result: OpenResult;
  /** Undefined when the cache held every open workflow (nothing evicted to measure). */
  eviction?: EvictionResult;
  worker: WorkerSettings;
  /** --max-cached-workflows, and whether the config took it (temporal.worker.maxCachedWorkflows). */
  maxCachedWorkflowsRequested?: number;
  maxCachedWorkflowsApplied: boolean;
  note?: string;
}

const mib = (bytes: number) => round1(bytes / 2 ** 20);
const ms1 = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');

const stepsJson = (steps: readonly BreakdownStep[]) => Object.fromEntries(steps.map((s) => [s.id, { p50Ms: round1(s.summary.p50), p99Ms: round1(s.summary.p99) }]));

function stepJson(s: StepResult) {
  return {
    jobs: s.jobs,
    measured: s.latency.n,
    missing: s.missing,
    errors: s.errors,
    p50Ms: round1(s.latency.p50),
    p90Ms: round1(s.latency.p90),
    p99Ms: round1(s.latency.p99),
    maxMs: round1(s.latency.max),
    workerCpuMsPerJob: round1(s.workerCpuMsPerJob),
    devServerCpuMsPerJob: round1(s.devServerCpuMsPerJob),
    eventsPerJob: s.eventsPerJob.n === 0 ? null : s.eventsPerJob.p50,
    historiesCounted: s.eventsPerJob.n,
    eventsPerJobMax: s.eventsPerJob.max,
    wallS: round1(s.wallMs / 1000),
    idleCpuMsPerS: { worker: round1(s.idleCpuMsPerS.worker), devServer: round1(s.idleCpuMsPerS.devServer) },
  };
}

/** Prints the report (stdout) and, last, its JSON line. */
export function printReport(input: { machine: Machine; ramp?: RampReport; open?: OpenReport; durationMs: number; devServerTuning: Record<string, unknown> }): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const met: string[] = [];
  const missed: string[] = [];
  const verdict = (ok: boolean, text: string) => {
    (ok ? met : missed).push(text);
    out(`${ok ? 'target met' : 'TARGET MISSED'}: ${text}`);
  };
  const { machine: m, ramp, open } = input;
  out();
  out(`Capacity: Reelflow against a bare Temporal baseline, same run, same dev server (in memory, as Reelflow starts it).`);
  out(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. Shared machines are noisy: read the ratios.`);

  let json: Record<string, unknown> = {};
  if (ramp) {
    const by = (system: SystemName) => ramp.steps.filter((s) => s.system === system);
    const rates = [...new Set(ramp.steps.map((s) => s.rate))].sort((a, b) => a - b);
    out();
    out(`Ramp: per rate, jobs created at that rate (${ramp.jobsRule}; ${ramp.warmup} warm-up jobs per system first, not counted); each job's`);
    out(`two events ~1 s apart (Queued 100 ms → JobStarted → 900 ms → JobFinished); one notify POST per job.`);
    out(`Reelflow reaction = JobFinished webhook received by the ingress → notify POST received; bare = second signalWithStart sent → POST received.`);
    out(
      ramp.topology === 'split'
        ? `Reelflow ran as compose runs it (--split): \`reelflow ingress\` and \`reelflow worker\` in two processes; its CPU is both.`
        : `Reelflow ran as \`npm start\` runs it: ingress and workers in one process.`,
    );
    out(`CPU ms/job: the system's own process (Reelflow: ingress + worker; bare: worker; the bench's signals are not in it) and the`);
    out(`dev server, idle cost subtracted; over the jobs offered, so it understates a step with missing jobs. Events/job: median of ${HISTORY_SAMPLE} histories`);
    out(`(whole ones only: a job's history counts once a workflow task completed after its action).`);
    out();
    const rows: string[][] = [];
    for (const rate of rates) {
      for (const system of ['reelflow', 'bare'] as const) {
        const s = ramp.steps.find((step) => step.rate === rate && step.system === system);
        if (!s) {
          const why = ramp.skipped.some((x) => x.system === system && x.rate === rate) ? 'skipped: jobs missed at a lower rate' : 'not run (a probe of the other system)';
          rows.push([`${rate}/s`, system, why, '', '', '', '', '', '', '']);
          continue;
        }
        rows.push([
          `${rate}/s`,
          system,
          String(s.jobs),
          formatMs(s.latency.p50),
          formatMs(s.latency.p99),
          formatMs(s.latency.max),
          String(s.missing),
          ms1(s.workerCpuMsPerJob),
          ms1(s.devServerCpuMsPerJob),
          s.eventsPerJob.n === 0 ? '-' : `${s.eventsPerJob.p50}${s.eventsPerJob.n < HISTORY_SAMPLE ? ` (${s.eventsPerJob.n} whole)` : ''}`,
        ]);
      }
    }
    out(table(['rate', 'system', 'jobs', 'p50', 'p99', 'max', 'missing', 'worker CPU ms/job', 'dev-server CPU ms/job', 'events/job'], rows));
    const errors = ramp.steps.filter((s) => s.errors > 0);
    for (const s of errors) out(`note: ${s.system} at ${s.rate}/s: ${s.errors} ${s.system === 'bare' ? 'signalWithStart calls failed' : 'webhook POSTs not answered 2xx (the fake retries them)'}`);

    const reelflowSustainable = sustainableRate(by('reelflow').map(figuresOf));
    const bareSustainable = sustainableRate(by('bare').map(figuresOf));
    const sustainableRatio = bareSustainable > 0 ? reelflowSustainable / bareSustainable : NaN;
    const comparison = p50Comparison(by('reelflow').map(figuresOf), by('bare').map(figuresOf), bareSustainable);
    out();
    out(`Sustainable rate (highest with p99 ≤ ${CAPACITY_TARGETS.sustainableP99Ms} ms and no job missing): Reelflow ${reelflowSustainable}/s, bare ${bareSustainable}/s.`);
    if (bareSustainable > 0 && bareSustainable === Math.max(...rates)) out(`note: bare sustained the highest rate run (${bareSustainable}/s): its limit is higher; add rates (--rates) to find it.`);
    if (bareSustainable === 0) out(`note: bare sustained none of the rates run (machine busy?): no ratio; rerun on a quieter machine or add a lower rate.`);
    verdict(
      sustainableRatio >= CAPACITY_TARGETS.sustainableRatioMin,
      `sustainable rate Reelflow / bare = ${Number.isFinite(sustainableRatio) ? sustainableRatio.toFixed(2) : 'not measurable'} (target ≥ ${CAPACITY_TARGETS.sustainableRatioMin})`,
    );
    const paired = pairedFigure(ramp.paired);
    if (ramp.paired && !paired) out(`note: no p50 rounds (bare's sustainable rate was not found): the p50 verdict reads the ramp's single pair.`);
    if (paired && ramp.paired && 'rounds' in ramp.paired) {
      const why = ramp.paired.forced ? 'the rate --p50-rate gave' : `a quarter of bare's sustainable ${bareSustainable}/s`;
      out();
      out(`p50 in ${paired.rounds.length} back-to-back rounds at ${paired.rate}/s (${why}), the order alternated:`);
      paired.rounds.forEach((r, i) => out(`  round ${i + 1}: Reelflow ${formatMs(r.reelflowP50Ms)} / bare ${formatMs(r.bareP50Ms)} = ${r.ratio.toFixed(2)}`));
      if (comparison) out(`  (the ramp's single pair at ${comparison.rate}/s read ${comparison.ratio.toFixed(2)})`);
      verdict(
        paired.ratio <= CAPACITY_TARGETS.p50RatioMax,
        `p50 Reelflow / bare = ${paired.ratio.toFixed(2)}, the median of ${paired.rounds.length} rounds at ${paired.rate}/s (${paired.min.toFixed(2)}–${paired.max.toFixed(2)}) (target ≤ ${CAPACITY_TARGETS.p50RatioMax})`,
      );
    } else if (comparison) {
      const where = comparison.exact
        ? `at ${comparison.rate}/s (a quarter of bare's sustainable rate)`
        : `at ${comparison.rate}/s (a quarter of bare's sustainable rate is ${comparison.wantedRate}/s, not run: ${comparison.rate < comparison.wantedRate ? 'the nearest lower run rate' : 'no run rate is lower, so the lowest'})`;
      verdict(
        comparison.ratio <= CAPACITY_TARGETS.p50RatioMax,
        `p50 Reelflow / bare = ${formatMs(comparison.reelflowP50Ms)} / ${formatMs(comparison.bareP50Ms)} = ${comparison.ratio.toFixed(2)} ${where} (target ≤ ${CAPACITY_TARGETS.p50RatioMax})`,
      );
    }

    if (ramp.breakdown) {
      out();
      out(`Where one job's time goes at ${ramp.breakdown.rate}/s (JobFinished; Temporal's times from each workflow's history; bare has no ingress):`);
      out();
      const bare = new Map(ramp.breakdown.bareSteps?.map((s) => [s.id, s.summary]));
      const bareCell = (id: BreakdownStep['id'], pick: (s: BreakdownStep['summary']) => number) => (bare.has(id) ? formatMs(pick(bare.get(id)!)) : '-');
      out(
        table(
          ['step', 'Reelflow p50', 'bare p50', 'Reelflow p99', 'bare p99'],
          ramp.breakdown.steps.map((s) => [s.label, formatMs(s.summary.p50), bareCell(s.id, (b) => b.p50), formatMs(s.summary.p99), bareCell(s.id, (b) => b.p99)]),
        ),
      );
    }
    if (ramp.typicalHistory) {
      out();
      out(`One Reelflow job's history (${ramp.typicalHistory.length} events; median length of the sample at the lowest rate), the workflow still lingering:`);
      for (const line of ramp.typicalHistory) out(`  ${line}`);
    }
    for (const [system, w] of Object.entries(ramp.workers)) out(`${system} worker: ${describeWorker(w)}`);
    if (ramp.replay) {
      const { reelflow, bare } = ramp.replay;
      out();
      out(`Workflow code alone (one job's history replayed ${reelflow.histories}× in one process, no server, no network; the least noisy figure here):`);
      out(
        `  Reelflow ${reelflow.cpuMsPerHistory.toFixed(1)} CPU ms per job, bare ${bare.cpuMsPerHistory.toFixed(1)} ms: ${(reelflow.cpuMsPerHistory / bare.cpuMsPerHistory).toFixed(2)}× (the SDK's sandbox is most of both)`,
      );
    }

    json = {
      ...json,
      reelflowTopology: ramp.topology,
      jobsPerStep: ramp.jobsRule,
      warmupJobs: ramp.warmup,
      rates: rates.map((rate) => ({
        rate,
        reelflow: ((s) => (s ? stepJson(s) : null))(ramp.steps.find((x) => x.rate === rate && x.system === 'reelflow')),
        bare: ((s) => (s ? stepJson(s) : null))(ramp.steps.find((x) => x.rate === rate && x.system === 'bare')),
      })),
      sustainable: { reelflow: reelflowSustainable, bare: bareSustainable },
      ratios: {
        sustainable: Number.isFinite(sustainableRatio) ? round2(sustainableRatio) : null,
        p50: paired
          ? {
              method: 'paired rounds',
              rate: paired.rate,
              ratio: round2(paired.ratio),
              min: round2(paired.min),
              max: round2(paired.max),
              rounds: paired.rounds.map((r) => ({ reelflowP50Ms: round1(r.reelflowP50Ms), bareP50Ms: round1(r.bareP50Ms), ratio: round2(r.ratio) })),
            }
          : comparison
            ? { method: 'ramp', ...comparison, ratio: round2(comparison.ratio), reelflowP50Ms: round1(comparison.reelflowP50Ms), bareP50Ms: round1(comparison.bareP50Ms) }
            : null,
        p50Ramp: comparison ? { ...comparison, ratio: round2(comparison.ratio), reelflowP50Ms: round1(comparison.reelflowP50Ms), bareP50Ms: round1(comparison.bareP50Ms) } : null,
      },
      breakdown: ramp.breakdown ? { rate: ramp.breakdown.rate, steps: stepsJson(ramp.breakdown.steps), bareSteps: ramp.breakdown.bareSteps ? stepsJson(ramp.breakdown.bareSteps) : null } : null,
      typicalReelflowHistory: ramp.typicalHistory ?? null,
      workers: ramp.workers,
      replayCpuMsPerJob: ramp.replay
        ? {
            reelflow: round1(ramp.replay.reelflow.cpuMsPerHistory),
            bare: round1(ramp.replay.bare.cpuMsPerHistory),
            ratio: round2(ramp.replay.reelflow.cpuMsPerHistory / ramp.replay.bare.cpuMsPerHistory),
          }
        : null,
    };
  }

  if (open) {
    const { result } = open;
    out();
    out(`Open entity workflows on one Reelflow worker (ingress + workers in one process; one JobStarted webhook each, no JobFinished).`);
    out(`Worker: ${describeWorker(open.worker)}.`);
    if (open.note) out(`note: ${open.note}`);
    out(`Memory after a full GC in the child; heap = its main thread's V8 heap (workflow sandboxes run in worker threads: their heap is in RSS only).`);
    out();
    const base = result.baseline;
    const rows = [
      ['0 (1 warm-up)', String(mib(base.rssBytes)), String(mib(base.heapUsedBytes)), String(mib(base.heapTotalBytes)), '', '', '', ''],
      ...result.levels.map((l) => [
        String(l.open),
        String(mib(l.memory.rssBytes)),
        String(mib(l.memory.heapUsedBytes)),
        String(mib(l.memory.heapTotalBytes)),
        String(l.activity.numCachedWorkflows),
        l.activity.numCachedWorkflows > 0 ? ((l.memory.rssBytes - base.rssBytes) / 1024 / l.activity.numCachedWorkflows).toFixed(0) : '-',
        l.openedPerS.toFixed(0),
        ms1(l.cpuMsPerStart),
      ]),
    ];
    out(table(['open workflows', 'RSS MiB', 'heap used MiB', 'heap total MiB', 'cached', 'RSS over 0, KiB / cached wf', 'opened/s', 'CPU ms/open'], rows));
    out(`RSS over 0 per cached workflow: the growth over the first row, over the workflows the cache holds (an upper bound of a cached`);
    out(`workflow's cost: the inbox and the open workflows' bookkeeping grow too). opened/s: a level's new workflows per second, first`);
    out(`webhook → all open and the worker quiet (3 s of quiet included). CPU ms/open: the worker process's CPU (ingress, inbox, relay,`);
    out(`first workflow task) per workflow opened, idle included.`);
    out(`An open workflow's history: ${result.historyOfOne.join(', ')}`);
    const { eviction } = open;
    out();
    if (eviction) {
      out(`What an eviction costs: with ${eviction.open} open and a cache of ${eviction.cacheSize}, the next event (JobFinished webhook sent → notify POST received)`);
      out(`of the newest workflows (cached) against the oldest (evicted: rebuilt from their history first), ${eviction.cached.jobs} each at 10/s:`);
      out();
      const row = (label: string, p: EvictionProbe) => [label, formatMs(p.latency.p50), formatMs(p.latency.p99), String(p.missing), ms1(p.cpuMsPerJob)];
      out(table(['next event of', 'p50', 'p99', 'missing', 'worker CPU ms/job'], [row('a cached workflow', eviction.cached), row('an evicted workflow', eviction.evicted)]));
    } else {
      const most = result.levels.at(-1)?.open ?? 0;
      out(`Eviction cost not measured: the cache (${open.worker.maxCachedWorkflows}) holds every open workflow (${most}) or nearly; run with --max-cached-workflows below the open count.`);
    }
    const most = result.levels.at(-1);
    if (most && most.open >= 10_000)
      verdict(most.memory.rssBytes <= CAPACITY_TARGETS.openRssMaxBytes, `worker RSS with ${most.open} open workflows ${mib(most.memory.rssBytes)} MiB (target ≤ 1024 MiB)`);
    else out(`(RSS target is for 10,000 open workflows: not measured in this run)`);
    json = {
      ...json,
      memory: {
        worker: open.worker,
        maxCachedWorkflowsRequested: open.maxCachedWorkflowsRequested ?? null,
        maxCachedWorkflowsApplied: open.maxCachedWorkflowsApplied,
        note: open.note ?? null,
        baseline: { rssMiB: mib(base.rssBytes), heapUsedMiB: mib(base.heapUsedBytes), heapTotalMiB: mib(base.heapTotalBytes) },
        levels: result.levels.map((l) => ({
          open: l.open,
          rssMiB: mib(l.memory.rssBytes),
          heapUsedMiB: mib(l.memory.heapUsedBytes),
          heapTotalMiB: mib(l.memory.heapTotalBytes),
          cachedWorkflows: l.activity.numCachedWorkflows,
          rssKiBPerOpenWorkflow: round1((l.memory.rssBytes - base.rssBytes) / 1024 / l.open),
          rssKiBPerCachedWorkflow: l.activity.numCachedWorkflows > 0 ? round1((l.memory.rssBytes - base.rssBytes) / 1024 / l.activity.numCachedWorkflows) : null,
          webhooksPerS: round1(l.webhooksPerS),
          openedPerS: round1(l.openedPerS),
          cpuMsPerStart: round1(l.cpuMsPerStart),
          failedPosts: l.failedPosts,
          settleS: round1(l.settleMs / 1000),
          gcRan: l.memory.gcRan,
        })),
        openWorkflowHistory: result.historyOfOne,
        eviction: eviction ? { cacheSize: eviction.cacheSize, open: eviction.open, cached: probeJson(eviction.cached), evicted: probeJson(eviction.evicted) } : null,
      },
    };
  }

  out();
  out(
    met.length + missed.length === 0
      ? 'no target was measured in this run'
      : missed.length === 0
        ? 'every target measured was met'
        : `${missed.length} of ${met.length + missed.length} targets missed`,
  );
  out(`bench took ${(input.durationMs / 1000).toFixed(1)} s`);
  out(
    JSON.stringify({
      bench: 'capacity',
      machine: m,
      devServerTuning: input.devServerTuning,
      ...json,
      targets: CAPACITY_TARGETS,
      met,
      missed,
      durationS: round1(input.durationMs / 1000),
    }),
  );
}

const probeJson = (p: EvictionProbe) => ({ jobs: p.jobs, missing: p.missing, p50Ms: round1(p.latency.p50), p99Ms: round1(p.latency.p99), workerCpuMsPerJob: round1(p.cpuMsPerJob) });

/** `fixed-size` slot suppliers as their size, others by type. */
function slots(tuner: string, supplier: string): string {
  try {
    const found = (JSON.parse(tuner) as Record<string, { type?: string; numSlots?: number } | null>)[supplier];
    return found?.type === 'fixed-size' ? String(found.numSlots) : (found?.type ?? '?');
  } catch {
    return '?';
  }
}

function describeWorker(w: WorkerSettings): string {
  return `maxCachedWorkflows ${w.maxCachedWorkflows}, reuseV8Context ${String(w.reuseV8Context)}, workflowThreadPoolSize ${w.workflowThreadPoolSize}, workflow task slots ${slots(w.tuner, 'workflowTaskSlotSupplier')}, activity slots ${slots(w.tuner, 'activityTaskSlotSupplier')}`;
}
