import type { InboxStore } from '../inbox/types';
import { isEmptyFilter, REPLAY_CAP } from '../inbox/deliveryFilter';
import { findReplayable, replayRefusal, requeueIds } from '../inbox/replayable';
import { parseCommandArgs, UsageError } from './args';
import { awaitSettled, type SettledCounts } from './awaitSettled';
import { countOption, FILTER_OPTIONS, FILTER_USAGE, filterFrom } from './filterOptions';
import { withInbox } from './inbox';

export const REPLAY_USAGE = `usage: reelflow deliveries replay <id>... [--json] [--no-wait]
       reelflow deliveries replay ${FILTER_USAGE} [--all] [--limit N] [--json] [--no-wait]
  Rows go back to pending; the running ingress's relay delivers them (or the next ingress to start).
  Workflows dedupe on event id: replaying a delivered event changes nothing. A filter needs at least
  one option, or --all; --limit caps one run (default and maximum ${REPLAY_CAP}, oldest first).`;

const stderr = (line: string) => process.stderr.write(`${line}\n`);

interface Targets {
  ids: number[];
  matched: number;
  /** Ids the command named that cannot be replayed, with why. */
  refused: string[];
}

async function namedTargets(inbox: InboxStore, ids: number[]): Promise<Targets> {
  const targets: Targets = { ids: [], matched: 0, refused: [] };
  for (const id of ids) {
    const row = await inbox.get(id);
    const refusal = row ? replayRefusal(row) : `no delivery ${id}`;
    if (refusal) targets.refused.push(refusal);
    else targets.ids.push(id);
  }
  targets.matched = targets.ids.length;
  return targets;
}

function settledLine(c: SettledCounts, total: number): string {
  return `delivered ${c.delivered + c.closed}/${total} (closed ${c.closed}, failed ${c.failed}${c.pending ? `, pending ${c.pending}` : ''})`;
}

function stallNote(c: SettledCounts): string {
  if (c.tried === 0) return `${c.pending} still pending and untouched: no ingress seems to be running; the next one to start delivers them`;
  return `${c.pending} still pending: the relay keeps trying${c.lastError ? ` (last error: ${c.lastError})` : ''}; see \`reelflow deliveries ls --status pending\``;
}

/** `reelflow deliveries replay`: named rows or a filter's, back to pending; then waits until they settle. */
export async function replayDeliveries(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args: argv, allowPositionals: true, options: { ...FILTER_OPTIONS, all: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' }, 'no-wait': { type: 'boolean' } } },
    REPLAY_USAGE,
  );
  const filter = filterFrom(values, REPLAY_USAGE);
  const bad = positionals.find((p) => !/^\d{1,15}$/.test(p));
  if (bad !== undefined) throw new UsageError(`"${bad}" is not a delivery id`, REPLAY_USAGE);
  const named = positionals.map(Number);
  if (named.length && (!isEmptyFilter(filter) || values.all)) throw new UsageError('name delivery ids or a filter, not both', REPLAY_USAGE);
  if (!named.length && isEmptyFilter(filter) && !values.all) throw new UsageError('name delivery ids, a filter (e.g. --status failed), or --all', REPLAY_USAGE);
  const limit = countOption('limit', values.limit, REPLAY_CAP, REPLAY_CAP, REPLAY_USAGE);

  return withInbox(async (inbox, file) => {
    const targets = named.length ? await namedTargets(inbox, named) : { ...(await findReplayable(inbox, filter, limit)), refused: [] };
    for (const refusal of targets.refused) stderr(`cannot replay: ${refusal}`);
    const long = targets.ids.length > 500;
    const ids = await requeueIds(inbox, targets.ids, long ? (done, total) => stderr(`requeued ${done}/${total}`) : undefined);
    const remaining = Math.max(0, targets.matched - ids.length);
    if (!values.json) {
      const list = ids.length && ids.length <= 20 ? `: ${ids.join(', ')}` : '';
      console.log(`requeued ${ids.length} of ${targets.matched} matched${list} (inbox ${file})`);
      if (remaining) console.log(`${remaining} more matched: run the command again`);
    }
    let settled: SettledCounts | undefined;
    if (ids.length && !values['no-wait']) {
      settled = await awaitSettled(inbox, ids, { progress: long ? (c, total) => stderr(settledLine(c, total)) : undefined });
      if (!values.json) console.log(settledLine(settled, ids.length));
      if (settled.stalled) stderr(stallNote(settled));
    } else if (ids.length && !values.json) {
      console.log('the running ingress delivers them within a second; if none runs, the next one to start does');
    }
    if (values.json) {
      console.log(JSON.stringify({ matched: targets.matched, requeued: ids.length, ids, remaining, refused: targets.refused, ...(settled ? { settled } : {}) }));
    }
    // 1: something needs a look (an id that cannot be replayed, a row that failed again or is still pending).
    return targets.refused.length || (settled && (settled.failed > 0 || settled.pending > 0)) ? 1 : 0;
  });
}
