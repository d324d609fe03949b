import type { ResourceSnapshot } from '../../src/domain/lifecycle';

/** The Temporal UI's current-details panel for one resource: where it stands, what moved last, what runs. */
export function currentDetails(s: Readonly<ResourceSnapshot>): string {
  const last = s.transitions.at(-1);
  const failed = s.actions.filter((a) => a.status === 'failed');
  const running = s.actions.filter((a) => a.status === 'running');
  return [
    `**${s.phase ?? 'unknown'}** (${s.state ?? 'no state yet'})${s.terminal ? ', terminal' : ''}${s.attention ? ` — ${s.attention.reason}` : ''}`,
    last ? `last transition: ${last.aspect ? `${last.aspect}: ` : ''}${last.previousState ?? '∅'} → ${last.state} via ${last.via} at ${last.occurredAt}` : 'no transition yet',
    `events ${s.counts.events} · transitions ${s.counts.transitions} · duplicates ${s.counts.duplicates} · stale ${s.counts.stale} · polls ${s.counts.polls}`,
    ...(s.related?.length ? [`related: ${s.related.join(', ')}`] : []),
    ...(running.length ? [`actions running: ${running.map((a) => a.name).join(', ')}`] : []),
    ...(failed.length ? [`**actions failed**: ${failed.map((a) => `${a.name} (${a.detail ?? 'error'})`).join('; ')}`] : []),
  ].join('\n\n');
}
