import { ApplicationFailure } from '@temporalio/common';
import { findConnection, type ReelflowConfig } from '../src/config/load';
import { ProviderApiError } from '../src/providers/apiError';
import { providerModule } from '../src/providers/registry';
import type { LostDeliveries } from '../src/providers/types';
import { providerFailure } from './providerFailure';

/**
 * Resources told to poll per run: bounds this result (Temporal caps payloads at 2 MB) and the run's
 * history (one signal event each). The rest wait for the next period: their records stay in the history.
 */
export const MAX_KEYS_PER_RUN = 1000;

export interface ReconcileRequest {
  provider: string;
  connection: string;
}

/**
 * readLostDeliveries: one GET of the platform's delivery history. Registered on the provider's
 * poll queue (src/worker.ts), so it counts in the same GET rate limit as every poll.
 */
export function createReconcileActivities(config: ReelflowConfig, fetchImpl: typeof fetch = fetch) {
  return {
    async readLostDeliveries({ provider, connection: name }: ReconcileRequest): Promise<LostDeliveries> {
      const reconciler = providerModule(provider)?.reconcile;
      const connection = findConnection(config, provider, name);
      if (!reconciler || !connection || !reconciler.plan(connection)) {
        // A schedule left by an older config: nothing to read until the worker's next start removes it.
        throw ApplicationFailure.nonRetryable(`no ${provider} connection "${name}" that reconciles in this worker's config`, 'ReconcileNotConfigured');
      }
      try {
        const lost = await reconciler.lostDeliveries(connection, { now: new Date(), fetch: fetchImpl });
        return { ...lost, keys: lost.keys.slice(0, MAX_KEYS_PER_RUN), deferred: Math.max(0, lost.keys.length - MAX_KEYS_PER_RUN) };
      } catch (error) {
        if (error instanceof ProviderApiError && error.status === 404) {
          // Every later run would say the same: the run fails, plainly, and the next period tries again.
          throw ApplicationFailure.nonRetryable(`${provider}/${name}: no webhook registration to read the delivery history of (create it with \`reelflow webhooks sync\`)`, 'ReconcileNoHistory');
        }
        throw providerFailure(error);
      }
    },
  };
}
