import { parseCommandArgs, UsageError } from './args';
import { withInbox } from './inbox';
import { when } from './table';
import { replayRefusal } from '../inbox/replayable';
import type { Delivery } from '../inbox/types';

export const SHOW_USAGE = 'usage: reelflow deliveries show <id> [--json]';

/** A body as stored: pretty when it is JSON, as is otherwise. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function describe(d: Delivery): string {
  const refusal = replayRefusal(d);
  const fields: Array<[string, string | number | undefined]> = [
    ['status', d.status + (d.httpStatus ? ` (answered ${d.httpStatus})` : '')],
    ['reason', d.reason],
    ['connection', `${d.provider}/${d.connection}`],
    ['event', d.eventId],
    ['type', d.type],
    ['key', d.resourceKey],
    ['received', when(d.receivedAt)],
    ['delivered', when(d.deliveredAt)],
    ['next attempt', when(d.nextAttemptAt)],
    ['attempts', d.attempts],
    ['duplicates', d.duplicates],
    ['replays', d.replays],
    ['workflow', d.workflowId && `${d.workflowId}${d.runId ? ` (run ${d.runId})` : ''}`],
    ['replay', refusal ?? `reelflow deliveries replay ${d.id}`],
  ];
  const lines = [`delivery ${d.id}`, ...fields.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `  ${k.padEnd(13)}${v}`)];
  if (d.headers) lines.push('', 'headers (credentials removed)', ...Object.entries(d.headers).map(([k, v]) => `  ${k}: ${v}`));
  if (d.body !== undefined) lines.push('', 'body (secrets removed)', pretty(d.body));
  if (d.event) lines.push('', 'canonical event', JSON.stringify(d.event, null, 2));
  return lines.join('\n');
}

/** `reelflow deliveries show <id>`: one row with everything kept of it. */
export async function showDelivery(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } }, SHOW_USAGE);
  if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) throw new UsageError('name one delivery id', SHOW_USAGE);
  const id = Number(positionals[0]);
  const row = await withInbox((inbox) => inbox.get(id));
  if (!row) {
    console.error(`no delivery ${id} (rows past retention are deleted)`);
    return 1;
  }
  console.log(values.json ? JSON.stringify({ ...row, replayable: replayRefusal(row) === undefined }) : describe(row));
  return 0;
}
