import { CanonicalEvent } from '../../src/domain/canonicalEvent';
import type { Kind, ProviderPhase as Phase } from '../../src/domain/phase';
import { FastpixConnection } from '../../src/providers/fastpix/connection';
import { FASTPIX_MEDIA_AI, FASTPIX_TRANSFORMS } from '../../src/providers/fastpix/eventTypes';
import { normalizeFastpix } from '../../src/providers/fastpix/normalize';
import type { ParseOutcome } from '../../src/providers/types';
import { payloadErrorOf } from '../support/payloadError';

const WS = '6dc2b4e0-0615-42fd-a580-1f4aad932dfe';
const MEDIA = 'cfeec1a3-6cbd-40df-a425-2ed7f8f72ced';
const STREAM = '61a264dcc447b63da6fb79ef925cd76d';
const TRACK = '8a1d5b7e-5c8e-4d2f-9c1a-3b6e7f0a2d4c';
const SIMULCAST = 'f2e4a6c8b0d2e4f6a8c0e2d4f6b8a0c2';
const AT = '2026-01-15T10:21:33.000Z';
const RECEIVED = new Date('2026-01-15T12:00:00.000Z');

const connection = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: 'c2VjcmV0', workspace: WS });
const open = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: 'c2VjcmV0' });

const mediaKey = `fastpix:${WS}:media:${MEDIA}`;
const liveKey = `fastpix:${WS}:live:${STREAM}`;
const simulcastKey = `fastpix:${WS}:simulcast-target:${STREAM}/${SIMULCAST}`;

/** An envelope as the SDK models it; `data` is the entity. */
function envelope(type: string, object: { type: string; id: string } | undefined, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type, id: 'evt-1', ...(object ? { object } : {}), workspace: { id: WS, name: 'Development' }, status: 'ready', data, createdAt: AT, attempts: [], ...extra };
}
const media = (type: string) => envelope(type, { type: 'media', id: MEDIA }, { id: MEDIA, workspaceId: WS, status: 'Ready' });
const live = (type: string, status = 'idle') => envelope(type, { type: 'live-stream', id: STREAM }, { streamId: STREAM, status, reconnectWindow: 60 });
const track = (type: string) => envelope(type, { type: 'track', id: TRACK }, { id: TRACK, mediaId: MEDIA, type: 'audio' });
const simulcast = (type: string, status?: string) => envelope(type, { type: 'simulcast-target', id: SIMULCAST }, { simulcastId: SIMULCAST, streamId: STREAM, ...(status ? { status } : {}) });

function parse(json: unknown, conn = connection): ParseOutcome {
  return normalizeFastpix(json, { connection: conn, receivedAt: RECEIVED });
}

