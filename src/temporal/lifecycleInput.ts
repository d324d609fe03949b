import { actionPlanFor, typePlanFor } from '../config/actions';
import { findConnection, type ReelflowConfig } from '../config/load';
import { lifecyclePolicy } from '../domain/lifecyclePolicy';
import type { Kind } from '../domain/phase';
import type { ResourceKey } from '../domain/resourceKey';
import type { WaitPolicy } from '../domain/waitPolicy';
import { providerAdapter } from '../providers/registry';
import type { ResourceLifecycleInput } from '../../workflows/resourceLifecycle';

/** Poll activities for one provider share this queue, so its worker's rate limit holds for all. */
export const pollTaskQueue = (taskQueue: string, provider: string): string => `${taskQueue}.poll.${provider}`;

/**
 * quietFor / maxPollInterval / maxWait: defaults ← provider ← provider's kind. Undefined when
 * this connection cannot be polled (no fetchState, or no API token): it then follows webhooks only.
 */
export function waitPolicyFor(config: ReelflowConfig, provider: string, kind: Kind, connectionName?: string): WaitPolicy | undefined {
  const adapter = providerAdapter(provider);
  if (!adapter?.fetchState) return undefined;
  const connection = connectionName ? findConnection(config, provider, connectionName) : undefined;
  if (connection && adapter.canPoll && !adapter.canPoll(connection)) return undefined;
  const { providers, ...defaults } = config.polling;
  const forProvider = providers[provider] ?? { kinds: {} };
  const forKind = forProvider.kinds[kind] ?? {};
  // Faster than the platform can answer anew is pointless (Media Manager caches GETs for 60 s).
  const atLeast = (ms: number) => Math.max(ms, adapter.minPollIntervalMs ?? 0);
  return {
    quietForMs: atLeast(forKind.quietFor ?? forProvider.quietFor ?? defaults.quietFor),
    maxPollIntervalMs: atLeast(forKind.maxPollInterval ?? forProvider.maxPollInterval ?? defaults.maxPollInterval),
    maxWaitMs: forKind.maxWait ?? forProvider.maxWait ?? defaults.maxWait,
    pollTaskQueue: pollTaskQueue(config.temporal.taskQueue, provider),
  };
}

/**
 * What an entity workflow starts with, and re-reads at every continue-as-new: its key, its kind's
 * lifecycle policy, how it waits, which actions run on which phase or event type.
 */
export function lifecycleInput(config: ReelflowConfig, resource: { key: ResourceKey; provider: string; connection: string; kind: Kind }): ResourceLifecycleInput {
  const connection = findConnection(config, resource.provider, resource.connection);
  const rules = connection?.on ?? [];
  const typePlan = typePlanFor(rules, resource.kind);
  return {
    key: resource.key,
    connection: resource.connection,
    lingerMs: config.lifecycle.lingerAfterTerminal,
    refreshAfterMs: config.lifecycle.refreshEvery,
    policy: lifecyclePolicy(resource.kind, providerAdapter(resource.provider)?.policy?.(resource.kind)),
    wait: waitPolicyFor(config, resource.provider, resource.kind, resource.connection),
    plan: actionPlanFor(rules, resource.kind),
    ...(Object.keys(typePlan).length > 0 ? { typePlan } : {}),
  };
}
