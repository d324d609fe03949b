import { parseCommandArgs, UsageError } from '../cli/args';
import { countOption } from '../cli/filterOptions';
import { ProviderApiError } from '../providers/apiError';
import type { WebhookHistory } from '../providers/types';
import { deliveryTable, LOST_MARK, newestFirst } from './deliveryTable';
import { resolveWebhookTarget } from './webhookTarget';
import { connectionSecrets, redactText } from '../inbox/redact';

const LIMIT = { default: 50, max: 1000 };

export const EVENTS_USAGE = `usage: reelflow webhooks events <provider>/<connection> [--status S[,S…]] [--limit N] [--json]
  the platform's own delivery history of Reelflow's webhook (MK.IO: the rule's /events), newest first;
  deliveries it gave up on or still retries are marked ${LOST_MARK}; --limit defaults to ${LIMIT.default} (at most ${LIMIT.max})`;

/** Colour only for a person at a terminal; NO_COLOR (no-color.org) turns it off there too. */
const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

/**
 * `reelflow webhooks events <provider>/<connection>`: what the platform says it delivered, as a
 * table or (`--json`) one JSON document for scripts. `argv` starts with the verb (`events`).
 */
export async function webhookEvents(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, limit: { type: 'string' }, status: { type: 'string' } } }, EVENTS_USAGE);
  const [, targetArg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`, EVENTS_USAGE);
  const limit = countOption('limit', values.limit, LIMIT.default, LIMIT.max, EVENTS_USAGE);
  const statuses = values.status
    ?.split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (statuses?.length === 0) throw new UsageError('--status: name a status, e.g. Failed', EVENTS_USAGE);
  const { provider, title, connection, registrar } = resolveWebhookTarget(targetArg, EVENTS_USAGE);
  if (!registrar.events) throw new UsageError(`${title} keeps no delivery history Reelflow can read: "reelflow deliveries ls" shows what reached Reelflow`, EVENTS_USAGE);

  let history: WebhookHistory;
  try {
    history = await registrar.events(connection, {});
  } catch (error) {
    if (!(error instanceof ProviderApiError)) throw error;
    // A platform's error detail may echo what was sent: never the connection's secrets.
    console.error(`webhooks events: ${redactText(error.message, connectionSecrets(connection))}`);
    return 1;
  }
  const matching = newestFirst(history.deliveries).filter((d) => !statuses || statuses.includes(d.status.toLowerCase()));
  const shown = matching.slice(0, limit);
  if (values.json) {
    const { registration, skipped } = history;
    console.log(JSON.stringify({ provider, connection: connection.name, registration, total: history.deliveries.length, matching: matching.length, skipped, deliveries: shown }));
    return 0;
  }
  const where = `${title} webhook "${history.registration}"`;
  if (shown.length === 0) {
    const seen = [...new Set(history.deliveries.map((d) => d.status))];
    console.log(history.deliveries.length === 0 ? `${where}: no deliveries recorded` : `${where}: no deliveries with status ${values.status} (statuses present: ${seen.join(', ')})`);
  } else {
    console.log(deliveryTable(shown, useColor()));
    console.log(summary(where, shown.length, matching.length, history));
  }
  if (history.skipped > 0) console.log(`${history.skipped} record(s) ${title} answered could not be read`);
  return 0;
}

function summary(where: string, shown: number, matching: number, history: WebhookHistory): string {
  const lost = history.deliveries.filter((d) => d.lost);
  const lostStatuses = [...new Set(lost.map((d) => d.status))].join(' or ');
  const count = shown < matching ? `${shown} of ${matching} deliveries` : matching === 1 ? '1 delivery' : `${matching} deliveries`;
  return `${where}: ${count} shown; ${lost.length} of ${history.deliveries.length} not delivered${lost.length ? ` (${lostStatuses}, marked ${LOST_MARK})` : ''}`;
}
