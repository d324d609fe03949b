import { actionsFor } from '../../src/domain/actions';
import type { Transition } from '../../src/domain/lifecycle';
import { lifecyclePolicy } from '../../src/domain/lifecyclePolicy';
import { dueAfterQuiet, pollNowAnswer, waitStep, type LoopState } from '../../src/domain/nextStep';
import { nextPollDelay, type WaitPolicy } from '../../src/domain/waitPolicy';

const WAIT: WaitPolicy = { quietForMs: 10_000, maxPollIntervalMs: 60_000, maxWaitMs: 3_600_000, pollTaskQueue: 'q' };
const T0 = Date.parse('2026-11-25T10:00:00Z');

const job = (over: Partial<LoopState> = {}): LoopState => ({
  terminal: false,
  deletionPending: false,
  policy: lifecyclePolicy('job'),
  wait: WAIT,
  lingerMs: 86_400_000,
  now: T0,
  lastProgressAt: T0,
  pollDelayMs: WAIT.quietForMs,
  ...over,
});
const live = (over: Partial<LoopState> = {}) => job({ policy: lifecyclePolicy('live'), ...over });

describe('what an entity workflow does next', () => {
  it('a terminal resource lingers for late duplicates, then completes', () => {
    expect(waitStep(job({ terminal: true }))).toEqual({ wakeOn: 'history-full', timeoutMs: 86_400_000 });
    expect(dueAfterQuiet(job({ terminal: true }))).toBe('complete');
  });

  it('waits the poll interval, polls when it passes, and stalls at maxWait', () => {
    expect(waitStep(job())).toEqual({ wakeOn: 'news', timeoutMs: 10_000 });
    expect(dueAfterQuiet(job({ now: T0 + 10_000 }))).toBe('poll');
    // Close to maxWait the timer is cut short, and what is due then is the stall.
    const nearEnd = job({ now: T0 + WAIT.maxWaitMs - 3000, pollDelayMs: 60_000 });
    expect(waitStep(nearEnd)).toEqual({ wakeOn: 'news', timeoutMs: 3000 });
    expect(dueAfterQuiet({ ...nearEnd, now: T0 + WAIT.maxWaitMs })).toBe('stall');
  });

  it('a live stream never stalls: it keeps polling at its interval, however long it idles', () => {
    const weekLater = live({ now: T0 + 7 * 86_400_000, pollDelayMs: 60_000 });
    expect(waitStep(weekLater)).toEqual({ wakeOn: 'news', timeoutMs: 60_000 });
    expect(dueAfterQuiet(weekLater)).toBe('poll');
  });

  it('without a wait policy, or with attention raised, only news wakes it', () => {
    expect(waitStep(job({ wait: undefined }))).toEqual({ wakeOn: 'news' });
    expect(waitStep(job({ attention: 'stalled' }))).toEqual({ wakeOn: 'news' });
    expect(dueAfterQuiet(job({ attention: 'needs-attention' }))).toBe('nothing');
  });

  it('an undoable deletion waits out its window without polling, then seals', () => {
    const window = 14 * 86_400_000;
    const deleted = job({ deletionPending: true, policy: lifecyclePolicy('media', { undoableDeleteMs: window }), now: T0 + 1000 });
    expect(waitStep(deleted)).toEqual({ wakeOn: 'news', timeoutMs: window - 1000 });
    expect(dueAfterQuiet({ ...deleted, now: T0 + window })).toBe('seal');
  });

  it('a refresh deadline bounds every wait and continues the run as new', () => {
    const refreshing = live({ wait: undefined, refreshAt: T0 + 5000 });
    expect(waitStep(refreshing)).toEqual({ wakeOn: 'news', timeoutMs: 5000 });
    expect(dueAfterQuiet({ ...refreshing, now: T0 + 5000 })).toBe('refresh');
    expect(waitStep(job({ refreshAt: T0 + 2000 }))).toEqual({ wakeOn: 'news', timeoutMs: 2000 });
  });

  it('poll intervals double up to maxPollInterval', () => {
    const delays = [WAIT.quietForMs];
    for (let i = 0; i < 4; i++) delays.push(nextPollDelay(delays.at(-1)!, WAIT));
    expect(delays).toEqual([10_000, 20_000, 40_000, 60_000, 60_000]);
  });
});

describe('which actions a transition runs', () => {
  const t = (over: Partial<Transition>): Transition => ({ eventId: 'e', type: 'x', state: 's', phase: 'live', occurredAt: '', receivedAt: '', via: 'webhook', ...over });
  const plan = { live: ['notify'], ready: ['publish'] };

  it('phase actions when the phase changes, not when only the word does', () => {
    expect(actionsFor(t({ phase: 'live', previousPhase: 'pending' }), plan)).toEqual(['notify']);
    expect(actionsFor(t({ phase: 'live', previousPhase: 'live', state: 'active' }), plan)).toEqual([]);
    // Workflows recorded before this rule kept running actions on every transition of the phase.
    expect(actionsFor(t({ phase: 'live', previousPhase: 'live' }), plan, {}, false)).toEqual(['notify']);
  });

  it('type actions on exact types and prefixes, aspects included; phase actions never on aspects', () => {
    const types = { 'video.mediaAI.summary.ready': ['summarize'], 'video.mediaAI.*': ['log-ai'], 'video.media.ready': ['summarize'] };
    expect(actionsFor(t({ type: 'video.mediaAI.summary.ready', phase: 'ready', aspect: 'mediaAI.summary' }), plan, types)).toEqual(['summarize', 'log-ai']);
    expect(actionsFor(t({ type: 'video.media.ready', phase: 'ready', previousPhase: 'processing' }), plan, types)).toEqual(['publish', 'summarize']);
  });
});

describe('pollNow: a lost delivery makes a resource poll at once, if a poll can tell it anything', () => {
  it.each<[string, Partial<LoopState>, ReturnType<typeof pollNowAnswer>]>([
    ['a job still processing polls, however long its quiet period', {}, 'poll'],
    ['a live stream polls too', { policy: lifecyclePolicy('live') }, 'poll'],
    ['a terminal resource has nothing left to learn', { terminal: true }, 'terminal'],
    ['a connection that cannot poll (no API token) ignores it', { wait: undefined }, 'not-pollable'],
    ['a stalled resource polls: the lost webhook is the news it stalled waiting for', { attention: 'stalled' }, 'poll'],
    ['refused credentials are not fixed by asking again', { attention: 'needs-attention' }, 'attention'],
    ['an undoable deletion reads the same either way', { deletionPending: true, policy: lifecyclePolicy('media', { undoableDeleteMs: 1000 }) }, 'deletion-pending'],
  ])('%s', (_name, over, answer) => {
    expect(pollNowAnswer(job(over))).toBe(answer);
  });
});
