import type { Duration } from '@temporalio/common';
import { operation, service } from 'nexus-rpc';
import type { ResourceKey } from '../src/domain/resourceKey';
import type { Phase } from '../src/domain/vocabulary';
import type { ResourceStatus } from './resourceApi';

/**
 * Reelflow's Nexus service, for workflows in other namespaces (published in `reelflow/workflow`):
 * `createNexusServiceClient({ service: reelflowService, endpoint: 'reelflow' })`. The names are
 * a contract: service `reelflow`, operations `getResource` and `awaitResource`.
 */

/** The endpoint name `npm start` creates on its dev server (a cluster's operator picks its own). */
export const DEFAULT_NEXUS_ENDPOINT = 'reelflow';

export interface GetResourceInput {
  key: ResourceKey;
}

/** Operation inputs travel as JSON, so `until` is a phase list or "terminal" here, not a predicate. */
export interface AwaitResourceInput {
  key: ResourceKey;
  /** The Reelflow connection (config name) the resource belongs to. */
  connection: string;
  /** "terminal" (default) or phases. */
  until?: 'terminal' | Phase[];
  /** Reelflow gives up after this long (the operation fails with AwaitResourceTimeout). */
  timeout: Duration;
}

export const reelflowService = service('reelflow', {
  /** Sync: where the resource stands now (`closed` once its lifecycle completed); null when Reelflow never heard of it. */
  getResource: operation<GetResourceInput, ResourceStatus | null>(),
  /** Async, backed by Reelflow's `awaitResourceState` workflow: the status once `until` holds. */
  awaitResource: operation<AwaitResourceInput, ResourceStatus>(),
});
