import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { LIMITS, ResourceLifecycle } from '../../src/domain/lifecycle';
import { lifecyclePolicy } from '../../src/domain/lifecyclePolicy';
import type { Kind, ProviderPhase as Phase } from '../../src/domain/phase';
import { canonical } from '../support/events';

const JOB = 'mkio:acme:job:t/j';
const LIVE = 'fastpix:ws:live:stream-1';

let clock = Date.parse('2026-11-24T10:00:00Z');
function event(key: string, eventId: string, state: string, phase: Phase, at?: string): CanonicalEvent {
  const kind = key.split(':')[2] as Kind;
  const occurredAt = at ?? new Date((clock += 1000)).toISOString();
  return {
    provider: key.split(':')[0]!,
    connection: 'c',
    account: key.split(':')[1]!,
    eventId,
    type: `t.${state}`,
    key,
    kind,
    id: 'x',
    state,
    phase,
    occurredAt,
    receivedAt: occurredAt,
    via: 'webhook',
  };
}

describe('ResourceLifecycle, one-shot kinds', () => {
  it('records forward transitions with the previous state', () => {
    const life = ResourceLifecycle.create(JOB);
    expect(life.apply(event(JOB, 'e1', 'Processing', 'processing')).outcome).toBe('transition');
    const result = life.apply(event(JOB, 'e2', 'Finished', 'ready'));
    expect(result.transition).toMatchObject({ state: 'Finished', previousState: 'Processing', previousPhase: 'processing' });
    const snap = life.snapshot();
    expect(snap).toMatchObject({ state: 'Finished', phase: 'ready', terminal: true, kind: 'job', account: 'acme', id: 't/j' });
    expect(snap.transitions.map((t) => t.state)).toEqual(['Processing', 'Finished']);
  });

  it('dedupes by event id', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e1', 'Processing', 'processing'));
    expect(life.apply(event(JOB, 'e1', 'Processing', 'processing')).outcome).toBe('duplicate');
    expect(life.snapshot().counts).toMatchObject({ events: 2, duplicates: 1, transitions: 1 });
  });

  it('records a late lower-ranked event as stale and changes nothing', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e2', 'Finished', 'ready'));
    const late = life.apply(event(JOB, 'e1', 'Processing', 'processing'));
    expect(late.outcome).toBe('stale');
    expect(late.stale?.reason).toBe('terminal');
    expect(life.snapshot()).toMatchObject({ state: 'Finished', counts: { stale: 1, transitions: 1 } });
  });

  it('keeps terminal sticky against another terminal of the same rank', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e1', 'Finished', 'ready'));
    expect(life.apply(event(JOB, 'e2', 'Error', 'failed')).outcome).toBe('stale');
    expect(life.snapshot().phase).toBe('ready');
  });

  it('lets deleted follow a terminal phase', () => {
    const life = ResourceLifecycle.create('fastpix:ws:media:m1');
    life.apply(event('fastpix:ws:media:m1', 'e1', 'Ready', 'ready'));
    expect(life.apply(event('fastpix:ws:media:m1', 'e2', 'deleted', 'deleted')).outcome).toBe('transition');
  });

  it('moves within a phase only forward in time', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e1', 'Scheduled', 'pending', '2026-11-24T10:00:10Z'));
    expect(life.apply(event(JOB, 'e0', 'Queued', 'pending', '2026-11-24T10:00:05Z')).outcome).toBe('stale');
    expect(life.apply(event(JOB, 'e2', 'Queued', 'pending', '2026-11-24T10:00:20Z')).outcome).toBe('transition');
    expect(life.apply(event(JOB, 'e3', 'Queued', 'pending')).outcome).toBe('unchanged');
  });

  it('refuses an event for another resource', () => {
    expect(() => ResourceLifecycle.create(JOB).apply(event('mkio:acme:job:t/other', 'e', 'Processing', 'processing'))).toThrow(/sent to/);
  });
});

describe('ResourceLifecycle, cyclic kinds', () => {
  it('goes round by time and drops older reports', () => {
    const life = ResourceLifecycle.create(LIVE);
    life.apply(event(LIVE, 'a', 'active', 'live', '2026-11-24T10:00:00Z'));
    expect(life.apply(event(LIVE, 'b', 'idle', 'idle', '2026-11-24T10:10:00Z')).outcome).toBe('transition');
    expect(life.apply(event(LIVE, 'c', 'active', 'live', '2026-11-24T10:20:00Z')).outcome).toBe('transition');
    expect(life.apply(event(LIVE, 'd', 'idle', 'idle', '2026-11-24T10:05:00Z')).stale?.reason).toBe('older-time');
    expect(life.snapshot()).toMatchObject({ phase: 'live', terminal: false });
  });
});

