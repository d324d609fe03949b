import { ResourceLifecycle } from '../../src/domain/lifecycle';
import { lifecyclePolicy } from '../../src/domain/lifecyclePolicy';
import { pollNowAnswer, type LoopState } from '../../src/domain/nextStep';
import type { WaitPolicy } from '../../src/domain/waitPolicy';
import { canonical } from '../support/events';

const WAIT: WaitPolicy = { quietForMs: 3_600_000, maxPollIntervalMs: 3_600_000, maxWaitMs: 86_400_000, pollTaskQueue: 'q' };
const T0 = Date.parse('2026-12-07T10:00:00Z');
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

describe('pollNow: a lost delivery makes a resource poll at once, if a poll can tell it anything', () => {
  it.each<[string, Partial<LoopState>, ReturnType<typeof pollNowAnswer>]>([
    ['a job still processing polls, however long its quiet period', {}, 'poll'],
    ['a live stream polls too', { policy: lifecyclePolicy('live') }, 'poll'],
    ['a terminal resource has nothing left to learn', { terminal: true }, 'terminal'],
    ['a connection that cannot poll (no API token) ignores it', { wait: undefined }, 'not-pollable'],
    ['a stalled resource stays stalled until news', { attention: 'stalled' }, 'attention'],
    ['refused credentials are not fixed by asking again', { attention: 'needs-attention' }, 'attention'],
    ['an undoable deletion reads the same either way', { deletionPending: true, policy: lifecyclePolicy('media', { undoableDeleteMs: 1000 }) }, 'deletion-pending'],
  ])('%s', (_name, over, answer) => {
    expect(pollNowAnswer(job(over))).toBe(answer);
  });
});

describe('a state read by reconcile is judged like any poll', () => {
  const key = 'mkio:proj:job:encode/a';
  const at = (minute: number) => new Date(T0 + minute * 60_000);

  it('moves the resource on, and shows where it came from', () => {
    const model = ResourceLifecycle.create(key, lifecyclePolicy('job'));
    model.apply(canonical(key, 'e1', 'Processing', 'processing', at(0)));
    const result = model.apply({ ...canonical(key, 'poll:1', 'Finished', 'ready', at(5)), via: 'reconcile' });
    expect(result.outcome).toBe('transition');
    expect(result.transition).toMatchObject({ state: 'Finished', phase: 'ready', via: 'reconcile' });
  });

  it('repeating the phase it is in changes nothing (as a poll would not)', () => {
    const model = ResourceLifecycle.create(key, lifecyclePolicy('job'));
    model.apply(canonical(key, 'e1', 'Processing', 'processing', at(0)));
    expect(model.apply({ ...canonical(key, 'poll:1', 'Scheduled', 'processing', at(5)), via: 'reconcile' }).outcome).toBe('unchanged');
    expect(model.apply({ ...canonical(key, 'poll:2', 'Scheduled', 'processing', at(6)), via: 'webhook' }).outcome).toBe('transition');
  });
});
