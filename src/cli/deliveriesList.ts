import { LIST_LIMIT } from '../inbox/deliveryFilter';
import { parseCommandArgs } from './args';
import { countOption, FILTER_OPTIONS, FILTER_USAGE, filterFrom } from './filterOptions';
import { withInbox } from './inbox';
import { table, when } from './table';

export const LIST_USAGE = `usage: reelflow deliveries ls ${FILTER_USAGE} [--limit N] [--before ID] [--json]
  newest first; --limit defaults to ${LIST_LIMIT.default} (at most ${LIST_LIMIT.max}); --before pages to older rows`;

/** `reelflow deliveries ls`: the inbox's rows, filtered, newest first. */
export async function listDeliveries(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs({ args: argv, options: { ...FILTER_OPTIONS, limit: { type: 'string' }, before: { type: 'string' }, json: { type: 'boolean' } } }, LIST_USAGE);
  const filter = filterFrom(values, LIST_USAGE);
  const limit = countOption('limit', values.limit, LIST_LIMIT.default, LIST_LIMIT.max, LIST_USAGE);
  const before = values.before === undefined ? undefined : countOption('before', values.before, 0, Number.MAX_SAFE_INTEGER, LIST_USAGE);
  const page = await withInbox((inbox) => inbox.list(filter, { limit, before }));
  if (values.json) {
    console.log(JSON.stringify(page));
    return 0;
  }
  if (page.items.length === 0) {
    console.log('no deliveries match');
    return 0;
  }
  const rows = page.items.map((d) => [d.id, when(d.receivedAt), d.status, `${d.provider}/${d.connection}`, d.type, d.resourceKey, d.attempts, [d.httpStatus, d.reason].filter(Boolean).join(' ')]);
  console.log(table(['ID', 'RECEIVED', 'STATUS', 'CONNECTION', 'TYPE', 'KEY', 'ATTEMPTS', 'REASON'], rows));
  if (page.next !== undefined) console.log(`… older rows: add --before ${page.next}`);
  return 0;
}