describe('ResourceLifecycle carry (continue-as-new)', () => {
  it('restores state and the dedupe memory', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e1', 'Processing', 'processing'));
    const next = ResourceLifecycle.restore(JSON.parse(JSON.stringify(life.carry())));
    expect(next.apply(event(JOB, 'e1', 'Processing', 'processing')).outcome).toBe('duplicate');
    expect(next.snapshot().state).toBe('Processing');
  });

  it('bounds the remembered ids and the history lists', () => {
    const life = ResourceLifecycle.create(LIVE);
    for (let i = 0; i < LIMITS.seenEventIds + 10; i++) life.apply(event(LIVE, `e${i}`, i % 2 ? 'idle' : 'active', i % 2 ? 'idle' : 'live'));
    const carry = life.carry();
    expect(carry.seenEventIds).toHaveLength(LIMITS.seenEventIds);
    expect(carry.seenEventIds[0]).toBe('e10');
    expect(carry.snapshot.transitions).toHaveLength(LIMITS.transitions);
    // The oldest ids are forgotten: that is the price of a bounded set.
    expect(life.apply(event(LIVE, 'e0', 'zzz', 'live')).outcome).not.toBe('duplicate');
  });
});

describe('ResourceLifecycle attention overlay', () => {
  it('a stall ends with the next transition, or with a webhook repeating the state', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e1', 'Processing', 'processing'));
    expect(life.markAttention('stalled', 'quiet', '2026-11-24T12:00:00Z')).toMatchObject({ phase: 'stalled', previousPhase: 'processing' });
    expect(life.markAttention('stalled', 'again', '2026-11-24T12:01:00Z')).toBeUndefined();
    expect(life.snapshot()).toMatchObject({ phase: 'stalled', providerPhase: 'processing', attention: { reason: 'quiet' } });
    // A poll that sees the same state proves nothing new…
    expect(life.apply({ ...event(JOB, 'p1', 'Processing', 'processing'), via: 'poll' }).outcome).toBe('unchanged');
    // …a webhook does: the resource is alive.
    expect(life.apply(event(JOB, 'e2', 'Processing', 'processing')).outcome).toBe('transition');
    expect(life.snapshot().phase).toBe('processing');
    expect(life.snapshot().attention).toBeUndefined();
  });

  it('counts a revision on every change, for subscribers to order signals', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'e1', 'Processing', 'processing'));
    life.apply(event(JOB, 'e1', 'Processing', 'processing'));
    life.markAttention('stalled', 'quiet', '2026-11-24T12:00:00Z');
    life.apply(event(JOB, 'e2', 'Finished', 'ready'));
    expect(life.snapshot().revision).toBe(3);
  });
});

