import { parseCommandArgs, UsageError } from '../cli/args';
import { ProviderApiError } from '../providers/apiError';
import { WebhookSyncError } from '../providers/webhookSyncError';
import { registrarNames, resolveWebhookTarget } from './webhookTarget';
import { connectionSecrets, redactText } from '../inbox/redact';

export const SYNC_USAGE = `usage: reelflow webhooks sync <provider>/<connection> [--dry-run] [--url URL] [--resend-secret]
  register Reelflow's webhook on the platform (idempotent; prints what differs, secrets masked; --dry-run writes nothing)
  URL defaults to server.publicUrl; --resend-secret writes the first secret even if nothing else differs (after a rotation)
  providers with a webhook API: ${registrarNames()}`;

/**
 * `reelflow webhooks sync <provider>/<connection> [--dry-run] [--url URL] [--resend-secret]`: registers the
 * connection's webhook URL on the platform, through the platform's own API, as its module does it.
 * `argv` starts with the verb (`sync`).
 */
export async function syncWebhooks(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args: argv, allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, url: { type: 'string' }, 'resend-secret': { type: 'boolean' } } },
    SYNC_USAGE,
  );
  const [, targetArg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, SYNC_USAGE);
  const { provider, title, connection, registrar, config } = resolveWebhookTarget(targetArg, SYNC_USAGE);
  const base = values.url ?? config.server.publicUrl;
  if (!base) throw new UsageError('where do platforms reach Reelflow? set server.publicUrl in the config, or pass --url https://…', SYNC_USAGE);
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) throw new UsageError(`--url: "${base}" is not an http(s) URL`, SYNC_USAGE);
  const webhookUrl = `${base.replace(/\/+$/, '')}/webhooks/${provider}/${connection.name}`;
  const dryRun = values['dry-run'] === true;
  let result: Awaited<ReturnType<typeof registrar.sync>>;
  try {
    result = await registrar.sync(connection, { webhookUrl, dryRun, resendSecret: values['resend-secret'] === true });
  } catch (error) {
    // The platform refused, or writing would lose something: said plainly, no stack trace.
    if (!(error instanceof ProviderApiError || error instanceof WebhookSyncError)) throw error;
    // A platform's error detail may echo what was sent: never the connection's secrets.
    console.error(`webhooks sync: ${redactText(error.message, connectionSecrets(connection))}`);
    return 1;
  }
  for (const line of result.diff) console.log(`  ${line}`);
  const verbs = { created: dryRun ? 'would create' : 'created', updated: dryRun ? 'would update' : 'updated', unchanged: 'already up to date:' };
  console.log(`${verbs[result.action]} ${title} webhook → ${webhookUrl}`);
  return 0;
}