function events(json: unknown, conn = connection): CanonicalEvent[] {
  const outcome = parse(json, conn);
  if (outcome.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(outcome)}`);
  // Whatever the adapter made, it must pass the ingress's own check.
  for (const event of outcome.events) expect(CanonicalEvent.safeParse(event).success).toBe(true);
  return outcome.events;
}

const fieldOf = (json: unknown, conn = connection): string => payloadErrorOf(() => parse(json, conn)).field;

interface Row {
  kind: Kind;
  key: string;
  phase: Phase;
  aspect?: string;
  related?: string[];
}

/** One row per event name of the seed page (and providers.md): type → kind, key, phase, aspect/related; state is the type. */
const TABLE: Array<[type: string, json: unknown, expected: Row]> = [
  // Media
  ['video.media.created', media('video.media.created'), { kind: 'media', key: mediaKey, phase: 'pending' }],
  ['video.media.upload', media('video.media.upload'), { kind: 'media', key: mediaKey, phase: 'pending' }],
  ['video.upload.media_created', media('video.upload.media_created'), { kind: 'media', key: mediaKey, phase: 'pending' }],
  ['video.media.ready', media('video.media.ready'), { kind: 'media', key: mediaKey, phase: 'ready' }],
  ['video.media.failed', media('video.media.failed'), { kind: 'media', key: mediaKey, phase: 'failed' }],
  ['video.media.upload.cancelled', media('video.media.upload.cancelled'), { kind: 'media', key: mediaKey, phase: 'canceled' }],
  ['video.media.deleted', media('video.media.deleted'), { kind: 'media', key: mediaKey, phase: 'deleted' }],
  ['video.media.updated', media('video.media.updated'), { kind: 'media', key: mediaKey, phase: 'ready', aspect: 'metadata' }],
  // Transforms
  ...FASTPIX_TRANSFORMS.map((name): [string, unknown, Row] => [`video.media.${name}.ready`, media(`video.media.${name}.ready`), { kind: 'media', key: mediaKey, phase: 'ready', aspect: name }]),
  ['video.media.source.deleted', media('video.media.source.deleted'), { kind: 'media', key: mediaKey, phase: 'deleted', aspect: 'source' }],
  // Tracks
  ['video.media.track.created', track('video.media.track.created'), { kind: 'media', key: mediaKey, phase: 'pending', aspect: `track:${TRACK}` }],
  ['video.media.track.ready', track('video.media.track.ready'), { kind: 'media', key: mediaKey, phase: 'ready', aspect: `track:${TRACK}` }],
  ['video.media.track.failed', track('video.media.track.failed'), { kind: 'media', key: mediaKey, phase: 'failed', aspect: `track:${TRACK}` }],
  ['video.media.track.updated', track('video.media.track.updated'), { kind: 'media', key: mediaKey, phase: 'ready', aspect: `track:${TRACK}` }],
  ['video.media.track.deleted', track('video.media.track.deleted'), { kind: 'media', key: mediaKey, phase: 'deleted', aspect: `track:${TRACK}` }],
  // In-video AI
  ...FASTPIX_MEDIA_AI.map((name): [string, unknown, Row] => [
    `video.mediaAI.${name}.ready`,
    media(`video.mediaAI.${name}.ready`),
    { kind: 'media', key: mediaKey, phase: 'ready', aspect: `mediaAI.${name}` },
  ]),
  // Live streams
  ['video.live_stream.created', live('video.live_stream.created'), { kind: 'live', key: liveKey, phase: 'idle' }],
  ['video.live_stream.preparing', live('video.live_stream.preparing', 'preparing'), { kind: 'live', key: liveKey, phase: 'pending' }],
  ['video.live_stream.connected', live('video.live_stream.connected', 'preparing'), { kind: 'live', key: liveKey, phase: 'pending' }],
  ['video.live_stream.recording', live('video.live_stream.recording', 'preparing'), { kind: 'live', key: liveKey, phase: 'live' }],
  ['video.live_stream.active', live('video.live_stream.active', 'active'), { kind: 'live', key: liveKey, phase: 'live' }],
  ['video.live_stream.disconnected', live('video.live_stream.disconnected', 'active'), { kind: 'live', key: liveKey, phase: 'pending' }],
  ['video.live_stream.idle', live('video.live_stream.idle'), { kind: 'live', key: liveKey, phase: 'idle' }],
  ['video.live_stream.disabled', live('video.live_stream.disabled', 'disabled'), { kind: 'live', key: liveKey, phase: 'idle' }],
  ['video.live_stream.enabled', live('video.live_stream.enabled'), { kind: 'live', key: liveKey, phase: 'idle' }],
  ['video.live_stream.updated', live('video.live_stream.updated'), { kind: 'live', key: liveKey, phase: 'ready', aspect: 'metadata' }],
  ['video.live_stream.deleted', live('video.live_stream.deleted'), { kind: 'live', key: liveKey, phase: 'deleted' }],
  // Simulcast targets
  ['video.live_stream.simulcast_target.created', simulcast('video.live_stream.simulcast_target.created', 'idle'), { kind: 'simulcast-target', key: simulcastKey, phase: 'idle', related: [liveKey] }],
  [
    'video.live_stream.simulcast_target.updated',
    simulcast('video.live_stream.simulcast_target.updated', 'broadcasting'),
    { kind: 'simulcast-target', key: simulcastKey, phase: 'live', related: [liveKey] },
  ],
  [
    'video.live_stream.simulcast_target.updated',
    simulcast('video.live_stream.simulcast_target.updated', 'starting'),
    { kind: 'simulcast-target', key: simulcastKey, phase: 'pending', related: [liveKey] },
  ],
  [
    'video.live_stream.simulcast_target.updated',
    simulcast('video.live_stream.simulcast_target.updated', 'failed'),
    { kind: 'simulcast-target', key: simulcastKey, phase: 'failed', related: [liveKey] },
  ],
  ['video.live_stream.simulcast_target.updated', simulcast('video.live_stream.simulcast_target.updated', 'idle'), { kind: 'simulcast-target', key: simulcastKey, phase: 'idle', related: [liveKey] }],
  ['video.live_stream.simulcast_target.deleted', simulcast('video.live_stream.simulcast_target.deleted'), { kind: 'simulcast-target', key: simulcastKey, phase: 'deleted', related: [liveKey] }],
];

describe('FastPix events → canonical events (one row per event name)', () => {
  it.each(TABLE)('%s', (type, json, expected) => {
    const [event, ...more] = events(json);
    expect(more).toEqual([]);
    expect(event).toEqual({
      provider: 'fastpix',
      connection: 'main',
      account: WS,
      eventId: 'evt-1',
      type,
      state: type,
      occurredAt: AT,
      receivedAt: RECEIVED.toISOString(),
      via: 'webhook',
      eventIdSource: 'provider',
      id: expected.key.split(':').at(-1),
      ...expected,
      ...(expected.aspect === undefined ? { resource: (json as { data: unknown }).data } : {}),
    });
  });

  it('covers every name of the seed page', () => {
    const seed = [
      ...['created', 'upload', 'ready', 'failed', 'deleted', 'updated', 'live_stream.created', 'upload.cancelled'].map((s) => `video.media.${s}`),
      'video.upload.media_created',
      ...['intro', 'outro', 'expunge', 'splicing', 'imposeAudio', 'swapAudio', 'watermark', 'optimize_audio', 'mp4Support', 'subtitle.generated'].map((s) => `video.media.${s}.ready`),
      ...['created', 'ready', 'failed'].map((s) => `video.media.track.${s}`),
      ...['chapters', 'namedEntities', 'summary', 'moderation'].map((s) => `video.mediaAI.${s}.ready`),
      ...['created', 'preparing', 'connected', 'recording', 'active', 'disconnected', 'idle', 'updated', 'deleted'].map((s) => `video.live_stream.${s}`),
      ...['created', 'deleted', 'updated'].map((s) => `video.live_stream.simulcast_target.${s}`),
    ];
    const covered = new Set([...TABLE.map(([type]) => type), 'video.media.live_stream.created']);
    expect(seed.filter((type) => !covered.has(type))).toEqual([]);
  });

  it('video.media.live_stream.created → the recording media (pending) and its live stream (aspect recording), linked both ways', () => {
    const json = envelope('video.media.live_stream.created', { type: 'media', id: MEDIA }, { id: MEDIA, status: 'Processing', liveStreamId: STREAM });
    const [recording, stream] = events(json);
    expect(recording).toMatchObject({ kind: 'media', key: mediaKey, state: 'video.media.live_stream.created', phase: 'pending', related: [liveKey], eventId: 'evt-1' });
    expect(recording!.aspect).toBeUndefined();
    expect(stream).toMatchObject({ kind: 'live', key: liveKey, state: 'video.media.live_stream.created', phase: 'ready', aspect: 'recording', related: [mediaKey], eventId: 'evt-1:live' });
  });

  it.each([
    ['data.streamId', { id: MEDIA, streamId: STREAM }],
    ['data.liveStream.id', { id: MEDIA, liveStream: { id: STREAM } }],
  ])('finds the recorded live stream in %s', (_field, data) => {
    expect(events(envelope('video.media.live_stream.created', { type: 'media', id: MEDIA }, data))[1]!.key).toBe(liveKey);
  });

  it('keeps a live stream’s broadcast credentials (streamKey, srtSecret) out of the canonical event', () => {
    const json = envelope('video.live_stream.active', { type: 'live-stream', id: STREAM }, { streamId: STREAM, status: 'active', streamKey: 'sk-secret', srtSecret: 'srt-secret' });
    const [event] = events(json);
    expect(event!.resource).toEqual({ streamId: STREAM, status: 'active' });
    expect(JSON.stringify(event)).not.toMatch(/sk-secret|srt-secret/);
  });

  it('refuses a recording that names no live stream', () => {
    expect(fieldOf(envelope('video.media.live_stream.created', { type: 'media', id: MEDIA }, { id: MEDIA }))).toBe('data.liveStreamId');
  });
});

describe('FastPix envelope variants', () => {
  it('takes the resource from data.id, then data.streamId, when object is missing', () => {
    expect(events(envelope('video.media.ready', undefined, { id: MEDIA }))[0]!.key).toBe(mediaKey);
    expect(events(envelope('video.live_stream.active', undefined, { streamId: STREAM }))[0]!.key).toBe(liveKey);
  });

  it('reads `environment`, `object.name` and `created_at` like their other spellings', () => {
    const json = { type: 'video.media.ready', id: 'evt-2', object: { name: 'media', id: MEDIA }, environment: { id: WS, name: 'Production' }, data: { id: MEDIA }, created_at: AT };
    expect(events(json)[0]).toMatchObject({ key: mediaKey, account: WS, occurredAt: AT });
  });

  it('accepts createdAt as epoch seconds or milliseconds, and falls back to the time received', () => {
    const seconds = Date.parse(AT) / 1000;
    expect(events({ ...media('video.media.ready'), createdAt: seconds })[0]!.occurredAt).toBe(AT);
    expect(events({ ...media('video.media.ready'), createdAt: seconds * 1000 })[0]!.occurredAt).toBe(AT);
    expect(events({ ...media('video.media.ready'), createdAt: undefined })[0]!.occurredAt).toBe(RECEIVED.toISOString());
  });

  it('takes the account from the connection (its workspace, else its name) when the event names none', () => {
    const bare = { ...media('video.media.ready'), workspace: undefined };
    expect(events(bare)[0]!.account).toBe(WS);
    expect(events(bare, open)[0]!.key).toBe(`fastpix:main:media:${MEDIA}`);
  });

  it('takes any workspace when the connection pins none', () => {
    const other = { ...media('video.media.ready'), workspace: { id: 'ws-other', name: 'Other' } };
    expect(events(other, open)[0]!.key).toBe(`fastpix:ws-other:media:${MEDIA}`);
  });

  it('tolerates null optional fields', () => {
    expect(events({ ...media('video.media.ready'), status: null, attempts: null, environment: null, created_at: null })[0]!.phase).toBe('ready');
  });
});

describe('FastPix track ids', () => {
  it('object = track: the media is data.mediaId', () => {
    expect(events(track('video.media.track.ready'))[0]).toMatchObject({ key: mediaKey, aspect: `track:${TRACK}` });
  });

  it('object = media: the track is data.trackId', () => {
    const json = envelope('video.media.track.ready', { type: 'media', id: MEDIA }, { id: MEDIA, trackId: TRACK });
    expect(events(json)[0]).toMatchObject({ key: mediaKey, aspect: `track:${TRACK}` });
  });

  it('no object: data is the track, data.mediaId its media', () => {
    expect(events(envelope('video.media.track.created', undefined, { id: TRACK, mediaId: MEDIA }))[0]).toMatchObject({ key: mediaKey, aspect: `track:${TRACK}` });
  });

  it('refuses an event whose one id cannot be both the media and the track', () => {
    expect(fieldOf(envelope('video.media.track.ready', { type: 'media', id: MEDIA }, { id: MEDIA }))).toBe('data.trackId');
    expect(fieldOf(envelope('video.media.track.ready', { type: 'track', id: TRACK }, { id: TRACK }))).toBe('data.mediaId');
  });
});

describe('FastPix simulcast targets', () => {
  it('a live-stream object is the stream, data.simulcastId the target', () => {
    const json = envelope('video.live_stream.simulcast_target.updated', { type: 'live-stream', id: STREAM }, { simulcastId: SIMULCAST, status: 'broadcasting' });
    expect(events(json)[0]).toMatchObject({ key: simulcastKey, phase: 'live', related: [liveKey] });
  });

  it('notes a status FastPix never documented, and takes it as idle', () => {
    const outcome = parse(simulcast('video.live_stream.simulcast_target.updated', 'errored'));
    expect(outcome).toMatchObject({ outcome: 'events', events: [{ phase: 'idle' }], notes: [expect.stringContaining('"errored"')] });
  });

  it('refuses a target without its live stream', () => {
    expect(fieldOf(envelope('video.live_stream.simulcast_target.deleted', { type: 'simulcast-target', id: SIMULCAST }, {}))).toBe('data.streamId');
  });
});

describe('FastPix types Reelflow does not track', () => {
  it.each([
    'video.live_stream.srt_detected',
    'video.mediaAI.translation.ready',
    'video.media.track.renamed',
    'video.live_stream.simulcast_target.broadcasting',
    'video.live_stream.constructor',
    'video.media.__proto__',
    'video.media.<img src=x>.ready',
    'video.media.s\u00e9quence.ready',
    'payout.paid',
  ])('%s → ignored', (type) => {
    expect(parse(media(type))).toEqual({ outcome: 'ignored', eventId: 'evt-1', type, reason: `FastPix event type ${type} is not tracked` });
  });

  it('an ignored type needs no workspace check (it says nothing about this workspace)', () => {
    expect(parse({ ...media('payout.paid'), workspace: { id: 'ws-other' } }).outcome).toBe('ignored');
  });

  it('a new transform `video.media.<x>.ready` is taken as an aspect, with a note', () => {
    const outcome = parse(media('video.media.upscale.ready'));
    expect(outcome).toMatchObject({ outcome: 'events', events: [{ aspect: 'upscale', phase: 'ready' }], notes: [expect.stringContaining('upscale')] });
  });
});

describe('malformed FastPix envelopes name the field', () => {
  it.each([
    ['type', (j: Record<string, any>) => delete j.type],
    ['type', (j: Record<string, any>) => (j.type = 42)],
    ['id', (j: Record<string, any>) => delete j.id],
    ['id', (j: Record<string, any>) => (j.id = '')],
    ['object.id', (j: Record<string, any>) => ((j.object.id = '../../v1/live/streams/x'), (j.data.id = undefined))],
    ['object.id', (j: Record<string, any>) => ((j.object = undefined), (j.data = {}))],
    ['data.id', (j: Record<string, any>) => ((j.object = undefined), (j.data.id = 'a b'))],
    ['data.id', (j: Record<string, any>) => (j.data.id = 42)],
    ['createdAt', (j: Record<string, any>) => (j.createdAt = 'yesterday')],
    ['workspace.id', (j: Record<string, any>) => (j.workspace.id = 'ws:evil')],
    ['workspace', (j: Record<string, any>) => (j.workspace = 'ws')],
  ])('%s', (field, breakIt) => {
    const json = media('video.media.ready') as Record<string, any>;
    breakIt(json);
    expect(fieldOf(json)).toBe(field);
  });

  it('(body) when the JSON is not an object', () => {
    expect(fieldOf([1, 2])).toBe('(body)');
    expect(fieldOf('video.media.ready')).toBe('(body)');
  });

  it('refuses an event of another workspace than the connection’s, naming the field it came from', () => {
    const other = { ...media('video.media.ready'), workspace: { id: 'ws-other', name: 'Other' } };
    expect(() => parse(other)).toThrow(/workspace.id: workspace "ws-other" is not this connection's workspace/);
    const viaEnvironment = { ...media('video.media.ready'), workspace: undefined, environment: { id: 'ws-other' } };
    expect(fieldOf(viaEnvironment)).toBe('environment.id');
  });
});
