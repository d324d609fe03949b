/**
 * A few Prometheus metrics, kept by hand (no registry needed for this many): what operators
 * alert on at the ingress. Temporal's own metrics cover the workflows.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type Labels = Record<string, string>;
const labelKey = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',');

export class IngressMetrics {
  private readonly webhooks = new Map<string, number>();
  private readonly handoff = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
  private readonly startedAt = Date.now();

  /** One answered webhook: provider, connection and the status we answered with. */
  webhook(labels: { provider: string; connection: string; outcome: string; code: number }): void {
    const key = labelKey({ provider: labels.provider, connection: labels.connection, outcome: labels.outcome, code: String(labels.code) });
    this.webhooks.set(key, (this.webhooks.get(key) ?? 0) + 1);
  }

  /** How long Temporal took to take one event (signalWithStart). */
  handoffSeconds(seconds: number): void {
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.handoff.buckets[i]! += 1;
    });
    this.handoff.sum += seconds;
    this.handoff.count += 1;
  }

  render(): string {
    const lines = [
      '# HELP reelflow_webhooks_total Webhooks answered, by provider, connection and outcome.',
      '# TYPE reelflow_webhooks_total counter',
      ...[...this.webhooks].map(([labels, n]) => `reelflow_webhooks_total{${labels}} ${n}`),
      '# HELP reelflow_temporal_handoff_seconds Time for Temporal to take an event (signalWithStart).',
      '# TYPE reelflow_temporal_handoff_seconds histogram',
      ...BUCKETS.map((le, i) => `reelflow_temporal_handoff_seconds_bucket{le="${le}"} ${this.handoff.buckets[i]}`),
      `reelflow_temporal_handoff_seconds_bucket{le="+Inf"} ${this.handoff.count}`,
      `reelflow_temporal_handoff_seconds_sum ${this.handoff.sum}`,
      `reelflow_temporal_handoff_seconds_count ${this.handoff.count}`,
      '# HELP reelflow_uptime_seconds Seconds since the ingress started.',
      '# TYPE reelflow_uptime_seconds gauge',
      `reelflow_uptime_seconds ${(Date.now() - this.startedAt) / 1000}`,
    ];
    return `${lines.join('\n')}\n`;
  }
}
