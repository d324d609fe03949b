import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { MediaManagerConnection } from '../../src/providers/mediamanager/connection';
import { readDate } from '../../src/providers/mediamanager/envelope';
import { mediaEventName } from '../../src/providers/mediamanager/events';
import { mediaManagerAdapter } from '../../src/providers/mediamanager';
import { normalizeMediaManager } from '../../src/providers/mediamanager/normalize';
import type { ParseOutcome } from '../../src/providers/types';
import { payloadErrorOf } from '../support/payloadError';

const connection = MediaManagerConnection.parse({ name: 'main', provider: 'mediamanager', secret: 'x' });
const receivedAt = new Date('2026-11-24T12:00:00Z');
const TOKEN = 'fa9ef782-4e41-428f-8add-8440878790ec';

const body = (event: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  event,
  data: { id: 123, token: TOKEN, team_id: 1, title: 'Q3 results', published: false, live: false, ...data },
  created_at: '2026-11-24T10:00:00.000000Z',
  ...extra,
});

function parse(json: unknown, raw = JSON.stringify(json)): ParseOutcome {
  return normalizeMediaManager(json, Buffer.from(raw), { connection, receivedAt });
}

function normalize(json: unknown, raw?: string): CanonicalEvent {
  const outcome = parse(json, raw);
  if (outcome.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(outcome)}`);
  expect(outcome.events).toHaveLength(1);
  return outcome.events[0]!;
}

const fieldOf = (json: unknown): string => payloadErrorOf(() => parse(json)).field;

const MEDIA_KEY = `mediamanager:main:media:${TOKEN}`;
const LIVE_KEY = `mediamanager:main:live:${TOKEN}`;

/**
 * Every event name of the seed page (docs.mediamanager.io/team/webhooks), its newer per-kind
 * spellings (docs-mediamanager-io.pages.dev), and the livestream variants of media events:
 * name, whether the media is a livestream → kind, key, state, phase, aspect.
 */
const TABLE: Array<[string, boolean, 'media' | 'live', string, string, string | undefined]> = [
  ['media.created', false, 'media', 'media.created', 'pending', undefined],
  ['media.created', true, 'live', 'media.created', 'idle', undefined],
  ['media.upload.completed', false, 'media', 'media.upload.completed', 'ready', undefined],
  ['media.upload.failed', false, 'media', 'media.upload.failed', 'failed', undefined],
  ['media.published', false, 'media', 'published', 'ready', 'publication'],
  ['media.published', true, 'live', 'published', 'ready', 'publication'],
  ['media.unpublished', false, 'media', 'unpublished', 'idle', 'publication'],
  ['media.unpublished', true, 'live', 'unpublished', 'idle', 'publication'],
  ['media.updated', false, 'media', 'media.updated', 'ready', 'metadata'],
  ['media.updated', true, 'live', 'media.updated', 'ready', 'metadata'],
  ['media.deleted', false, 'media', 'media.deleted', 'deleted', undefined],
  ['media.deleted', true, 'live', 'media.deleted', 'deleted', undefined],
  ['media.restored', false, 'media', 'media.restored', 'ready', undefined],
  ['media.restored', true, 'live', 'media.restored', 'idle', undefined],
  ['media.master.ready', false, 'media', 'media.master.ready', 'ready', 'master'],
  ['media.master.failed', false, 'media', 'media.master.failed', 'failed', 'master'],
  ['livestream.enabled', true, 'live', 'livestream.enabled', 'pending', undefined],
  ['livestream.disabled', true, 'live', 'livestream.disabled', 'idle', undefined],
  ['livestream.started', true, 'live', 'livestream.started', 'live', undefined],
  ['livestream.idle', true, 'live', 'livestream.idle', 'idle', undefined],
  // A livestream.* event is about a livestream even if its body does not say `live: true`.
  ['livestream.started', false, 'live', 'livestream.started', 'live', undefined],
  // Newer names: video.* / audio.* mean media.*; the name as sent stays the state.
  ['video.created', false, 'media', 'video.created', 'pending', undefined],
  ['audio.created', false, 'media', 'audio.created', 'pending', undefined],
  ['video.created', true, 'live', 'video.created', 'idle', undefined],
  ['video.upload.completed', false, 'media', 'video.upload.completed', 'ready', undefined],
  ['audio.upload.completed', false, 'media', 'audio.upload.completed', 'ready', undefined],
  ['video.upload.failed', false, 'media', 'video.upload.failed', 'failed', undefined],
  ['video.published', false, 'media', 'published', 'ready', 'publication'],
  ['video.unpublished', false, 'media', 'unpublished', 'idle', 'publication'],
  ['video.updated', false, 'media', 'video.updated', 'ready', 'metadata'],
  ['video.deleted', false, 'media', 'video.deleted', 'deleted', undefined],
  ['video.restored', false, 'media', 'video.restored', 'ready', undefined],
  ['video.static_rendition.ready', false, 'media', 'video.static_rendition.ready', 'ready', 'static-rendition'],
  ['video.static_rendition.created', false, 'media', 'video.static_rendition.created', 'ready', 'static-rendition'],
  ['video.static_rendition.failed', false, 'media', 'video.static_rendition.failed', 'failed', 'static-rendition'],
  ['media.static_renditions.failed', false, 'media', 'media.static_renditions.failed', 'failed', 'static-rendition'],
];

describe('Media Manager events → canonical events', () => {
  it.each(TABLE)('%s (live: %s) → %s, state %s, phase %s, aspect %s', (event, live, kind, state, phase, aspect) => {
    const json = body(event, { live });
    const canonical = normalize(json);
    expect(canonical).toEqual({
      provider: 'mediamanager',
      connection: 'main',
      account: 'main',
      eventId: `sha256:${createHash('sha256').update(JSON.stringify(json)).digest('hex')}`,
      eventIdSource: 'content-hash',
      type: event,
      key: kind === 'live' ? LIVE_KEY : MEDIA_KEY,
      kind,
      id: TOKEN,
      state,
      phase,
      ...(aspect !== undefined ? { aspect } : {}),
      occurredAt: '2026-11-24T10:00:00.000Z',
      receivedAt: '2026-11-24T12:00:00.000Z',
      via: 'webhook',
      resource: json.data,
    });
  });

  it('covers every event name of the seed page', () => {
    const documented = [
      'media.created',
      'media.upload.completed',
      'media.upload.failed',
      'media.published',
      'media.unpublished',
      'media.updated',
      'media.deleted',
      'media.restored',
      'media.master.ready',
      'media.master.failed',
      'livestream.enabled',
      'livestream.disabled',
      'livestream.started',
      'livestream.idle',
    ];
    expect(documented.filter((name) => !TABLE.some(([event]) => event === name))).toEqual([]);
  });

  it.each(['media.something.new', 'livestream.deleted', 'video.mediaAI.summary.ready', 'webhook.test', 'media', 'Media.Created'])(
    'answers the valid but untracked %s as ignored (no media object needed)',
    (event) => {
      const json = { event, created_at: '2026-11-24T10:00:00Z' };
      expect(parse(json)).toEqual({
        outcome: 'ignored',
        eventId: `sha256:${createHash('sha256').update(JSON.stringify(json)).digest('hex')}`,
        type: event,
        reason: `Media Manager event ${event} is not tracked`,
      });
    },
  );

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'media.__proto__'])('"%s" is untracked, never a crash', (event) => {
    expect(parse(body(event)).outcome).toBe('ignored');
  });

  it('normalizes only the prefix of newer names', () => {
    expect(mediaEventName('video.upload.completed')).toBe('media.upload.completed');
    expect(mediaEventName('audio.master.ready')).toBe('media.master.ready');
    expect(mediaEventName('livestream.started')).toBe('livestream.started');
    expect(mediaEventName('xvideo.created')).toBe('xvideo.created');
  });
});

describe('the payload is not public: lenient reading', () => {
  it.each([
    ['type', { type: 'media.upload.completed' }],
    ['webhook', { webhook: 'media.upload.completed' }],
  ])('takes the name from %s when there is no event', (_field, name) => {
    const { event: _e, ...rest } = body('media.upload.completed');
    expect(normalize({ ...rest, ...name }).phase).toBe('ready');
  });

  it('prefers event over type (a body may also carry type: "video")', () => {
    expect(normalize({ ...body('media.upload.completed'), type: 'video' }).type).toBe('media.upload.completed');
  });

  it.each(['payload', 'media'])('takes the media from %s when there is no data', (field) => {
    const { data, ...rest } = body('media.upload.completed');
    expect(normalize({ ...rest, [field]: data }).key).toBe(MEDIA_KEY);
  });

  it('keys on data.id (as a string) when there is no token', () => {
    const json = body('media.upload.completed', { token: undefined, id: 123 });
    expect(normalize(json)).toMatchObject({ id: '123', key: 'mediamanager:main:media:123' });
    expect(normalize(body('media.upload.completed', { token: null, id: '77' })).id).toBe('77');
    expect(normalize(body('media.upload.completed', { token: '', id: 78 })).id).toBe('78');
  });

  it.each([
    ['id', 'evt-1', 'evt-1'],
    ['uuid', '6c1f0d8e-1b1b-4b8a-9c1d-2a2a2a2a2a2a', '6c1f0d8e-1b1b-4b8a-9c1d-2a2a2a2a2a2a'],
    ['event_id', 42, '42'],
  ])('uses a top-level %s as the event id when present', (field, value, expected) => {
    expect(normalize({ ...body('media.upload.completed'), [field]: value })).toMatchObject({ eventId: expected, eventIdSource: 'provider' });
  });

  it('hashes the exact raw bytes when there is no event id: a re-serialized body is another id', () => {
    const json = body('media.upload.completed');
    const compact = normalize(json, JSON.stringify(json));
    const pretty = normalize(json, JSON.stringify(json, null, 2));
    expect(compact.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pretty.eventId).not.toBe(compact.eventId);
  });

  it.each([
    ['created_at', { created_at: '2026-11-24T10:00:00.123456Z' }, '2026-11-24T10:00:00.123Z'],
    ['created_at in Laravel Y-m-d H:i:s (UTC)', { created_at: '2026-11-24 10:00:00' }, '2026-11-24T10:00:00.000Z'],
    ['created_at with an offset', { created_at: '2026-11-24T11:00:00+01:00' }, '2026-11-24T10:00:00.000Z'],
    ['timestamp in Unix seconds', { created_at: undefined, timestamp: 1795514400 }, '2026-11-24T10:00:00.000Z'],
    ['timestamp in Unix milliseconds, as a string', { created_at: undefined, timestamp: '1795514400000' }, '2026-11-24T10:00:00.000Z'],
    ['data.updated_at', { created_at: undefined, data: { token: TOKEN, updated_at: '2026-11-24T09:00:00Z' } }, '2026-11-24T09:00:00.000Z'],
    ['receivedAt when no date is sent', { created_at: undefined }, '2026-11-24T12:00:00.000Z'],
  ])('dates the event from %s', (_source, extra, occurredAt) => {
    expect(normalize({ ...body('media.upload.completed'), ...extra }).occurredAt).toBe(occurredAt);
  });

  it('passes an unreadable date over with a note instead of refusing the event', () => {
    const outcome = parse({ ...body('media.upload.completed'), created_at: 'yesterday', timestamp: 1795514400 });
    expect(outcome).toMatchObject({ outcome: 'events', events: [{ occurredAt: '2026-11-24T10:00:00.000Z' }], notes: [expect.stringContaining('created_at: unreadable date')] });
  });

  it.each([true, 1, '1', 'true'])('reads live: %j as a livestream', (live) => {
    expect(normalize(body('media.created', { live })).kind).toBe('live');
  });

  it.each([false, 0, '0', null, undefined])('reads live: %j as a media', (live) => {
    expect(normalize(body('media.created', { live })).kind).toBe('media');
  });

  it('reads dates leniently and refuses nonsense', () => {
    expect(readDate('2026-11-24T10:00:00Z')?.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(readDate(1e20)).toBeUndefined();
    expect(readDate('not a date')).toBeUndefined();
    expect(readDate({})).toBeUndefined();
  });
});

describe('malformed Media Manager bodies name the field', () => {
  it.each([
    ['(body)', [1, 2]],
    ['(body)', 'media.created'],
    ['event', { data: { token: TOKEN } }],
    ['event', { event: '', data: { token: TOKEN } }],
    ['event', { event: 42, data: { token: TOKEN } }],
    ['type', { type: { name: 'media.created' }, data: { token: TOKEN } }],
    ['data', { event: 'media.created' }],
    ['data', { event: 'media.created', data: 'abc' }],
    ['payload', { event: 'media.created', payload: [1] }],
    ['data.token', { event: 'media.created', data: { title: 'x' } }],
    ['payload.token', { event: 'media.created', payload: { title: 'x' } }],
    ['data.token', { event: 'media.created', data: { token: '../../admin' } }],
    ['data.token', { event: 'media.created', data: { token: 'a:b' } }],
    ['data.id', { event: 'media.created', data: { id: -1 } }],
    ['id', { event: 'media.created', id: { x: 1 }, data: { token: TOKEN } }],
  ])('%s', (field, json) => {
    expect(fieldOf(json)).toBe(field);
  });

  it('an id the canonical event cannot hold is named as the platform names it', () => {
    // The ingress checks every canonical event and names the failing field through payloadFields.
    expect(mediaManagerAdapter.payloadFields).toMatchObject({ eventId: 'id', type: 'event', occurredAt: 'created_at', id: 'data.token' });
  });
});