describe('ResourceLifecycle under a lifecycle policy', () => {
  const MEDIA = 'mediamanager:main:media:tok-1';

  it('a cyclic resource goes round until deleted, which is final', () => {
    const life = ResourceLifecycle.create(LIVE, lifecyclePolicy('live'));
    life.apply(event(LIVE, 'a', 'active', 'live'));
    life.apply(event(LIVE, 'b', 'idle', 'idle'));
    expect(life.terminal).toBe(false);
    expect(life.apply(event(LIVE, 'c', 'deleted', 'deleted')).outcome).toBe('transition');
    expect(life.terminal).toBe(true);
    expect(life.apply(event(LIVE, 'd', 'active', 'live')).stale?.reason).toBe('terminal');
  });

  it('content-hash ids on a cyclic kind: a retry is a duplicate, a later genuine repeat is news', () => {
    const life = ResourceLifecycle.create(LIVE, lifecyclePolicy('live'));
    const hashed = (id: string, state: string, phase: Phase) => ({ ...event(LIVE, id, state, phase), eventIdSource: 'content-hash' as const });
    expect(life.apply(hashed('h-connected', 'live.connected', 'live')).outcome).toBe('transition');
    expect(life.apply(hashed('h-connected', 'live.connected', 'live')).outcome).toBe('duplicate');
    expect(life.apply(hashed('h-disconnected', 'live.disconnected', 'pending')).outcome).toBe('transition');
    expect(life.apply(hashed('h-connected', 'live.connected', 'live')).outcome).toBe('transition');
    expect(life.snapshot().counts).toMatchObject({ transitions: 3, duplicates: 1 });
    // The latest accepted body survives continue-as-new.
    const next = ResourceLifecycle.restore(JSON.parse(JSON.stringify(life.carry())), lifecyclePolicy('live'));
    expect(next.apply(hashed('h-connected', 'live.connected', 'live')).outcome).toBe('duplicate');
  });

  it('content-hash ids on a one-shot kind dedupe against everything remembered', () => {
    const media = 'kinescope:main:media:v1';
    const life = ResourceLifecycle.create(media, lifecyclePolicy('media'));
    const hashed = (id: string, state: string, phase: Phase) => ({ ...event(media, id, state, phase), eventIdSource: 'content-hash' as const });
    life.apply(hashed('h1', 'processing', 'processing'));
    life.apply(hashed('h2', 'done', 'ready'));
    expect(life.apply(hashed('h1', 'processing', 'processing')).outcome).toBe('duplicate');
  });

  it('an undoable deletion waits for its window: a restore moves the resource on, seal() makes it final', () => {
    const policy = lifecyclePolicy('media', { undoableDeleteMs: 14 * 86_400_000 });
    const life = ResourceLifecycle.create(MEDIA, policy);
    life.apply(event(MEDIA, 'e1', 'media.upload.completed', 'ready'));
    expect(life.terminal).toBe(true);
    life.apply(event(MEDIA, 'e2', 'media.deleted', 'deleted'));
    expect(life).toMatchObject({ terminal: false, deletionPending: true });
    expect(life.apply(event(MEDIA, 'e3', 'media.restored', 'ready')).outcome).toBe('transition');
    expect(life.snapshot()).toMatchObject({ phase: 'ready', terminal: true });
    life.apply(event(MEDIA, 'e4', 'media.deleted', 'deleted'));
    const revision = life.snapshot().revision;
    life.seal();
    expect(life.snapshot()).toMatchObject({ phase: 'deleted', terminal: true, revision: revision + 1 });
    expect(life.apply(event(MEDIA, 'e5', 'media.restored', 'ready')).stale?.reason).toBe('terminal');
  });

  it('aspects move on their own, after terminal too, and never touch the resource state', () => {
    const media = 'fastpix:ws:media:m1';
    const life = ResourceLifecycle.create(media, lifecyclePolicy('media'));
    life.apply(event(media, 'e1', 'video.media.ready', 'ready'));
    const summary = life.apply({ ...event(media, 'e2', 'video.mediaAI.summary.ready', 'ready'), aspect: 'mediaAI.summary' });
    expect(summary.transition).toMatchObject({ aspect: 'mediaAI.summary', state: 'video.mediaAI.summary.ready', previousState: undefined });
    const late = { ...event(media, 'e0', 'video.mediaAI.summary.ready', 'ready', '2020-01-01T00:00:00Z'), aspect: 'mediaAI.summary' };
    expect(life.apply(late).stale).toMatchObject({ reason: 'older-time', aspect: 'mediaAI.summary' });
    expect(life.snapshot()).toMatchObject({ state: 'video.media.ready', phase: 'ready', terminal: true, aspects: { 'mediaAI.summary': { phase: 'ready' } } });
  });

  it('keeps links whatever the verdict, once each, never to itself', () => {
    const media = 'kinescope:main:media:v1';
    const liveKey = 'kinescope:main:live:e1';
    const life = ResourceLifecycle.create(media, lifecyclePolicy('media'));
    life.apply(event(media, 'e1', 'done', 'ready'));
    // A late "recording" report is stale for the state, but its link still counts.
    expect(life.apply({ ...event(media, 'e2', 'live.finished', 'pending'), related: [liveKey, media] }).outcome).toBe('stale');
    life.apply({ ...event(media, 'e3', 'live.finished', 'pending'), related: [liveKey] });
    expect(life.snapshot().related).toEqual([liveKey]);
  });
});

describe('polls confirm, webhooks tell', () => {
  const STREAM = 'fastpix:ws:live:s1';
  const poll = (id: string, state: string, phase: Phase) => ({ ...event(STREAM, id, state, phase), via: 'poll' as const });

  it('a poll wording the same phase differently changes nothing; a poll of another phase moves it', () => {
    const life = ResourceLifecycle.create(STREAM, lifecyclePolicy('live'));
    life.apply(event(STREAM, 'w1', 'video.live_stream.recording', 'live'));
    expect(life.apply(poll('p1', 'active', 'live')).outcome).toBe('unchanged');
    expect(life.apply(poll('p2', 'idle', 'idle')).outcome).toBe('transition');
    expect(life.snapshot()).toMatchObject({ state: 'idle', counts: { transitions: 2, unchanged: 1 } });
  });

  it('workflows started before the rule (no policy in their input) keep judging as they did', () => {
    const life = ResourceLifecycle.create(JOB);
    life.apply(event(JOB, 'w1', 'Queued', 'pending'));
    expect(life.apply({ ...event(JOB, 'p1', 'Scheduled', 'pending'), via: 'poll' }).outcome).toBe('transition');
  });
});

describe('a state read by reconcile is judged like any poll', () => {
  const key = 'mkio:proj:job:encode/a';
  const at = (minute: number) => new Date(Date.parse('2026-12-07T10:00:00Z') + minute * 60_000);

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
