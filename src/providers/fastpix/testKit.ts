import { randomUUID } from 'node:crypto';
import type { ResourceKey } from '../../domain/resourceKey';
import { resourceKey } from '../../domain/resourceKey';
import { fastpixEvent, type FastpixObjectType } from '../../simulators/fastpix/events';
import { liveStreamResource, type LiveStreamRecord } from '../../simulators/fastpix/liveStreams';
import { mediaResource, type MediaRecord } from '../../simulators/fastpix/media';
import type { ProviderTestKit } from '../types';
import type { FastpixConnection } from './connection';
import { fastpixWebhookHeaders } from './signature';

/** The live stream and recording of the test kit's session: the SDK docs' own example ids. */
const SESSION_STREAM = '61a264dcc447b63da6fb79ef925cd76d';
const SESSION_RECORDING = 'a1d1acdd-8f4e-4add-b498-6b398cf349d9';
const SESSION_START = Date.parse('2026-01-15T10:00:00Z');

const accountOf = (connection: FastpixConnection): string => connection.workspace ?? connection.name;

/**
 * One live session as FastPix delivers it: created; the encoder connects (live); it drops and is
 * back inside the 60 s reconnect window; it stops; the window passes (idle) and the recording
 * becomes a media (linked both ways) that gets ready; the stream is deleted. Fixed ids and
 * times, so a recorded history of it is the same every time.
 */
function liveSession(connection: FastpixConnection): { key: ResourceKey; bodies: string[] } {
  const workspace = { id: accountOf(connection), name: 'Reelflow test' };
  const stream: LiveStreamRecord = {
    streamId: SESSION_STREAM,
    streamKey: '0f4e8b6c2a9d4b1e8c7f6a5d4e3b2c1a',
    srtSecret: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d',
    workspaceId: workspace.id,
    status: 'idle',
    createdAt: new Date(SESSION_START).toISOString(),
    reconnectWindowMs: 60_000,
    enableRecording: true,
    metadata: { livestream_name: 'reelflow-test-session' },
    playbackIds: [{ id: '68b7ac0f-2504-4dd5-b7b4-d84ab4fee1bd', accessPolicy: 'public' }],
    encoder: 'none',
    recordings: [],
  };
  const recording: MediaRecord = {
    id: SESSION_RECORDING,
    workspaceId: workspace.id,
    status: 'Processing',
    createdAt: '',
    updatedAt: '',
    inputs: [{ type: 'video', url: `fastpix://live/${SESSION_STREAM}` }],
    metadata: stream.metadata,
    accessPolicy: 'public',
    playbackIds: [{ id: '6ba85f64-5717-4562-b3fc-2c963f66afa6', accessPolicy: 'public' }],
    liveStreamId: SESSION_STREAM,
  };
  const bodies: string[] = [];
  let seconds = 0;
  const emit = (type: string, objectType: FastpixObjectType, id: string, data: Record<string, unknown>, after: number) => {
    seconds += after;
    const at = new Date(SESSION_START + seconds * 1000).toISOString();
    const n = String(bodies.length + 1).padStart(12, '0');
    bodies.push(JSON.stringify(fastpixEvent({ type, object: { type: objectType, id }, workspace, data, id: `5e55104e-0000-4000-8000-${n}`, createdAt: at })));
  };
  const live = (type: string, status: LiveStreamRecord['status'], after: number) => {
    stream.status = status;
    emit(`video.live_stream.${type}`, 'live-stream', SESSION_STREAM, liveStreamResource(stream), after);
  };
  const media = (type: string, status: MediaRecord['status'], after: number) => {
    recording.status = status;
    recording.createdAt ||= new Date(SESSION_START + (seconds + after) * 1000).toISOString();
    recording.updatedAt = new Date(SESSION_START + (seconds + after) * 1000).toISOString();
    emit(type, 'media', SESSION_RECORDING, mediaResource(recording), after);
  };
  live('created', 'idle', 0);
  live('preparing', 'preparing', 60);
  live('connected', 'preparing', 1);
  live('recording', 'preparing', 1);
  live('active', 'active', 2);
  live('disconnected', 'active', 600);
  live('connected', 'active', 20);
  live('active', 'active', 1);
  live('disconnected', 'active', 900);
  live('idle', 'idle', 60);
  media('video.media.live_stream.created', 'Processing', 1);
  media('video.media.ready', 'Ready', 90);
  live('deleted', 'idle', 3600);
  return { key: resourceKey({ provider: 'fastpix', account: workspace.id, kind: 'live', id: SESSION_STREAM }), bodies };
}

/** A `video.media.created` for media number `n` of the connection's workspace: one new resource per n. */
function sampleWebhook(connection: FastpixConnection, n: number): string {
  const id = `b3e1c2d4-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const now = new Date().toISOString();
  const media: MediaRecord = {
    id,
    workspaceId: accountOf(connection),
    status: 'Created',
    createdAt: now,
    updatedAt: now,
    inputs: [{ type: 'video', url: 'https://static.fastpix.com/fp-sample-video.mp4' }],
    metadata: {},
    accessPolicy: 'public',
    playbackIds: [{ id: randomUUID(), accessPolicy: 'public' }],
  };
  return JSON.stringify(fastpixEvent({ type: 'video.media.created', object: { type: 'media', id }, workspace: { id: accountOf(connection), name: 'Reelflow bench' }, data: mediaResource(media) }));
}

/**
 * FastPix signs every delivery with the workspace's signing secret (`FastPix-Signature`); the test
 * connection pins its workspace (the account) so that events of another one are refused.
 */
export const fastpixTestKit: ProviderTestKit<FastpixConnection> = {
  connection: ({ name, account }) => ({
    entry: { name, provider: 'fastpix', workspace: account, signingSecret: Buffer.from(`reelflow-test-signing-secret-${account}`).toString('base64') },
    account,
  }),
  sign: (connection, body) => ({ body, headers: fastpixWebhookHeaders(body, connection.signingSecret[0]!, connection.signingSecretEncoding) }),
  liveSession,
  sampleWebhook,
};
