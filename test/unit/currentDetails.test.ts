import type { ResourceSnapshot, Transition } from '../../src/domain/lifecycle';
import { currentDetails, TIMELINE_LENGTH, waitSummary } from '../../workflows/entity/details';

const counts = { events: 0, transitions: 0, duplicates: 0, stale: 0, unchanged: 0, polls: 0 };

const snapshot = (over: Partial<ResourceSnapshot> = {}): ResourceSnapshot => ({
  key: 'mkio:demo:job:encode/job-1',
  provider: 'mkio',
  account: 'demo',
  kind: 'job',
  id: 'encode/job-1',
  terminal: false,
  transitions: [],
  stale: [],
  counts,
  actions: [],
  subscribers: [],
  revision: 0,
  ...over,
});

const step = (state: string, phase: Transition['phase'], occurredAt: string, over: Partial<Transition> = {}): Transition => ({
  eventId: `e-${state}-${occurredAt}`,
  type: `MediaKind.${state}`,
  state,
  phase,
  occurredAt,
  receivedAt: occurredAt,
  via: 'webhook',
  ...over,
});

const finishedJob = snapshot({
  state: 'Finished',
  phase: 'ready',
  terminal: true,
  transitions: [
    step('Queued', 'pending', '2026-12-06T23:59:58Z'),
    step('Processing', 'processing', '2026-12-07T00:00:01.250Z', { previousState: 'Queued' }),
    step('Finished', 'ready', '2026-12-07T00:00:09Z', { previousState: 'Processing', via: 'poll' }),
  ],
  counts: { ...counts, events: 4, transitions: 3, duplicates: 1, polls: 1 },
});

