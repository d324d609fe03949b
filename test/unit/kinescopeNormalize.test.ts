import { createHash } from 'node:crypto';
import { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { ResourceLifecycle } from '../../src/domain/lifecycle';
import { lifecyclePolicy } from '../../src/domain/lifecyclePolicy';
import type { Kind, ProviderPhase } from '../../src/domain/phase';
import { kinescopeAdapter } from '../../src/providers/kinescope';
import { KinescopeConnection } from '../../src/providers/kinescope/connection';
import { normalizeKinescope } from '../../src/providers/kinescope/normalize';
import { TRACKED_EVENTS } from '../../src/providers/kinescope/states';
import { kinescopeTestKit } from '../../src/providers/kinescope/testKit';
import type { ParseOutcome } from '../../src/providers/types';
import { payloadErrorOf } from '../support/payloadError';

const connection = KinescopeConnection.parse({ name: 'main', provider: 'kinescope', username: 'u', password: 'p' });
const receivedAt = new Date('2026-11-24T12:00:00Z');
const VIDEO = '7127f2d7-0e96-40d0-9a03-2e987c096466';
const LIVE = 'abc123-def456-ghi789';
const mediaKey = (id = VIDEO) => `kinescope:main:media:${id}`;
const liveKey = `kinescope:main:live:${LIVE}`;

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

function parse(body: string): ParseOutcome {
  return normalizeKinescope(JSON.parse(body), Buffer.from(body), { connection, receivedAt });
}

function eventsOf(body: string) {
  const outcome = parse(body);
  if (outcome.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(outcome)}`);
  for (const event of outcome.events) expect(CanonicalEvent.safeParse(event).success).toBe(true);
  return outcome;
}

const fieldOf = (json: unknown): string => payloadErrorOf(() => normalizeKinescope(json, Buffer.from(JSON.stringify(json) ?? ''), { connection, receivedAt })).field;

const body = (event: string, data: Record<string, unknown>) => JSON.stringify({ event, data });

type Row = [event: string, data: Record<string, unknown>, kind: Kind, key: string, state: string, phase: ProviderPhase, related: string[] | undefined];

/** Every event of Kinescope's "Webhook Types" page, one row each; every documented video status is a row of its own. */
const TABLE: Row[] = [
  ['media.update.status', { id: VIDEO, status: 'pending' }, 'media', mediaKey(), 'pending', 'pending', undefined],
  ['media.update.status', { id: VIDEO, status: 'uploading' }, 'media', mediaKey(), 'uploading', 'pending', undefined],
  ['media.update.status', { id: VIDEO, status: 'pre-processing' }, 'media', mediaKey(), 'pre-processing', 'processing', undefined],
  ['media.update.status', { id: VIDEO, status: 'processing' }, 'media', mediaKey(), 'processing', 'processing', undefined],
  ['media.update.status', { id: VIDEO, status: 'aborted' }, 'media', mediaKey(), 'aborted', 'canceled', undefined],
  ['media.update.status', { id: VIDEO, status: 'done' }, 'media', mediaKey(), 'done', 'ready', undefined],
  ['media.update.status', { id: VIDEO, status: 'error', message: 'import error: code=610100' }, 'media', mediaKey(), 'error', 'failed', undefined],
  ['media.update.status', { id: VIDEO, status: 'suspended' }, 'media', mediaKey(), 'suspended', 'pending', undefined],
  ['live.created', { event_id: LIVE }, 'live', liveKey, 'live.created', 'idle', undefined],
  ['live.enabled', { event_id: LIVE }, 'live', liveKey, 'live.enabled', 'pending', undefined],
  ['live.connected', { event_id: LIVE }, 'live', liveKey, 'live.connected', 'live', undefined],
  ['live.disconnected', { event_id: LIVE }, 'live', liveKey, 'live.disconnected', 'pending', undefined],
  ['live.finished', { event_id: LIVE }, 'live', liveKey, 'live.finished', 'idle', undefined],
  ['live.finished', { event_id: LIVE, video_id: VIDEO }, 'live', liveKey, 'live.finished', 'idle', [mediaKey()]],
  ['live.cancelled', { event_id: LIVE }, 'live', liveKey, 'live.cancelled', 'canceled', undefined],
];

describe('Kinescope webhooks → canonical events (one row per event of the seed page)', () => {
  it.each(TABLE)('%s %j → %s %s, state %s, phase %s, related %j', (event, data, kind, key, state, phase, related) => {
    const text = body(event, data);
    const [first] = eventsOf(text).events;
    expect(first).toEqual({
      provider: 'kinescope',
      connection: 'main',
      account: 'main',
      eventId: sha256(text),
      eventIdSource: 'content-hash',
      type: event,
      kind,
      id: kind === 'media' ? VIDEO : LIVE,
      key,
      state,
      phase,
      occurredAt: '2026-11-24T12:00:00.000Z',
      receivedAt: '2026-11-24T12:00:00.000Z',
      via: 'webhook',
      resource: data,
      ...(related ? { related } : {}),
    });
    expect(first).not.toHaveProperty('aspect');
  });

  it('covers every event the adapter tracks', () => {
    expect(new Set(TABLE.map(([event]) => event))).toEqual(new Set(TRACKED_EVENTS));
  });

  it('live.finished with a video_id also starts the recording, linked back, as a second event', () => {
    const text = body('live.finished', { event_id: LIVE, video_id: VIDEO });
    const { events } = eventsOf(text);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({
      provider: 'kinescope',
      connection: 'main',
      account: 'main',
      eventId: `${sha256(text)}:recording`,
      eventIdSource: 'content-hash',
      type: 'live.finished',
      kind: 'media',
      id: VIDEO,
      key: mediaKey(),
      state: 'live.finished',
      phase: 'pending',
      occurredAt: '2026-11-24T12:00:00.000Z',
      receivedAt: '2026-11-24T12:00:00.000Z',
      via: 'webhook',
      related: [liveKey],
    });
  });

  it.each([[''], [null]])('live.finished with video_id %j is one event without a recording', (videoId) => {
    const { events } = eventsOf(body('live.finished', { event_id: LIVE, video_id: videoId }));
    expect(events).toHaveLength(1);
    expect(events[0]).not.toHaveProperty('related');
  });

  it('an undocumented video status is processing (never terminal), with a note for the log', () => {
    const outcome = eventsOf(body('media.update.status', { id: VIDEO, status: 'transcoding-v2' }));
    expect(outcome.events[0]).toMatchObject({ state: 'transcoding-v2', phase: 'processing' });
    expect(outcome.notes).toEqual(['unknown Kinescope video status "transcoding-v2": taken as processing']);
    expect(eventsOf(body('media.update.status', { id: VIDEO, status: 'done' }))).not.toHaveProperty('notes');
  });

  it('keeps the error message in the resource, and errorsOf reads it (with the code in it)', () => {
    const message = 'import error: code=610100, message=cannot download link: https://example.ru/test.mp4, http_code=404';
    const [event] = eventsOf(body('media.update.status', { id: VIDEO, status: 'error', message })).events;
    expect(event!.resource).toEqual({ id: VIDEO, status: 'error', message });
    expect(kinescopeAdapter.errorsOf!(event!.resource)).toEqual([{ code: '610100', message }]);
    expect(kinescopeAdapter.errorsOf!({ id: VIDEO, status: 'aborted' })).toEqual([{ message: 'video aborted' }]);
    expect(kinescopeAdapter.errorsOf!({ id: VIDEO, status: 'done' })).toEqual([]);
    expect(kinescopeAdapter.errorsOf!(undefined)).toEqual([]);
  });

  it('the same bytes give the same id; other bytes (even the same JSON) another', () => {
    const text = body('live.connected', { event_id: LIVE });
    expect(eventsOf(text).events[0]!.eventId).toBe(eventsOf(text).events[0]!.eventId);
    expect(eventsOf(JSON.stringify(JSON.parse(text), null, 2)).events[0]!.eventId).not.toBe(eventsOf(text).events[0]!.eventId);
  });

  it('keys carry the connection name as account', () => {
    const other = KinescopeConnection.parse({ name: 'eu-workspace', provider: 'kinescope', insecureNoAuth: true });
    const text = body('live.connected', { event_id: LIVE });
    const outcome = normalizeKinescope(JSON.parse(text), Buffer.from(text), { connection: other, receivedAt });
    expect(outcome).toMatchObject({ outcome: 'events', events: [{ account: 'eu-workspace', key: `kinescope:eu-workspace:live:${LIVE}` }] });
  });
});

describe('Kinescope webhooks Reelflow does not track', () => {
  it.each(['live.stream.started', 'live.viewers', 'media.deleted', 'video.created', 'ping'])('%s → ignored, with the body hash as id', (event) => {
    const text = body(event, { event_id: LIVE, id: VIDEO });
    expect(parse(text)).toEqual({ outcome: 'ignored', eventId: sha256(text), type: event, reason: `Kinescope event ${event} is not tracked` });
  });

  it('whatever its data (none, or not an object): data is only checked for tracked events', () => {
    expect(parse('{"event":"live.heartbeat"}')).toMatchObject({ outcome: 'ignored', type: 'live.heartbeat' });
    expect(parse('{"event":"live.heartbeat","data":"x"}')).toMatchObject({ outcome: 'ignored', type: 'live.heartbeat' });
  });
});

describe('Kinescope payloads that are not what Kinescope sends', () => {
  it.each<[string, string, unknown]>([
    ['not an object', '(body)', [1, 2]],
    ['no event', 'event', { data: { id: VIDEO, status: 'done' } }],
    ['an empty event', 'event', { event: '', data: {} }],
    ['no data', 'data', { event: 'media.update.status' }],
    ['a live event without data', 'data', { event: 'live.connected' }],
    ['data not an object', 'data', { event: 'media.update.status', data: 'done' }],
    ['a video without id', 'data.id', { event: 'media.update.status', data: { status: 'done' } }],
    ['a video id that could leave a path', 'data.id', { event: 'media.update.status', data: { id: '../../v1/webhooks', status: 'done' } }],
    ['a video without status', 'data.status', { event: 'media.update.status', data: { id: VIDEO } }],
    ['a status that is not printable', 'data.status', { event: 'media.update.status', data: { id: VIDEO, status: 'готово' } }],
    ['a live event without event_id', 'data.event_id', { event: 'live.connected', data: { id: LIVE } }],
    ['a live event id with a slash', 'data.event_id', { event: 'live.connected', data: { event_id: 'a/b' } }],
    ['a recording id with a slash', 'data.video_id', { event: 'live.finished', data: { event_id: LIVE, video_id: 'x/y' } }],
  ])('%s → PayloadError naming %s', (_label, field, json) => {
    expect(fieldOf(json)).toBe(field);
  });
});

describe('the test kit', () => {
  it('builds a live session that parses: created, enabled, live, a drop, back, finished with its recording', () => {
    const session = kinescopeTestKit.liveSession!(connection);
    const parsed = session.bodies.map((text) => eventsOf(text));
    expect(parsed.map((p) => p.events.map((e) => `${e.kind}:${e.state}:${e.phase}`))).toEqual([
      ['live:live.created:idle'],
      ['live:live.enabled:pending'],
      ['live:live.connected:live'],
      ['live:live.disconnected:pending'],
      ['live:live.connected:live'],
      ['live:live.finished:idle', 'media:live.finished:pending'],
    ]);
    expect(parsed.every((p) => p.events[0]!.key === session.key)).toBe(true);
    expect(parsed[5]!.events[1]!.related).toEqual([session.key]);
  });

  it('builds one sample webhook per n, each about a resource of its own', () => {
    const samples = [1, 2].map((n) => eventsOf(kinescopeTestKit.sampleWebhook!(connection, n)).events[0]!);
    expect(samples[0]!.key).not.toBe(samples[1]!.key);
    expect(samples[0]).toMatchObject({ kind: 'media', state: 'done', phase: 'ready' });
  });

  it('gives a connection entry that loads, with the connection name as account', () => {
    const { entry, account } = kinescopeTestKit.connection({ name: 'test', account: 'acct-1' });
    expect(account).toBe('test');
    expect(KinescopeConnection.safeParse(entry).success).toBe(true);
  });
});

describe('Kinescope videos under their lifecycle policy', () => {
  it('a video that comes back to a status it had moves back to it: the same bytes are news unless they repeat the latest', () => {
    const life = ResourceLifecycle.create(mediaKey(), lifecyclePolicy('media', kinescopeAdapter.policy?.('media')));
    const apply = (status: string) => life.apply(eventsOf(body('media.update.status', { id: VIDEO, status })).events[0]!).outcome;
    expect(apply('uploading')).toBe('transition');
    expect(apply('uploading')).toBe('duplicate'); // a retry
    expect(apply('suspended')).toBe('transition');
    expect(apply('uploading')).toBe('transition');
    expect(life.snapshot().state).toBe('uploading');
  });
});
