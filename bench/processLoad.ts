import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
/** Linux reports a process's CPU time in clock ticks of 1/100 s (`getconf CLK_TCK`). */
const TICK_MS = 10;

export interface ProcessLoad {
  /** How late a 10 ms timer fired on this thread's event loop. */
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** CPU time of this process (every thread: server, relay, worker, load generator). */
  benchCpuMs: number;
  /** CPU time of the Temporal dev server process; NaN when it is not ours to read. */
  temporalCpuMs: number;
  wallMs: number;
}

/** CPU per second of wall time while nothing is offered: pollers, timers, the dev server's own chores. */
export interface IdleCost {
  benchCpuPerS: number;
  temporalCpuPerS: number;
}

/** utime + stime of a process from /proc, in ms; undefined where there is no /proc (macOS) or no such process. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/**
 * Runs `work` and says what it cost the machine: the event-loop lag of this thread (the server
 * under test, its relay and its Temporal worker share it, so a synchronous SQLite commit waiting
 * for fsync shows here first) and the CPU time spent by this process and by the Temporal server.
 * On a 2-core machine, CPU per event is what sets the ceiling of a system that runs all of these.
 */
export async function measureLoad<T>(temporalPid: number | undefined, work: () => Promise<T>): Promise<{ result: T; load: ProcessLoad }> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const cpuBefore = ownCpuMs();
  const wallBefore = performance.now();
  const temporalBefore = processCpuMs(temporalPid);
  histogram.enable();
  try {
    const result = await work();
    const temporalAfter = processCpuMs(temporalPid);
    // The histogram holds whole timer intervals: the lag is what exceeds the interval.
    const lag = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    return {
      result,
      load: {
        loopLagP99Ms: lag(histogram.percentile(99)),
        loopLagMaxMs: lag(histogram.max),
        benchCpuMs: ownCpuMs() - cpuBefore,
        temporalCpuMs: temporalBefore === undefined || temporalAfter === undefined ? NaN : temporalAfter - temporalBefore,
        wallMs: performance.now() - wallBefore,
      },
    };
  } finally {
    histogram.disable();
  }
}

/** What the system costs doing nothing for `ms`: subtracted from a step's CPU, it leaves the cost of the events. */
export async function measureIdle(temporalPid: number | undefined, ms: number): Promise<IdleCost> {
  const { load } = await measureLoad(temporalPid, () => new Promise((resolve) => setTimeout(resolve, ms)));
  return { benchCpuPerS: (load.benchCpuMs * 1000) / load.wallMs, temporalCpuPerS: (load.temporalCpuMs * 1000) / load.wallMs };
}
