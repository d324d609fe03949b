import type { Dispatcher } from '../temporal/dispatch';
import { classifyHandoffError } from './handoffError';
import type { Delivery, InboxStore } from './types';

export interface RelayOptions {
  /** Hand-offs in flight at once. */
  concurrency: number;
  /** A claimed row is this process's for this long; a crashed holder's rows come back after it. */
  leaseMs: number;
  maxAttempts: number;
  maxAgeMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** How often rows waiting for a retry are looked for when nothing new arrives. */
  tickMs?: number;
}

/** How a hand-off ended; what a waiting webhook answer is told. */
export type Settled = { status: 'delivered' | 'closed'; workflowId: string; runId?: string } | { status: 'failed'; reason: string };

export interface RelayObserver {
  attempt(outcome: 'delivered' | 'closed' | 'retry' | 'failed', seconds: number, row: Delivery): void;
}

export interface RelayLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** While Temporal does not answer, one probe at a time, at most this far apart. */
const MAX_PROBE_INTERVAL_MS = 2000;
/**
 * Failures of this many different events, with no success between them, make an outage: one
 * hand-off timing out among many that succeed is load, and one event that keeps timing out
 * is that event's problem (it backs off on its own).
 */
const OUTAGE_AFTER_FAILURES = 3;

const jitter = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

/**
 * The one delivery path from the inbox to Temporal. New rows are kicked at once (so a healthy
 * Temporal acks within milliseconds); rows whose hand-off failed come back on a timer with backoff.
 * During an outage the relay holds back to one probe at a time and spends no row's attempts.
 */
export class Relay {
  private inFlight = 0;
  private filling = false;
  private refill = false;
  /** The last fill ran out of slots: rows may be waiting, so a hand-off that ends kicks again. */
  private starved = false;
  private stopped = false;
  /** Circuit: closed (0), or open until this time; then one probe decides. */
  private outageUntil = 0;
  private outageBackoffMs = 0;
  /** Events whose hand-off failed since the last success. */
  private readonly failingInARow = new Set<number>();
  private timer?: NodeJS.Timeout;
  private readonly running = new Set<Promise<void>>();
  private readonly waiters = new Map<number, Array<(settled: Settled) => void>>();

  constructor(
    private readonly store: InboxStore,
    private readonly dispatcher: Dispatcher,
    private readonly options: RelayOptions,
    private readonly log: RelayLogger,
    private readonly observer?: RelayObserver,
  ) {}

  /** Rows a crash left leased become deliverable again; then the timer starts. */
  async start(): Promise<void> {
    const released = await this.store.releaseLeases();
    if (released) this.log.warn({ released }, 'inbox: deliveries left in flight by the last run are sent again');
    this.timer = setInterval(() => this.kick(), this.options.tickMs ?? 500);
    this.timer.unref();
    this.kick();
  }

  /** True while Temporal is considered unreachable. */
  get inOutage(): boolean {
    return this.outageUntil !== 0;
  }

  /**
   * Resolves when this row is settled, or with undefined after `ms` (or at once when it cannot be
   * handed over now): the webhook's answer waits on this. Registered before the kick, so a fast
   * hand-off is never missed.
   */
  async deliverSoon(id: number, ms: number): Promise<Settled | undefined> {
    // Waiting helps only when a hand-off can start now: during an outage, or with every slot
    // taken (a backlog drains oldest first), the answer would only be later, not different.
    if (this.outageUntil !== 0 || this.inFlight >= this.options.concurrency) {
      this.kick();
      return undefined;
    }
    let timeout: NodeJS.Timeout | undefined;
    const settled = new Promise<Settled | undefined>((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
      timeout = setTimeout(() => {
        this.forget(id, resolve);
        resolve(undefined);
      }, ms);
    });
    this.kick();
    try {
      return await settled;
    } finally {
      clearTimeout(timeout);
    }
  }

