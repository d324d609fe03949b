import { getExternalWorkflowHandle, log, metricMeter, proxyActivities } from '@temporalio/workflow';
import type { createReconcileActivities } from '../activities/reconcile';
import { pollNowSignal } from './messages';

export interface ReconcileInput {
  provider: string;
  connection: string;
  /** The provider's rate-limited poll queue: the history GET counts in the same limit as every poll. */
  pollTaskQueue: string;
}

/** What one reconcile run did; also the run's result in the Temporal UI. */
export interface ReconcileSummary {
  /** Records in the delivery history. */
  records: number;
  /** Failed or Retrying deliveries inside the lookback window. */
  failed: number;
  /** Resources told to poll at once. */
  polled: number;
  /** Resources with a lost delivery but no running workflow (never tracked, or closed): not an error. */
  untracked: number;
  /** Lost deliveries whose source names nothing Reelflow tracks. */
  unmapped: number;
  /** Resources beyond one run's bound, left to the next run. */
  deferred: number;
}

/** Signals in flight at once: well under Temporal's limit on one workflow's pending signals. */
const SIGNAL_BATCH = 100;

/**
 * One run of a connection's reconcile schedule: read the platform's delivery history once, and
 * make each tracked resource with a lost delivery poll now (`via: reconcile`), so a lost webhook
 * costs one schedule period instead of `quietFor`.
 */
export async function reconcileDeliveries(input: ReconcileInput): Promise<ReconcileSummary> {
  const { readLostDeliveries } = proxyActivities<ReturnType<typeof createReconcileActivities>>({
    taskQueue: input.pollTaskQueue,
    startToCloseTimeout: '30 seconds',
    // A run that cannot read gives way to the next period: no long retries piling up behind SKIP.
    retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 3 },
  });
  const lost = await readLostDeliveries({ provider: input.provider, connection: input.connection });
  const reason = `reconcile: a ${input.provider}/${input.connection} delivery failed or is retrying`;

  let polled = 0;
  for (let i = 0; i < lost.keys.length; i += SIGNAL_BATCH) {
    const told = await Promise.all(
      lost.keys.slice(i, i + SIGNAL_BATCH).map((key) =>
        getExternalWorkflowHandle(key)
          .signal(pollNowSignal, { reason })
          .then(
            () => true,
            (error: Error) => {
              // No running workflow by that id: a resource Reelflow never tracked, or one that has closed.
              log.debug('lost delivery of an untracked resource', { key, error: error.message });
              return false;
            },
          ),
      ),
    );
    polled += told.filter(Boolean).length;
  }

  const summary: ReconcileSummary = { records: lost.records, failed: lost.failed, polled, untracked: lost.keys.length - polled, unmapped: lost.unmapped, deferred: lost.deferred ?? 0 };
  count(input, summary);
  if (summary.failed > 0) log.info('reconciled lost deliveries', { provider: input.provider, connection: input.connection, ...summary });
  return summary;
}

/** The worker's Prometheus endpoint (temporal.workerMetricsAddress) shows these, per provider and connection. */
function count({ provider, connection }: ReconcileInput, summary: ReconcileSummary) {
  const meter = metricMeter.withTags({ provider, connection });
  meter.createCounter('reelflow_reconcile_runs', 'runs', 'Reads of a delivery history').add(1);
  meter.createCounter('reelflow_reconcile_failed_deliveries', 'deliveries', 'Failed or Retrying deliveries inside the lookback window').add(summary.failed);
  meter.createCounter('reelflow_reconcile_polls', 'resources', 'Resources told to poll at once').add(summary.polled);
  meter.createCounter('reelflow_reconcile_untracked', 'resources', 'Resources with a lost delivery and no running workflow').add(summary.untracked);
  meter.createCounter('reelflow_reconcile_unmapped', 'deliveries', 'Lost deliveries whose source names nothing Reelflow tracks').add(summary.unmapped);
}
