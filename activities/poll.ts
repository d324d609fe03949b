import { Context } from '@temporalio/activity';
import type { ReelflowConfig } from '../src/config/load';
import { findConnection } from '../src/config/load';
import { parseResourceKey, type ResourceKey } from '../src/domain/resourceKey';
import { ProviderApiError } from '../src/providers/apiError';
import { providerAdapter } from '../src/providers/registry';
import type { FetchedState } from '../src/providers/types';
import { providerFailure } from './providerFailure';

export interface PollRequest {
  key: ResourceKey;
  connection: string;
}

export type PollOutcome =
  | FetchedState
  /** The provider refuses our credentials (401/403): retrying would only hammer it. */
  | { outcome: 'needs-attention'; status: number; detail: string };

/**
 * The provider's GETs, through its adapter, one request per activity: they run on the
 * provider's rate-limited queue, so the queue's activity rate is the provider's GET rate.
 */
export function createPollActivities(config: ReelflowConfig, fetchImpl: typeof fetch = fetch) {
  return {
    async pollResource(request: PollRequest): Promise<PollOutcome> {
      const ref = parseResourceKey(request.key);
      const adapter = providerAdapter(ref.provider);
      const connection = findConnection(config, ref.provider, request.connection);
      if (!adapter?.fetchState || !connection) {
        return { outcome: 'needs-attention', status: 0, detail: `no pollable ${ref.provider} connection "${request.connection}" in this worker's config` };
      }
      try {
        const fetched = await adapter.fetchState(ref, connection, fetchImpl);
        if (fetched.outcome === 'state' && fetched.note) Context.current().log.warn(`${adapter.title} read worked around the config`, { note: fetched.note });
        return fetched;
      } catch (error) {
        if (error instanceof ProviderApiError && error.status === 404) return { outcome: 'gone' };
        if (error instanceof ProviderApiError && (error.status === 401 || error.status === 403)) {
          return { outcome: 'needs-attention', status: error.status, detail: error.message };
        }
        throw providerFailure(error);
      }
    },

    /** fetchResource: the full resource, for actions (undefined when the provider has no such read). */
    async fetchResource(request: PollRequest): Promise<unknown> {
      const ref = parseResourceKey(request.key);
      const adapter = providerAdapter(ref.provider);
      const connection = findConnection(config, ref.provider, request.connection);
      if (!adapter?.fetchResource || !connection) return undefined;
      try {
        return await adapter.fetchResource(ref, connection, fetchImpl);
      } catch (error) {
        throw providerFailure(error);
      }
    },
  };
}
