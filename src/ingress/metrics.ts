import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RelayObserver } from '../inbox/relay';
import { DELIVERY_STATUSES, type InboxStore } from '../inbox/types';

/** 1 ms … 5 s: a healthy ack takes milliseconds, the ack deadline is 1 s, a hand-off gives up at 1.5 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

type HandoffOutcome = Parameters<RelayObserver['attempt']>[0];

export interface WebhookLabels {
  provider: string;
  connection: string;
  outcome: string;
  code: number;
}

/** What the scrape-time gauges read. */
export interface MetricSources {
  inbox: InboxStore;
  relay: { readonly inOutage: boolean };
  log: { warn(fields: object, message: string): void };
}

/**
 * The ingress's Prometheus metrics: what operators alert on (Temporal's own metrics cover the
 * workflows). One registry per app, never prom-client's global one: tests build many apps in one
 * process, and each must count only its own traffic.
 */
export class IngressMetrics implements RelayObserver {
  private readonly registry = new Registry();
  /** Gauges read from the store on each scrape, kept apart: a store error leaves them out, not the whole answer. */
  private readonly inboxRegistry = new Registry();
  private log?: MetricSources['log'];

  private readonly webhooks = new Counter({
    name: 'reelflow_webhooks_total',
    help: 'Webhooks answered, by provider, connection, outcome and HTTP status.',
    labelNames: ['code', 'connection', 'outcome', 'provider'] as const,
    registers: [this.registry],
  });
  private readonly ack = new Histogram({
    name: 'reelflow_webhook_ack_seconds',
    help: 'Time from a webhook request to its answer.',
    labelNames: ['provider', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly handoff = new Histogram({
    name: 'reelflow_relay_handoff_seconds',
    help: 'Time of one hand-off of a stored event to Temporal (signalWithStart), by how it ended.',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly attempts = new Counter({
    name: 'reelflow_relay_attempts_total',
    help: 'Hand-offs to Temporal: delivered, closed (its workflow had completed), retry (kept for later), failed (dead letter).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One answered webhook; `seconds` from its request to its answer. */
  webhook(labels: WebhookLabels, seconds?: number): void {
    // Label order as exported: alphabetical, like the lines dashboards and tests already match.
    this.webhooks.inc({ code: String(labels.code), connection: labels.connection, outcome: labels.outcome, provider: labels.provider });
    if (seconds !== undefined) this.ack.observe({ provider: labels.provider, outcome: labels.outcome }, seconds);
  }

  /** The relay's observer: every hand-off, failed and retried ones timed too. */
  attempt(outcome: HandoffOutcome, seconds: number): void {
    this.handoff.observe({ outcome }, seconds);
    this.attempts.inc({ outcome });
  }

  /** Starts the gauges read on each scrape: inbox depth, relay lag and outage. */
  watch({ inbox, relay, log }: MetricSources): void {
    this.log = log;
    new Gauge({
      name: 'reelflow_relay_outage',
      help: '1 while the relay considers Temporal unreachable (events are kept and sent when it answers).',
      registers: [this.registry],
      collect() {
        this.set(relay.inOutage ? 1 : 0);
      },
    });
    new Gauge({
      name: 'reelflow_inbox_deliveries',
      help: 'Rows in the inbox, by delivery status.',
      labelNames: ['status'] as const,
      registers: [this.inboxRegistry],
      async collect() {
        const counts = await inbox.counts();
        for (const status of DELIVERY_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
    new Gauge({
      name: 'reelflow_relay_lag_seconds',
      help: 'Age of the oldest pending delivery (0 when none is pending).',
      registers: [this.inboxRegistry],
      async collect() {
        const oldest = await inbox.oldestPending();
        this.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
      },
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text; the inbox's gauges are left out (and the reason logged) when the store does not answer. */
  async render(): Promise<string> {
    const always = await this.registry.metrics();
    const inbox = await this.inboxRegistry.metrics().catch((error: unknown) => {
      this.log?.warn({ err: error }, 'metrics: the inbox did not answer; its gauges are left out of this scrape');
      return '';
    });
    return inbox ? `${always}\n${inbox}` : always;
  }
}
