import type { DeliveryStatus } from '../src/inbox/types';
import { nowMs } from './clock';

/** One reading of the inbox: seconds since sampling began, the phase then running, rows by status. */
export interface InboxSample {
  t: number;
  phase: string;
  /** True while requests were being offered (false while the bench only waited for the relay). */
  loaded: boolean;
  pending: number;
  /** Delivered + closed: rows Temporal holds. */
  handedOff: number;
  failed: number;
}

export interface InboxSampler {
  readonly samples: readonly InboxSample[];
  /** Labels the samples taken from now on. */
  mark(phase: string, loaded: boolean): void;
  /** The latest reading (taken now). */
  read(): Promise<InboxSample>;
  stop(): void;
}

/** Reads `counts` every `everyMs`; a failed read is skipped (the figures then have a gap, not a lie). */
export function sampleInbox(counts: () => Promise<Record<DeliveryStatus, number>>, everyMs = 500): InboxSampler {
  const samples: InboxSample[] = [];
  const began = nowMs();
  let phase = 'idle';
  let loaded = false;
  const read = async (): Promise<InboxSample> => {
    const c = await counts();
    const sample = { t: Math.round(nowMs() - began) / 1000, phase, loaded, pending: c.pending, handedOff: c.delivered + c.closed, failed: c.failed };
    samples.push(sample);
    return sample;
  };
  const timer = setInterval(() => void read().catch(() => undefined), everyMs);
  return {
    samples,
    mark(next, nextLoaded) {
      phase = next;
      loaded = nextLoaded;
    },
    read,
    stop: () => clearInterval(timer),
  };
}

/** The phase in which the worker is stopped and the relay has the process to itself. */
export const RELAY_ALONE = 'relay alone';

export interface RelayThroughput {
  /** Hand-offs per second over the intervals that began with a backlog. */
  perSecond: number;
  seconds: number;
  handedOff: number;
}

/**
 * How fast the relay hands rows to Temporal when it has more than it can run at once: only
 * intervals that begin with more pending rows than `concurrency` count (otherwise the relay
 * waits for webhooks, and its rate is the arrival rate). `onlyUnloaded` keeps the intervals in
 * which no requests were offered, where the relay had the process to itself, as (c) does.
 */
export function relayThroughput(samples: readonly InboxSample[], concurrency: number, onlyUnloaded: boolean): RelayThroughput {
  let seconds = 0;
  let handedOff = 0;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    if (before.pending <= concurrency || (onlyUnloaded && (before.loaded || after.loaded))) continue;
    seconds += after.t - before.t;
    handedOff += after.handedOff - before.handedOff;
  }
  return { perSecond: seconds > 0 ? handedOff / seconds : NaN, seconds, handedOff };
}