  kick(): void {
    if (!this.stopped) void this.fill();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private async fill(): Promise<void> {
    if (this.filling) {
      this.refill = true;
      return;
    }
    this.filling = true;
    try {
      do {
        this.refill = false;
        const free = this.slots(Date.now()) - this.inFlight;
        this.starved = free <= 0;
        if (free <= 0 || this.stopped) break;
        const rows = await this.store.claimDue(free, Date.now(), this.options.leaseMs);
        for (const row of rows) this.launch(row);
        if (rows.length === free) this.refill = true;
      } while (this.refill && !this.stopped);
    } catch (error) {
      this.log.error({ err: error }, 'inbox: cannot claim deliveries');
    } finally {
      this.filling = false;
    }
  }

  /** Full concurrency when Temporal answers; during an outage none until the next probe, then one. */
  private slots(now: number): number {
    if (this.outageUntil === 0) return this.options.concurrency;
    return now >= this.outageUntil ? 1 : 0;
  }

  private launch(row: Delivery): void {
    this.inFlight += 1;
    const probe = this.outageUntil !== 0;
    const attempt = this.deliver(row, probe).finally(() => {
      this.inFlight -= 1;
      this.running.delete(attempt);
      // Otherwise nothing waits for this slot: new rows kick on arrival, retries on the tick.
      if (this.starved) this.kick();
    });
    this.running.add(attempt);
  }

  /** `probe`: sent while the circuit was open; only a failed probe makes the next one wait longer. */
  private async deliver(row: Delivery, probe: boolean): Promise<void> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      if (!row.event) throw new Error('row has no event to deliver');
      const outcome = await this.dispatcher.deliver(row.event);
      const status = outcome.closed ? 'closed' : 'delivered';
      this.temporalAnswered();
      await this.store.markDelivered(row.id, { workflowId: outcome.workflowId, runId: outcome.runId, closed: status === 'closed' }, Date.now());
      this.observer?.attempt(status, seconds(), row);
      this.settle(row.id, { status, workflowId: outcome.workflowId, runId: outcome.runId });
    } catch (error) {
      await this.failed(row, error, seconds(), probe).catch((storeError: Error) =>
        // The lease runs out and the row is tried again: a repeat the workflow dedupes.
        this.log.error({ err: storeError, deliveryId: row.id }, 'inbox: cannot record a failed hand-off'),
      );
    }
  }

  private async failed(row: Delivery, error: unknown, seconds: number, probe: boolean): Promise<void> {
    const now = Date.now();
    const failure = classifyHandoffError(error);
    const message = ((error as Error)?.message ?? String(error)).slice(0, 500);
    const tooOld = now - row.receivedAt > this.options.maxAgeMs;
    const refusals = row.refusals + (failure === 'refused' ? 1 : 0);
    if (tooOld || refusals >= this.options.maxAttempts) {
      const reason = tooOld ? `still not delivered after ${Math.round(this.options.maxAgeMs / 60_000)} min: ${message}` : `Temporal refused it ${refusals} times: ${message}`;
      await this.store.markFailed(row.id, reason, now, failure === 'refused');
      this.log.error({ deliveryId: row.id, eventId: row.eventId, key: row.resourceKey, reason }, 'inbox: dead letter');
      this.observer?.attempt('failed', seconds, row);
      this.settle(row.id, { status: 'failed', reason });
      return;
    }
    if (failure === 'outage') this.temporalSilent(row.id, message, probe);
    // Each row backs off on its own, so one that keeps timing out never blocks the probes;
    // when Temporal answers again every pending row is made due at once (see temporalAnswered).
    const delay = jitter(Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** (row.attempts - 1)));
    await this.store.markRetry(row.id, { error: message, nextAttemptAt: now + delay, refused: failure === 'refused' }, now);
    this.observer?.attempt('retry', seconds, row);
  }

  private temporalAnswered(): void {
    if (this.outageUntil !== 0) {
      this.log.info({}, 'inbox: Temporal answers again; delivering the backlog');
      this.store.expedite(Date.now()).then(
        () => this.kick(),
        (error: Error) => this.log.warn({ err: error }, 'inbox: backlog not expedited; it follows its own backoff'),
      );
    }
    this.outageUntil = 0;
    this.outageBackoffMs = 0;
    this.failingInARow.clear();
  }

  private temporalSilent(id: number, message: string, probe: boolean): void {
    if (this.failingInARow.size < OUTAGE_AFTER_FAILURES) this.failingInARow.add(id);
    if (this.outageUntil === 0) {
      if (this.failingInARow.size < OUTAGE_AFTER_FAILURES) return;
      this.log.warn({ error: message }, 'inbox: Temporal does not answer; events are kept and sent when it does');
      this.outageBackoffMs = this.options.minBackoffMs;
    } else if (probe) {
      this.outageBackoffMs = Math.min(MAX_PROBE_INTERVAL_MS, this.outageBackoffMs * 2);
    } else {
      return; // a hand-off sent before the outage was known says nothing new
    }
    this.outageUntil = Date.now() + this.outageBackoffMs;
  }

  private settle(id: number, settled: Settled): void {
    for (const resolve of this.waiters.get(id) ?? []) resolve(settled);
    this.waiters.delete(id);
  }

  private forget(id: number, resolve: (settled: Settled) => void): void {
    const list = this.waiters.get(id)?.filter((r) => r !== resolve) ?? [];
    if (list.length) this.waiters.set(id, list);
    else this.waiters.delete(id);
  }
}
