import { availableParallelism } from 'node:os';
import type { InboxSample } from './inboxSampler';
import { RELAY_ALONE, relayThroughput, type RelayThroughput } from './inboxSampler';
import type { IdleCost, ProcessLoad } from './processLoad';
import type { PacedResult } from './paced';
import { formatMs, percentile, round1, table } from './stats';
import type { BurstResult } from './webhookBurst';

/** One offered rate: what (a) Reelflow, (b) the bare handler and (c) the bare signalWithStart loop made of it. */
/** A paced result with what it cost: event-loop lag and CPU of the bench process, CPU of the Temporal server. */
export type MeasuredResult = PacedResult & { load: ProcessLoad; idle: IdleCost };

export interface Step {
  rate: number;
  a: MeasuredResult;
  b: MeasuredResult;
  c: MeasuredResult;
  /** Seconds (a)'s backlog took to drain after the step (capped). */
  drainSeconds?: number;
}

export interface IngressRun {
  options: { rates: number[]; seconds: number; burst: number; burstConnections: number; quick: boolean; drainCapSeconds: number };
  config: { ackDeadlineMs: number; concurrency: number; synchronous: string };
  steps: Step[];
  samples: readonly InboxSample[];
  /** (c) flat out at the relay's concurrency. */
  signalCapacity: { perSecond: number; failed: number };
  /** (c) flat out again after (a)'s burst, no worker: the dev server as the relay alone found it. */
  signalAfterBurst: { perSecond: number; failed: number };
  burst: { a: BurstResult; b: BurstResult; pendingAfter: number };
  /** (a)'s rows in the inbox at the end against its 2xx answers over the whole run. */
  accounting: { stored: number; answered2xx: number; unanswered: number };
}

/** Targets of issue 8 (ratios to same-run baselines). */
const TARGETS = { acceptedRatio: 0.5, p99Ratio: 3, burstNon2xx: 0, relayRatio: 0.9 } as const;
/** "Keeps up": at least this share of the offered rate answered 2xx, none otherwise. */
const KEEP_UP = 0.95;

interface Figures {
  acceptedPerS: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, failed calls and calls never answered. */
  non2xx: number;
  ok200: number;
  spooled202: number;
}

function figures(result: PacedResult, seconds: number): Figures {
  let ok = 0;
  let non2xx = result.unfinished;
  for (const [code, n] of Object.entries(result.outcomes)) {
    if (Number(code) >= 200 && Number(code) < 300) ok += n;
    else non2xx += n;
  }
  // Answers per second over the span in which they came: a server that holds every answer for the
  // ack deadline but keeps pace has the offered rate; one that falls behind stretches the span.
  const elapsed = ok > 1 ? ((result.endedAt - result.firstEndedAt) / 1000) * (ok / (ok - 1)) : seconds;
  return { acceptedPerS: ok / elapsed, p50: percentile(result.latencies, 50), p99: percentile(result.latencies, 99), non2xx, ok200: result.outcomes[200] ?? 0, spooled202: result.outcomes[202] ?? 0 };
}

/** Everything that was not a 2xx, by kind: `503×4 no-answer×2 unanswered×9`. */
function otherAnswers(result: PacedResult): string {
  const parts = Object.entries(result.outcomes)
    .filter(([code]) => Number(code) < 200 || Number(code) >= 300)
    .map(([code, n]) => `${code === '0' ? 'error' : code}×${n}`);
  if (result.unfinished) parts.push(`unanswered×${result.unfinished}`);
  return parts.join(' ') || '0';
}

/**
 * CPU time per accepted event, beyond what the system spends idle over the same time: this process
 * and the Temporal server (unknown when its process is not ours to read).
 */
function cpuFigures(result: MeasuredResult): { bench: number; temporal: number | null } {
  const accepted = Math.max(1, okCount(result));
  const seconds = result.load.wallMs / 1000;
  const net = (used: number, idlePerS: number) => Math.max(0, used - idlePerS * seconds) / accepted;
  const temporal = net(result.load.temporalCpuMs, result.idle.temporalCpuPerS);
  return { bench: round1(net(result.load.benchCpuMs, result.idle.benchCpuPerS)), temporal: Number.isFinite(temporal) ? round1(temporal) : null };
}

