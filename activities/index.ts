import type { Client } from '@temporalio/client';
import type { ReelflowConfig } from '../src/config/load';
import { providerModules } from '../src/providers/registry';
import { createActionActivities } from './actions';
import { createPollActivities } from './poll';
import { createReconcileActivities } from './reconcile';
import { createSettingsActivities } from './settings';
import { createSubscribeActivities } from './subscribe';

export interface ActivityDeps {
  config: ReelflowConfig;
  client: Client;
  fetch?: typeof fetch;
}

/** Activities of Reelflow's main task queue (polls run on per-provider queues: see src/worker.ts). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createActionActivities(deps),
    ...createSubscribeActivities(deps.config, deps.client),
    ...createSettingsActivities(deps.config),
    // Each platform's own extras (MK.IO: submitMkioJob for the VOD pipeline).
    ...Object.assign({}, ...providerModules().map((module) => module.activities?.({ config: deps.config, fetch: deps.fetch }) ?? {})),
  };
}

export { createPollActivities, createReconcileActivities };
