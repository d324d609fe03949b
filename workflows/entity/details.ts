import type { ActionRecord, ResourceSnapshot, Transition } from '../../src/domain/lifecycle';
import type { WaitStep } from '../../src/domain/nextStep';

/**
 * The Temporal UI's current-details panel for one resource (markdown): a headline, the last few
 * transitions as a timeline, the actions, the counts. Runs in workflow code on every change, so it
 * is a pure function of the snapshot: every time shown is one the snapshot recorded.
 */

/** Transitions the timeline shows; older ones are counted in one line. */
export const TIMELINE_LENGTH = 5;
/** An action's failure detail is cut here: the panel is a glance, the `state` query has it whole. */
const DETAIL_CHARS = 120;

/**
 * Temporal UI 2.42 sizes the panel's frame without the page's margins and clips its last ~30 px:
 * a blank paragraph (a no-break space) at the end takes the cut, so the counts stay visible.
 */
const CLIPPED_TAIL = '\u00a0';

export function currentDetails(s: Readonly<ResourceSnapshot>): string {
  return [headline(s), timeline(s), ...actionLines(s.actions), ...relatedLine(s.related), countsLine(s.counts), CLIPPED_TAIL].join('\n\n');
}

/**
 * One line for the wait's timer (its `summary`), shown on the pending timer in the UI's timeline
 * instead of a bare timer number: `waiting for news · processing (Processing) · wakes in 30 s`.
 */
export function waitSummary(s: Readonly<ResourceSnapshot>, step: WaitStep): string {
  const where = `${s.phase ?? 'unknown'} (${s.state ?? 'no state yet'})`;
  if (step.wakeOn === 'history-full') return `lingering after ${where} · completes in ${span(step.timeoutMs)}`;
  return `waiting for news · ${where}${step.timeoutMs === undefined ? '' : ` · wakes in ${span(step.timeoutMs)}`}`;
}

/** `45 s`, `90 min`, `2 h 30 min`, `24 h`: rounded to what a glance needs. */
function span(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 && hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.round(minutes / 60)} h`;
}

/** Phase and state in bold, then why it needs a look or that it is over. */
function headline(s: Readonly<ResourceSnapshot>): string {
  const where = `Phase **${md(s.phase ?? 'unknown')}** · state **${md(s.state ?? 'none yet')}**`;
  const attention = s.attention ? ` — ${md(s.attention.reason)} (since ${shortTime(s.attention.since)})` : '';
  const terminal = s.terminal ? ' — terminal: the workflow lingers to absorb late events, then completes' : '';
  return where + attention + terminal;
}

function timeline(s: Readonly<ResourceSnapshot>): string {
  if (s.transitions.length === 0) return 'No transition yet';
  const shown = s.transitions.slice(-TIMELINE_LENGTH);
  // Counts outlive the bounded list (and continue-as-new), so they say how many came before.
  const earlier = Math.max(s.counts.transitions, s.transitions.length) - shown.length;
  const lines = shown.map((t, i) => `- ${when(t.occurredAt, shown[i - 1]?.occurredAt)} · ${change(t)} · ${t.via}`);
  return [...(earlier > 0 ? [`- … ${earlier} earlier`] : []), ...lines].join('\n');
}

/** `Queued → Processing (processing)`, or `summary: ∅ → ready (ready)` for an aspect. */
function change(t: Transition): string {
  const aspect = t.aspect ? `${md(t.aspect)}: ` : '';
  return `${aspect}${md(t.previousState ?? '∅')} → **${md(t.state)}** (${t.phase})`;
}

/** One line per status, each action name once with how many times it ran. */
function actionLines(actions: readonly ActionRecord[]): string[] {
  const names = (status: ActionRecord['status']) => tally(actions.filter((a) => a.status === status).map((a) => md(a.name)));
  const failed = actions.filter((a) => a.status === 'failed').map((a) => `${md(a.name)} (${md(cut(a.detail ?? 'error'))})`);
  return [
    ...(names('running') ? [`actions running: ${names('running')}`] : []),
    ...(failed.length ? [`**actions failed**: ${failed.join('; ')}`] : []),
    ...(names('succeeded') ? [`actions succeeded: ${names('succeeded')}`] : []),
  ];
}

function relatedLine(related: readonly string[] | undefined): string[] {
  if (!related?.length) return [];
  const more = related.length > 3 ? ` +${related.length - 3} more` : '';
  return [`related: ${related.slice(0, 3).map(md).join(', ')}${more}`];
}

function countsLine(c: ResourceSnapshot['counts']): string {
  return `events ${c.events} · transitions ${c.transitions} · duplicates ${c.duplicates} · stale ${c.stale} · polls ${c.polls}`;
}

/** `publish ×2, alert`: names in first-seen order. */
function tally(names: string[]): string {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].map(([name, n]) => (n > 1 ? `${name} ×${n}` : name)).join(', ');
}

const ISO = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?(Z|[+-]\d\d:?\d\d)?$/;

/** The date only when it differs from the line above: `2026-12-07 03:40:02Z`, then `03:40:09Z`. */
function when(iso: string, previous: string | undefined): string {
  const m = ISO.exec(iso);
  if (!m) return md(iso);
  const sameDay = previous !== undefined && ISO.exec(previous)?.[1] === m[1];
  return `${sameDay ? '' : `${m[1]} `}${m[2]}${m[3] ?? ''}`;
}

const shortTime = (iso: string): string => when(iso, undefined);

/** First line, at most DETAIL_CHARS: an error message can carry a stack or a whole body. */
function cut(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > DETAIL_CHARS ? `${line.slice(0, DETAIL_CHARS - 1)}…` : line;
}

/** Provider words and error messages are text, never markup. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}
