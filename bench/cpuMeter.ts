import { processCpuMs } from './processLoad';
import { sleep } from './clock';

/** CPU time (ms) of named processes at one moment, from /proc; NaN where unreadable (no /proc). */
export interface CpuSnapshot {
  at: number;
  cpuMs: Record<string, number>;
}

/** A process, or several whose CPU counts as one (Reelflow's ingress and worker with --split). */
export type Pids = number | readonly number[] | undefined;

const cpuMsOf = (pids: Pids): number => (typeof pids === 'object' ? pids : [pids]).reduce<number>((sum, pid) => sum + (processCpuMs(pid) ?? NaN), 0);

export function cpuSnapshot(pids: Record<string, Pids>): CpuSnapshot {
  return { at: Date.now(), cpuMs: Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMsOf(pid)])) };
}

/** CPU ms each process spent between two snapshots, less what it spends idle over the same wall time. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot, idlePerS: Record<string, number> = {}): Record<string, number> {
  const wallS = (after.at - before.at) / 1000;
  return Object.fromEntries(Object.keys(before.cpuMs).map((name) => [name, after.cpuMs[name]! - before.cpuMs[name]! - (idlePerS[name] ?? 0) * wallS]));
}

/**
 * CPU ms per second of each process while nothing is offered (pollers, the dev server's own
 * chores). /proc counts in 10 ms ticks: over 2 s that is ±0.5 % of a core.
 */
export async function idleCpuPerS(pids: Record<string, Pids>, ms: number): Promise<Record<string, number>> {
  const before = cpuSnapshot(pids);
  await sleep(ms);
  const after = cpuSnapshot(pids);
  const wallS = (after.at - before.at) / 1000;
  return Object.fromEntries(Object.keys(before.cpuMs).map((name) => [name, (after.cpuMs[name]! - before.cpuMs[name]!) / wallS]));
}
