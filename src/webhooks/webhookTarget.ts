import { UsageError } from '../cli/args';
import { findConnection, loadConfig, type ConfiguredConnection, type ReelflowConfig } from '../config/load';
import { providerModule, providerModules } from '../providers/registry';
import type { WebhookRegistrar } from '../providers/types';

/** What `reelflow webhooks <verb> <provider>/<connection>` acts on. */
export interface WebhookTarget {
  provider: string;
  /** The platform's name as people write it ("MK.IO"). */
  title: string;
  connection: ConfiguredConnection;
  registrar: WebhookRegistrar;
  config: ReelflowConfig;
}

/** Providers whose webhook registration Reelflow can manage, for usage texts. */
export const registrarNames = (): string =>
  providerModules()
    .filter((m) => m.webhooks)
    .map((m) => m.adapter.name)
    .join(', ') || 'none';

/**
 * `<provider>/<connection>` → the configured connection and its provider's registrar. Anything
 * missing is a UsageError (exit 2) that says what exists instead.
 */
export function resolveWebhookTarget(target: string | undefined, usage: string): WebhookTarget {
  const [provider = '', name = '', ...rest] = (target ?? '').split('/');
  if (!provider || !name || rest.length > 0) throw new UsageError(target ? `"${target}" is not <provider>/<connection>` : 'name the connection as <provider>/<connection>', usage);
  const module = providerModule(provider);
  if (!module) throw new UsageError(`unknown provider "${provider}" (providers with a webhook API: ${registrarNames()})`, usage);
  if (!module.webhooks) throw new UsageError(`${module.adapter.title} has no webhook API Reelflow can use: register the URL in its dashboard`, usage);
  const config = loadConfig();
  const connection = findConnection(config, provider, name);
  if (!connection) {
    const known = config.connections.filter((c) => c.provider === provider).map((c) => c.name);
    throw new UsageError(`no ${provider} connection named "${name}" in ${config.origin} (${known.length ? `known: ${known.join(', ')}` : `no ${provider} connections`})`, usage);
  }
  return { provider, title: module.adapter.title, connection, registrar: module.webhooks, config };
}
