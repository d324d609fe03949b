import { actionPlanFor } from '../config/actions';
import { findConnection, type ReelflowConfig } from '../config/load';
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
  return {
    quietForMs: forKind.quietFor ?? forProvider.quietFor ?? defaults.quietFor,
    maxPollIntervalMs: forKind.maxPollInterval ?? forProvider.maxPollInterval ?? defaults.maxPollInterval,
    maxWaitMs: forKind.maxWait ?? forProvider.maxWait ?? defaults.maxWait,
    pollTaskQueue: pollTaskQueue(config.temporal.taskQueue, provider),
  };
}

/** What an entity workflow starts with: its key, how it waits, which actions run on which phase. */
export function lifecycleInput(
  config: ReelflowConfig,
  resource: { key: ResourceKey; provider: string; connection: string; kind: Kind },
): ResourceLifecycleInput {
  const connection = findConnection(config, resource.provider, resource.connection);
  return {
    key: resource.key,
    connection: resource.connection,
    lingerMs: config.lifecycle.lingerAfterTerminal,
    wait: waitPolicyFor(config, resource.provider, resource.kind, resource.connection),
    plan: actionPlanFor(connection?.on ?? [], resource.kind),
  };
}
