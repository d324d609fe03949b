import { parseArgs } from 'node:util';
import { findConnection, loadConfig } from '../config/load';
import { ProviderApiError } from '../providers/apiError';
import { providerModule, providerModules } from '../providers/registry';

/**
 * `reelflow webhooks sync <provider>/<connection> [--dry-run] [--url URL]`: registers the
 * connection's webhook URL on the platform, through the platform's own API, as its module does it.
 */
export async function syncWebhooks(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, url: { type: 'string' } } });
  const [verb, target = ''] = positionals;
  const registrars = providerModules().filter((m) => m.webhooks).map((m) => m.adapter.name);
  if (verb !== 'sync' || !target.includes('/')) {
    console.error(`usage: reelflow webhooks sync <provider>/<connection> [--dry-run] [--url URL]   (providers with a webhook API: ${registrars.join(', ') || 'none'})`);
    return 2;
  }
  const [provider, name] = target.split('/') as [string, string];
  const module = providerModule(provider);
  if (!module?.webhooks) {
    console.error(`webhooks sync: ${module ? `${module.adapter.title} has no webhook API: register the URL in its dashboard` : `unknown provider "${provider}"`}`);
    return 2;
  }
  const config = loadConfig();
  const connection = findConnection(config, provider, name);
  if (!connection) {
    console.error(`webhooks sync: no ${provider} connection named "${name}" in ${config.origin}`);
    return 2;
  }
  const base = values.url ?? config.server.publicUrl;
  if (!base) {
    console.error('webhooks sync: where do platforms reach Reelflow? set server.publicUrl in the config, or pass --url https://…');
    return 2;
  }
  const webhookUrl = `${base.replace(/\/+$/, '')}/webhooks/${provider}/${name}`;
  const dryRun = values['dry-run'] === true;
  const result = await module.webhooks.sync(connection, { webhookUrl, dryRun }).catch((error: Error) => {
    if (error instanceof ProviderApiError) return error;
    throw error;
  });
  if (result instanceof ProviderApiError) {
    console.error(`webhooks sync: ${result.message}`);
    return 1;
  }
  for (const line of result.diff) console.log(`  ${line}`);
  const verbs = { created: dryRun ? 'would create' : 'created', updated: dryRun ? 'would update' : 'updated', unchanged: 'already up to date:' };
  console.log(`${verbs[result.action]} ${module.adapter.title} webhook → ${webhookUrl}`);
  return 0;
}
