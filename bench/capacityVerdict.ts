/** bench:capacity's targets (issue 9): Reelflow against the bare baseline measured in the same run. */
export const CAPACITY_TARGETS = {
  /** A rate is sustained when its p99 reaction is at most this and no job went missing. */
  sustainableP99Ms: 250,
  /** Reelflow's sustainable rate ≥ this × bare's. */
  sustainableRatioMin: 0.8,
  /** Reelflow's p50 ≤ this × bare's, at a quarter of bare's sustainable rate. */
  p50RatioMax: 1.2,
  /** Worker RSS with the most open entity workflows. */
  openRssMaxBytes: 1024 ** 3,
} as const;

export interface RateFigures {
  rate: number;
  p50Ms: number;
  p99Ms: number;
  missing: number;
}

/** The highest rate whose p99 ≤ 250 ms with no job missing; 0 when none. */
export function sustainableRate(steps: readonly RateFigures[]): number {
  return Math.max(0, ...steps.filter((s) => s.missing === 0 && s.p99Ms <= CAPACITY_TARGETS.sustainableP99Ms).map((s) => s.rate));
}

/**
 * The rate to try next to narrow a system's sustainable rate: the integer midway between the
 * highest rate it sustained and the lowest one above that it did not (a ladder of 10, 15 says
 * only "between"; two probes tell 12 from 14). Undefined when nothing failed above the highest
 * sustained rate, or the two are adjacent.
 */
export function refiningRate(steps: readonly RateFigures[]): number | undefined {
  const sustained = sustainableRate(steps);
  const failedAbove = steps.filter((s) => s.rate > sustained && (s.missing > 0 || s.p99Ms > CAPACITY_TARGETS.sustainableP99Ms)).map((s) => s.rate);
  if (failedAbove.length === 0) return undefined;
  const mid = Math.floor((sustained + Math.min(...failedAbove)) / 2);
  return mid > sustained && !steps.some((s) => s.rate === mid) ? mid : undefined;
}

export interface P50Comparison {
  /** A quarter of bare's sustainable rate. */
  wantedRate: number;
  /** The run rate compared: the wanted one, else the nearest lower run rate (else the lowest). */
  rate: number;
  exact: boolean;
  reelflowP50Ms: number;
  bareP50Ms: number;
  ratio: number;
}

/** Reelflow's p50 over bare's at a quarter of bare's sustainable rate (or the nearest rate run below it). */
export function p50Comparison(reelflow: readonly RateFigures[], bare: readonly RateFigures[], bareSustainable: number): P50Comparison | undefined {
  const both = bare.map((b) => ({ b, r: reelflow.find((r) => r.rate === b.rate) })).filter((pair) => pair.r !== undefined);
  if (both.length === 0) return undefined;
  const wantedRate = bareSustainable / 4;
  const rates = both.map((pair) => pair.b.rate).sort((x, y) => x - y);
  const rate = [...rates].reverse().find((r) => r <= wantedRate) ?? rates[0]!;
  const pair = both.find((p) => p.b.rate === rate)!;
  return { wantedRate, rate, exact: rate === wantedRate, reelflowP50Ms: pair.r!.p50Ms, bareP50Ms: pair.b.p50Ms, ratio: pair.r!.p50Ms / pair.b.p50Ms };
}

/**
 * The rate to read the p50 target at in alternated rounds: a quarter of bare's sustainable rate,
 * rounded, at least 1 job/s. Undefined when bare's limit was not found (it sustained nothing, or
 * the highest rate run: a quarter of a lower bound says nothing).
 */
export function pairedRate(bareSustainable: number, highestRateRun: number): number | undefined {
  if (bareSustainable === 0 || bareSustainable >= highestRateRun) return undefined;
  return Math.max(1, Math.round(bareSustainable / 4));
}

export interface PairedRound {
  reelflowP50Ms: number;
  bareP50Ms: number;
}

export interface PairedP50 {
  rate: number;
  rounds: Array<PairedRound & { ratio: number }>;
  /** The median of the rounds' ratios: each round's two systems ran back to back, so each ratio saw the same hour. */
  ratio: number;
  min: number;
  max: number;
}

/**
 * Reelflow's p50 over bare's from alternated rounds at one rate. A single pair of steps follows
 * the machine's mood: on one day the same code read 1.08 and 1.52 an hour apart, with bare's own
 * p50 moving from 24 to 16 ms. The median of several back-to-back pairs is the figure that holds.
 */
export function pairedP50(rate: number, rounds: readonly PairedRound[]): PairedP50 | undefined {
  if (rounds.length === 0) return undefined;
  const withRatio = rounds.map((r) => ({ ...r, ratio: r.reelflowP50Ms / r.bareP50Ms }));
  const ratios = withRatio.map((r) => r.ratio).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  const ratio = ratios.length % 2 === 1 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { rate, rounds: withRatio, ratio, min: ratios[0]!, max: ratios.at(-1)! };
}