function cpuPerEvent(result: MeasuredResult): string {
  const { bench, temporal } = cpuFigures(result);
  return temporal === null ? `${bench.toFixed(1)} + ?` : `${bench.toFixed(1)} + ${temporal.toFixed(1)}`;
}

const okCount = (result: PacedResult) => Object.entries(result.outcomes).reduce((sum, [code, n]) => (Number(code) >= 200 && Number(code) < 300 ? sum + n : sum), 0);

const keepsUp = (f: Figures, rate: number) => f.non2xx === 0 && f.acceptedPerS >= KEEP_UP * rate;
const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '-');
const perS = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)}/s` : '-');

export function report(run: IngressRun, durationS: number): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const { options: o, config } = run;
  const rows = run.steps.map((step) => {
    const a = figures(step.a, o.seconds);
    const b = figures(step.b, o.seconds);
    const c = figures(step.c, o.seconds);
    // Temporal held every event within the deadline (200, not 202) and nothing was left behind.
    const delivered = keepsUp(a, step.rate) && a.spooled202 <= (1 - KEEP_UP) * step.a.offered && (step.drainSeconds ?? 0) <= 1;
    const maxPending = Math.max(0, ...run.samples.filter((x) => x.phase === `${step.rate}/s` || x.phase === `${step.rate}/s drain`).map((x) => x.pending));
    return { step, a, b, c, delivered, maxPending, acceptedRatio: a.acceptedPerS / b.acceptedPerS, p99Ratio: a.p99 / b.p99, temporalP99Ratio: c.p99 / b.p99 };
  });

  out();
  out(`Ingress under load: MK.IO JobStarted webhooks (a new job and event id in each), ${o.seconds} s per offered rate, open loop.`);
  out(`(a) Reelflow ingress + worker, inbox in SQLite on disk (synchronous=${config.synchronous}), ack deadline ${config.ackDeadlineMs} ms, relay concurrency ${config.concurrency}`);
  out('(b) bare fastify: constant-time secret check, JSON read, 200; (c) bare signalWithStart of a minimal workflow (same dev server, worker running)');
  out('Latency of (a)/(b): request due → answer; of (c): call due → signalWithStart returned. Absolute times are notes; the ratios count.');
  out("loop lag: how late a 10 ms timer fired on the bench's main thread (where (a)'s ingress, relay and worker run), p99 over the step.");
  out('CPU ms/event: CPU time over the step beyond idle, per 2xx answer (per call for (c)): the bench process (server, relay, worker, load generator) + the Temporal dev server.');
  out();
  out(
    table(
      ['offered', 'system', 'accepted/s', 'p50', 'p99', '200', '202', 'non-2xx', 'keeps up', 'loop lag p99', 'CPU ms/event (bench+temporal)'],
      rows.flatMap((r) => [
        [
          `${r.step.rate}/s`,
          '(a) reelflow',
          perS(r.a.acceptedPerS),
          formatMs(r.a.p50),
          formatMs(r.a.p99),
          String(r.a.ok200),
          String(r.a.spooled202),
          otherAnswers(r.step.a),
          `${keepsUp(r.a, r.step.rate) ? 'yes' : 'no'}${r.delivered ? '' : ' (spools)'}`,
          formatMs(r.step.a.load.loopLagP99Ms),
          cpuPerEvent(r.step.a),
        ],
        [
          '',
          '(b) bare fastify',
          perS(r.b.acceptedPerS),
          formatMs(r.b.p50),
          formatMs(r.b.p99),
          String(r.b.ok200),
          '',
          otherAnswers(r.step.b),
          keepsUp(r.b, r.step.rate) ? 'yes' : 'no',
          formatMs(r.step.b.load.loopLagP99Ms),
          cpuPerEvent(r.step.b),
        ],
        [
          '',
          '(c) signalWithStart',
          perS(r.c.acceptedPerS),
          formatMs(r.c.p50),
          formatMs(r.c.p99),
          '',
          '',
          otherAnswers(r.step.c),
          keepsUp(r.c, r.step.rate) ? 'yes' : 'no',
          formatMs(r.step.c.load.loopLagP99Ms),
          cpuPerEvent(r.step.c),
        ],
      ]),
    ),
  );
  out();
  out(
    table(
      ['offered', 'accepted/s (a)/(b)', `≥ ${TARGETS.acceptedRatio}`, 'ack p99 (a)/(b)', `≤ ${TARGETS.p99Ratio}`, 'p99 (c)/(b), for reference', "(a)'s backlog drained in"],
      rows.map((r) => [
        `${r.step.rate}/s`,
        ratio(r.acceptedRatio),
        verdict(r.acceptedRatio >= TARGETS.acceptedRatio),
        ratio(r.p99Ratio),
        verdict(r.p99Ratio <= TARGETS.p99Ratio),
        ratio(r.temporalP99Ratio),
        r.step.drainSeconds === undefined ? '-' : r.step.drainSeconds >= o.drainCapSeconds ? `> ${o.drainCapSeconds} s` : `${r.step.drainSeconds.toFixed(1)} s`,
      ]),
    ),
  );

  out('(an answer that waits for Temporal costs at least a signalWithStart: (c)/(b) is the floor of (a)/(b) for 200 `accepted`)');

  const alone = relayThroughput(
    run.samples.filter((s) => s.phase === RELAY_ALONE),
    config.concurrency,
    false,
  );
  const unloaded = relayThroughput(
    run.samples.filter((s) => s.phase !== RELAY_ALONE),
    config.concurrency,
    true,
  );
  const withWorker: RelayThroughput & { source: string } =
    unloaded.seconds >= 2
      ? { ...unloaded, source: 'backlog, no load offered' }
      : {
          ...relayThroughput(
            run.samples.filter((s) => s.phase !== RELAY_ALONE),
            config.concurrency,
            false,
          ),
          source: 'backlog, load offered',
        };
  // The target compares hand-off with hand-off on a dev server in the same state: the relay alone
  // with (c) after the burst (neither has a worker), else the relay beside its worker with (c) at the start.
  const relay: RelayThroughput & { source: string } = alone.seconds >= 2 ? { ...alone, source: 'worker stopped, as `reelflow ingress` runs' } : withWorker;
  const baseline = alone.seconds >= 2 ? run.signalAfterBurst : run.signalCapacity;
  const relayRatio = relay.perSecond / baseline.perSecond;
  out();
  for (const [label, r] of [
    ['Relay alone', alone],
    ['Relay beside its worker', withWorker],
  ] as const) {
    out(
      r.seconds > 0
        ? `${label}: ${perS(r.perSecond)} handed to Temporal while it had a backlog (${r.handedOff} rows over ${r.seconds.toFixed(1)} s${'source' in r ? `, ${r.source}` : ''})`
        : `${label}: never had a backlog (more pending rows than its concurrency) in this run`,
    );
  }
  const failed = (c: { failed: number }) => (c.failed ? `, ${c.failed} failed` : '');
  out(`(c) flat out at the same concurrency (${config.concurrency}): ${perS(run.signalCapacity.perSecond)} signalWithStart at the start${failed(run.signalCapacity)}`);
  out(`(c) again after the burst, no worker: ${perS(run.signalAfterBurst.perSecond)}${failed(run.signalAfterBurst)} (the dev server slows as workflows pile up)`);

  const burstA = run.burst.a;
  const burstBad = burstA.non2xx + burstA.errors;
  const burstRate = (b: BurstResult) => (b.requests - b.non2xx - b.errors) / b.durationS;
  out();
  out(
    table(
      [`burst of ${o.burst}, ${o.burstConnections} connections`, 'answers', 'accepted/s', 'p50', 'p99', 'max', 'non-2xx', 'no answer', 'took'],
      [
        [
          '(a) reelflow',
          statusList(burstA.statuses),
          perS(burstRate(burstA)),
          formatMs(burstA.p50Ms),
          formatMs(burstA.p99Ms),
          formatMs(burstA.maxMs),
          String(burstA.non2xx),
          noAnswer(burstA),
          `${burstA.durationS.toFixed(1)} s`,
        ],
        [
          '(b) bare fastify',
          statusList(run.burst.b.statuses),
          perS(burstRate(run.burst.b)),
          formatMs(run.burst.b.p50Ms),
          formatMs(run.burst.b.p99Ms),
          formatMs(run.burst.b.maxMs),
          String(run.burst.b.non2xx),
          noAnswer(run.burst.b),
          `${run.burst.b.durationS.toFixed(1)} s`,
        ],
      ],
    ),
  );
  out(`after the burst, ${run.burst.pendingAfter} rows were still pending (the relay delivers them at its rate; the bench stops watching)`);
  const { stored, answered2xx, unanswered } = run.accounting;
  // A duplicate answers 2xx without a new row, and so would a lost event: both leave fewer rows than 2xx answers.
  const consistent = stored >= answered2xx && stored <= answered2xx + unanswered;
  out(
    `(a) over the whole run: ${answered2xx} answers 2xx${unanswered ? ` and ${unanswered} requests without an answer` : ''}, ${stored} rows stored: ` +
      (consistent ? 'every 2xx has its row (no event deduped, none lost)' : 'MISMATCH: fewer rows than 2xx answers (deduped or lost events)'),
  );

  out();
  out("(a)'s inbox over time (sampled every 500 ms, all samples in the JSON; shown every few seconds and at each phase change)");
  out();
  out(table(['t', 'phase', 'pending', 'handed off', 'failed'], depthRows(run.samples)));

  const answersUpTo = highest(rows.filter((r) => keepsUp(r.a, r.step.rate)).map((r) => r.step.rate));
  const deliveredUpTo = highest(rows.filter((r) => r.delivered).map((r) => r.step.rate));
  const bareUpTo = highest(rows.filter((r) => keepsUp(r.b, r.step.rate)).map((r) => r.step.rate));
  out();
  for (const line of saturation({ rows, answersUpTo, deliveredUpTo, bareUpTo, relayPerS: relay.perSecond, signalPerS: baseline.perSecond, relayRatio, synchronous: config.synchronous })) out(line);

  const acceptedPass = rows.every((r) => r.acceptedRatio >= TARGETS.acceptedRatio);
  const p99Pass = rows.every((r) => r.p99Ratio <= TARGETS.p99Ratio);
  const p99Passing = rows.filter((r) => r.p99Ratio <= TARGETS.p99Ratio).map((r) => `${r.step.rate}/s`);
  const targets = [
    { name: 'accepted/s (a)/(b)', target: `≥ ${TARGETS.acceptedRatio} at every rate`, value: Math.min(...rows.map((r) => r.acceptedRatio)), pass: acceptedPass },
    { name: 'ack p99 (a)/(b)', target: `≤ ${TARGETS.p99Ratio} at every rate`, value: Math.max(...rows.map((r) => r.p99Ratio)), pass: p99Pass },
    { name: `non-2xx in a burst of ${o.burst}`, target: `${TARGETS.burstNon2xx}`, value: burstBad, pass: burstBad <= TARGETS.burstNon2xx },
    // Without a backlog the relay's capacity was never reached: not a pass, not a failure.
    { name: 'relay / (c) signalWithStart/s', target: `≥ ${TARGETS.relayRatio}`, value: relayRatio, pass: Number.isFinite(relayRatio) ? relayRatio >= TARGETS.relayRatio : null },
  ];
  out();
  out('Targets');
  out(
    table(
      ['target', 'wanted', 'measured', 'verdict'],
      targets.map((t) => [
        t.name,
        t.target,
        t.name.startsWith('non-2xx')
          ? String(t.value)
          : `${ratio(t.value)}${t.name.startsWith('accepted') ? ' (worst rate)' : t.name.startsWith('ack') ? ` (worst rate; PASS at ${p99Passing.join(', ') || 'none'})` : ''}`,
        t.pass === null ? 'NOT MEASURED (no backlog)' : verdict(t.pass),
      ]),
    ),
  );
  out(`bench took ${durationS.toFixed(1)} s`);

  const fig = (f: Figures) => ({ acceptedPerS: round1(f.acceptedPerS), p50Ms: round1(f.p50), p99Ms: round1(f.p99), non2xx: f.non2xx });
  const burstFig = (b: BurstResult) => ({
    requests: b.requests,
    statuses: b.statuses,
    non2xx: b.non2xx,
    noAnswer: b.errors,
    timeouts: b.timeouts,
    acceptedPerS: round1(burstRate(b)),
    p50Ms: b.p50Ms,
    p99Ms: b.p99Ms,
    maxMs: b.maxMs,
    seconds: round1(b.durationS),
  });
  const summary = {
    bench: 'ingress',
    quick: o.quick,
    secondsPerRate: o.seconds,
    inbox: config,
    steps: rows.map((r) => ({
      offeredPerS: r.step.rate,
      a: {
        ...fig(r.a),
        outcomes: r.step.a.outcomes,
        unanswered: r.step.a.unfinished,
        answered200: r.a.ok200,
        spooled202: r.a.spooled202,
        drainS: r.step.drainSeconds === undefined ? null : round1(r.step.drainSeconds),
      },
      loopLagP99Ms: { a: round1(r.step.a.load.loopLagP99Ms), b: round1(r.step.b.load.loopLagP99Ms), c: round1(r.step.c.load.loopLagP99Ms) },
      cpuMsPerEvent: { a: cpuFigures(r.step.a), b: cpuFigures(r.step.b), c: cpuFigures(r.step.c) },
      b: fig(r.b),
      c: fig(r.c),
      acceptedRatio: round(r.acceptedRatio),
      p99Ratio: round(r.p99Ratio),
      signalP99RatioToBare: round(r.temporalP99Ratio),
    })),
    relay: { perSecond: round1(relay.perSecond), seconds: round1(relay.seconds), source: relay.source, besideWorkerPerS: round1(withWorker.perSecond) },
    signalWithStartCapacityPerS: round1(run.signalCapacity.perSecond),
    signalWithStartAfterBurstPerS: round1(run.signalAfterBurst.perSecond),
    relayRatio: round(relayRatio),
    burst: { a: burstFig(burstA), b: burstFig(run.burst.b), pendingAfter: run.burst.pendingAfter },
    accounting: run.accounting,
    saturation: { answersKeepUpToPerS: answersUpTo ?? null, deliveryKeepsUpToPerS: deliveredUpTo ?? null, bareKeepsUpToPerS: bareUpTo ?? null },
    inboxDepth: { columns: ['t', 'pending', 'handedOff', 'failed'], samples: run.samples.map((s) => [s.t, s.pending, s.handedOff, s.failed]) },
    targets: targets.map((t) => ({ name: t.name, target: t.target, value: round(t.value), pass: t.pass })),
    met: targets.every((t) => t.pass !== false),
    durationS: round1(durationS),
  };
  out(JSON.stringify(summary));
}

const round = (value: number) => (Number.isFinite(value) ? Math.round(value * 100) / 100 : null);
const highest = (rates: number[]) => (rates.length ? Math.max(...rates) : undefined);

function statusList(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
}

/** `302 (302 after 30 s)`: requests with no answer, and how many of them timed out. */
const noAnswer = (b: BurstResult) => (b.timeouts ? `${b.errors} (${b.timeouts} timed out)` : String(b.errors));

/** About 45 rows whatever the run's length: every 2 s, or coarser for a long run. */
function depthRows(samples: readonly InboxSample[]): string[][] {
  const span = samples.length ? samples[samples.length - 1]!.t - samples[0]!.t : 0;
  const every = Math.max(2, Math.ceil(span / 45 / 0.5) * 0.5);
  let lastShown = -Infinity;
  let lastPhase = '';
  const rows: string[][] = [];
  for (const s of samples) {
    if (s.phase === lastPhase && s.t - lastShown < every) continue;
    rows.push([`${s.t.toFixed(1)} s`, s.phase, String(s.pending), String(s.handedOff), String(s.failed)]);
    lastShown = s.t;
    lastPhase = s.phase;
  }
  return rows;
}

/** What the saturation paragraph is drawn from. */
interface SaturationInputs {
  rows: Array<{ step: Step; a: Figures; b: Figures; c: Figures; delivered: boolean; maxPending: number }>;
  answersUpTo?: number;
  deliveredUpTo?: number;
  bareUpTo?: number;
  relayPerS: number;
  signalPerS: number;
  relayRatio: number;
  synchronous: string;
}

const upTo = (rate: number | undefined) => (rate === undefined ? 'none of the offered rates' : `${rate}/s`);

/** Where (a) stops keeping up, and the likeliest reasons, from this run's own figures. */
function saturation(s: SaturationInputs): string[] {
  const top = Math.max(...s.rows.map((r) => r.step.rate));
  const lines: string[] = ['Where (a) saturates'];
  lines.push(
    `  (a) keeps up (every webhook answered 2xx at the offered rate, each held by Temporal within the ack deadline) up to ${upTo(s.deliveredUpTo)}${s.deliveredUpTo === top ? ', the highest offered' : ''}.`,
  );
  const first = s.rows.find((r) => !r.delivered);
  if (first) {
    const backlog = `the inbox held up to ${first.maxPending} pending rows`;
    lines.push(
      keepsUp(first.a, first.step.rate)
        ? `  At ${first.step.rate}/s the answers still keep up (all 2xx, the events durable), but Temporal falls behind: ${first.a.spooled202} of ${first.step.a.offered} were answered 202 \`spooled\` after the deadline and ${backlog}.`
        : `  At ${first.step.rate}/s the ingress itself falls behind: it answered ${perS(first.a.acceptedPerS)}, p99 ${formatMs(first.a.p99)} (${first.a.non2xx} non-2xx; ${first.a.spooled202} spooled), and ${backlog}.`,
    );
  }
  if (s.answersUpTo !== top) lines.push(`  Answers (2xx) keep the offered rate up to ${upTo(s.answersUpTo)}; (b) keeps up to ${upTo(s.bareUpTo)}.`);
  lines.push('  Why:');
  const relayLine = !Number.isFinite(s.relayPerS)
    ? 'the relay never had a backlog in this run: it kept up with every arrival.'
    : s.relayRatio >= 0.8
      ? `Temporal's intake: with a backlog the relay moves ${perS(s.relayPerS)}, and (c), a bare signalWithStart loop at the same concurrency, gets ${perS(s.signalPerS)} from this dev server (${ratio(s.relayRatio)}).`
      : `the relay: with a backlog it moves ${perS(s.relayPerS)} while (c), a bare signalWithStart loop at the same concurrency, gets ${perS(s.signalPerS)} from the same dev server (${ratio(s.relayRatio)}).`;
  lines.push(`  - ${relayLine}`);
  // Compared at the same (lowest) rate, where both keep up: work deferred past a step would not be counted in it.
  const low = s.rows[0]!;
  const a = cpuFigures(low.step.a);
  const c = cpuFigures(low.step.c);
  if (a.temporal !== null && c.temporal !== null) {
    const total = (f: { bench: number; temporal: number | null }) => f.bench + (f.temporal ?? 0);
    lines.push(
      `  - CPU: at ${low.step.rate}/s each event cost (a) ${a.bench} ms in the bench process + ${a.temporal} ms in Temporal, (c) ${c.bench} + ${c.temporal} ms` +
        ` (${ratio(total(a) / total(c))}); on ${availableParallelism()} cores Temporal, its worker and the ingress share the machine, so what (a) spends beyond (c) comes out of Temporal's intake.`,
    );
  }
  const worst = s.rows.reduce((w, r) => (r.step.a.load.loopLagP99Ms > w.step.a.load.loopLagP99Ms ? r : w));
  if (worst.step.a.load.loopLagP99Ms > 50) {
    lines.push(
      `  - the event loop: (a)'s ingress, relay and worker share one thread, which ran ${formatMs(worst.step.a.load.loopLagP99Ms)} late (p99) at ${worst.step.rate}/s against (b)'s ${formatMs(worst.step.b.load.loopLagP99Ms)};` +
        ` synchronous work there (parsing, SQLite statements, the SDK's calls; the inbox's fsync runs on a thread of its own) delays every answer and workflow task.`,
    );
  }
  return lines;
}