describe('the current-details panel a resource shows in the Temporal UI', () => {
  it('heads with phase and state in bold, and says a terminal resource lingers before it completes', () => {
    const [head] = currentDetails(finishedJob).split('\n\n');
    expect(head).toBe('Phase **ready** · state **Finished** — terminal: the workflow lingers to absorb late events, then completes');
    expect(currentDetails(snapshot({ state: 'Processing', phase: 'processing' })).split('\n\n')[0]).toBe('Phase **processing** · state **Processing**');
  });

  it('reads as a timeline: time, previous → state (phase), source; the date only when it changes', () => {
    const lines = currentDetails(finishedJob).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '- 2026-12-06 23:59:58Z · ∅ → **Queued** (pending) · webhook',
        '- 2026-12-07 00:00:01Z · Queued → **Processing** (processing) · webhook',
        '- 00:00:09Z · Processing → **Finished** (ready) · poll',
      ]),
    );
  });

  it(`keeps the last ${TIMELINE_LENGTH} transitions and counts the earlier ones, including those the bounded list dropped`, () => {
    const transitions = Array.from({ length: 8 }, (_, i) => step(`S${i}`, 'live', `2026-12-07T10:00:0${i}Z`, i ? { previousState: `S${i - 1}` } : {}));
    const text = currentDetails(snapshot({ kind: 'live', transitions, counts: { ...counts, transitions: 250 } }));
    const timeline = text.split('\n').filter((l) => l.startsWith('- '));
    expect(timeline).toHaveLength(TIMELINE_LENGTH + 1);
    expect(timeline[0]).toBe(`- … ${250 - TIMELINE_LENGTH} earlier`);
    expect(timeline.at(-1)).toBe('- 10:00:07Z · S6 → **S7** (live) · webhook');
    expect(text).not.toContain('**S2**');
  });

  it('names an aspect, says why a resource needs attention, and when', () => {
    const text = currentDetails(
      snapshot({
        state: 'Processing',
        phase: 'stalled',
        attention: { phase: 'stalled', reason: 'no news for 1h', since: '2026-12-07T01:00:00.000Z' },
        transitions: [step('ready', 'ready', '2026-12-07T00:10:00Z', { aspect: 'summary', via: 'reconcile' })],
      }),
    );
    expect(text.split('\n\n')[0]).toBe('Phase **stalled** · state **Processing** — no news for 1h (since 2026-12-07 01:00:00Z)');
    expect(text).toContain('- 2026-12-07 00:10:00Z · summary: ∅ → **ready** (ready) · reconcile');
  });

  it('lists actions one line per status, a failure with the first line of its reason, cut short', () => {
    const long = `HTTP 400 from https://hooks.example.com: ${'x'.repeat(300)}\n    at post (actions.ts:1)`;
    const text = currentDetails(
      snapshot({
        actions: [
          { idempotencyKey: 'a', name: 'publish', eventId: 'e1', status: 'succeeded' },
          { idempotencyKey: 'b', name: 'publish', eventId: 'e2', status: 'succeeded' },
          { idempotencyKey: 'c', name: 'notify', eventId: 'e2', status: 'running' },
          { idempotencyKey: 'd', name: 'broken', eventId: 'e2', status: 'failed', detail: long },
        ],
      }),
    );
    expect(text).toContain('actions running: notify');
    expect(text).toContain('actions succeeded: publish ×2');
    const failed = text.split('\n').find((l) => l.startsWith('**actions failed**'));
    expect(failed).toMatch(/^\*\*actions failed\*\*: broken \(HTTP 400 from https:\/\/hooks\.example\.com: x+…\)$/);
    expect(failed!.length).toBeLessThan(160);
    expect(text).not.toContain('at post');
  });

  it('ends with the counts on one line, and shows provider text as text, never markup', () => {
    const text = currentDetails(snapshot({ state: 'live_stream*active*', phase: 'live', transitions: [step('<b>x</b>', 'live', 'yesterday')] }));
    expect(text.split('\n\n').at(-2)).toBe('events 0 · transitions 0 · duplicates 0 · stale 0 · polls 0');
    expect(text).toContain('state **live\\_stream\\*active\\***');
    expect(text).toContain('- yesterday · ∅ → **\\<b\\>x\\</b\\>** (live) · webhook');
  });

  it('ends with a blank paragraph, the part of the panel Temporal UI 2.42 clips', () => {
    expect(currentDetails(finishedJob).endsWith('polls 1\n\n\u00a0')).toBe(true);
  });

  it('is a function of the snapshot alone: the same snapshot, the same text', () => {
    expect(currentDetails(structuredClone(finishedJob))).toBe(currentDetails(finishedJob));
    expect(currentDetails(snapshot())).toBe('Phase **unknown** · state **none yet**\n\nNo transition yet\n\nevents 0 · transitions 0 · duplicates 0 · stale 0 · polls 0\n\n\u00a0');
  });
});

describe("the one-line summary of an entity workflow's wait timer", () => {
  const processing = snapshot({ state: 'Processing', phase: 'processing' });
  it('says what it waits for, where the resource stands, and when it wakes', () => {
    expect(waitSummary(processing, { wakeOn: 'news', timeoutMs: 30_000 })).toBe('waiting for news · processing (Processing) · wakes in 30 s');
    expect(waitSummary(processing, { wakeOn: 'news', timeoutMs: 5 * 60_000 })).toBe('waiting for news · processing (Processing) · wakes in 5 min');
    expect(waitSummary(processing, { wakeOn: 'news', timeoutMs: 90 * 60_000 })).toBe('waiting for news · processing (Processing) · wakes in 90 min');
    expect(waitSummary(processing, { wakeOn: 'news', timeoutMs: 150 * 60_000 })).toBe('waiting for news · processing (Processing) · wakes in 2 h 30 min');
    expect(waitSummary(snapshot(), { wakeOn: 'news' })).toBe('waiting for news · unknown (no state yet)');
  });

  it('says a terminal resource lingers, and when it completes', () => {
    expect(waitSummary(finishedJob, { wakeOn: 'history-full', timeoutMs: 86_400_000 })).toBe('lingering after ready (Finished) · completes in 24 h');
  });
});
