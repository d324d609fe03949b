import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { LIMITS, ResourceLifecycle } from '../../src/domain/lifecycle';
import type { Kind, ProviderPhase as Phase } from '../../src/domain/phase';

const JOB = 'mkio:acme:job:t/j';
const LIVE = 'fastpix:ws:live:stream-1';

let clock = Date.parse('2026-11-24T10:00:00Z');
function event(key: string, eventId: string, state: string, phase: Phase, at?: string): CanonicalEvent {
  const kind = key.split(':')[2] as Kind;
  const occurredAt = at ?? new Date((clock += 1000)).toISOString();
  return { provider: key.split(':')[0]!, connection: 'c', account: key.split(':')[1]!, eventId, type: `t.${state}`, key, kind, id: 'x', state, phase, occurredAt, receivedAt: occurredAt, via: 'webhook' };
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
