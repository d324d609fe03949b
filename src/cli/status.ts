import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfig, type ReelflowConfig } from '../config/load';
import type { ResourceSnapshot } from '../domain/lifecycle';
import { parseResourceKey } from '../domain/resourceKey';
import type { Delivery } from '../inbox/types';
import { RECENT_DELIVERIES } from '../ingress/routes/api/resources';
import { clientFor } from '../temporal/clientFor';
import { stateQuery } from '../../workflows/messages';
import { parseCommandArgs, UsageError } from './args';
import { NoInboxError, openConfiguredInbox } from './inbox';
import { table, when } from './table';

export const STATUS_USAGE = 'usage: reelflow status <key> [--json]   (key: <provider>:<account>:<kind>:<id>, e.g. mkio:acme:job:encode/job-42)';

type Lookup<T> = { ok: true; value: T } | { ok: false; error: string };

/** The entity workflow's `state` query, through the configured Temporal. */
async function queryState(config: ReelflowConfig, key: string): Promise<Lookup<ResourceSnapshot>> {
  const client = await clientFor(config).catch((error: Error) => error);
  if (client instanceof Error)
    return { ok: false, error: `Temporal not reachable (TEMPORAL_ADDRESS, else temporal.devServer ${config.temporal.devServer.ip}:${config.temporal.devServer.port}): ${client.message}` };
  try {
    return { ok: true, value: await client.workflow.getHandle(key).query(stateQuery) };
  } catch (error) {
    return { ok: false, error: error instanceof WorkflowNotFoundError ? `no workflow for ${key}` : `state query failed: ${(error as Error).message}` };
  } finally {
    await client.connection.close();
  }
}

/** The key's latest inbox rows (what came, and what became of it). */
async function recentDeliveries(config: ReelflowConfig, key: string): Promise<Lookup<Delivery[]>> {
  try {
    const { inbox } = openConfiguredInbox(config);
    try {
      return { ok: true, value: (await inbox.list({ resourceKey: key }, { limit: RECENT_DELIVERIES })).items };
    } finally {
      await inbox.close();
    }
  } catch (error) {
    if (error instanceof NoInboxError) return { ok: false, error: error.message };
    throw error;
  }
}

function describeState(s: ResourceSnapshot): string {
  const lines = [
    s.key,
    `  state        ${s.state ?? '(none yet)'}${s.phase ? ` · phase ${s.phase}` : ''}${s.terminal ? ' · terminal' : ''}`,
    `  counts       events ${s.counts.events} · transitions ${s.counts.transitions} · duplicates ${s.counts.duplicates} · stale ${s.counts.stale} · polls ${s.counts.polls}`,
  ];
  if (s.attention) lines.push(`  attention    ${s.attention.phase} since ${s.attention.since}: ${s.attention.reason}`);
  if (s.lastOccurredAt) lines.push(`  last event   ${s.lastOccurredAt}`);
  if (s.transitions.length) {
    const rows = s.transitions.map((t) => [t.occurredAt, t.via, t.type, `${t.previousState ?? '∅'} → ${t.state}`, t.phase, t.aspect]);
    lines.push('', 'transitions', table(['OCCURRED', 'VIA', 'TYPE', 'STATE', 'PHASE', 'ASPECT'], rows));
  }
  return lines.join('\n');
}

/** `reelflow status <key>`: the resource's state from its workflow, and its recent deliveries from the inbox. */
export async function statusCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } }, STATUS_USAGE);
  if (positionals.length !== 1) throw new UsageError('name one resource key', STATUS_USAGE);
  const key = positionals[0]!;
  try {
    parseResourceKey(key);
  } catch (error) {
    throw new UsageError((error as Error).message, STATUS_USAGE);
  }
  const config = loadConfig();
  const [state, deliveries] = await Promise.all([queryState(config, key), recentDeliveries(config, key)]);
  if (values.json) {
    console.log(
      JSON.stringify({
        key,
        state: state.ok ? state.value : null,
        ...(state.ok ? {} : { stateError: state.error }),
        deliveries: deliveries.ok ? deliveries.value : [],
        ...(deliveries.ok ? {} : { deliveriesError: deliveries.error }),
      }),
    );
    return state.ok ? 0 : 1;
  }
  console.log(state.ok ? describeState(state.value) : `${key}\n  ${state.error}`);
  console.log('');
  if (!deliveries.ok) console.log(`deliveries: ${deliveries.error}`);
  else if (deliveries.value.length === 0) console.log('no deliveries for this key in the inbox');
  else {
    const rows = deliveries.value.map((d) => [d.id, when(d.receivedAt), d.status, d.type, d.attempts, d.replays, d.reason]);
    console.log(`recent deliveries (inbox, newest first)\n${table(['ID', 'RECEIVED', 'STATUS', 'TYPE', 'ATTEMPTS', 'REPLAYS', 'REASON'], rows)}`);
  }
  return state.ok ? 0 : 1;
}
