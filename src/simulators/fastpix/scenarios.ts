import { resourceKey } from '../../domain/resourceKey';
import type { FastpixConnection } from '../../providers/fastpix/connection';
import type { Scenario, ScenarioContext, ScenarioExpectation, ScenarioName } from '../../providers/types';
import { dropWebhooks, sleep, waitUntil } from '../kit/scenarioTools';
import type { LiveStreamResource } from './liveStreams';
import type { MediaResource } from './media';
import type { FakeFastpixSettings } from './module';

type Context = ScenarioContext<FastpixConnection, FakeFastpixSettings>;

const SAMPLE_VIDEO = 'https://static.fastpix.com/fp-sample-video.mp4';
/** FastPix fails a media whose input cannot be fetched; the fake fails any input URL containing "fail". */
const BROKEN_VIDEO = 'https://example.com/fail/missing-video.mp4';
const TERMINAL = new Set(['Ready', 'Failed']);

/** FastPix's API as a team's code calls it: HTTP Basic, `{ success, data }` answers. */
async function call<T>(context: Context, method: string, path: string, body?: unknown): Promise<T | undefined> {
  const basic = Buffer.from(`${context.options.accessTokenId}:${context.options.secretKey}`).toString('base64');
  const response = await fetch(`${context.fakeUrl}${path}`, {
    method,
    headers: { authorization: `Basic ${basic}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => undefined)) as { data?: T; error?: { message?: string } } | undefined;
  if (response.status === 404 && method === 'GET') return undefined;
  if (!response.ok) throw new Error(`the fake FastPix answered ${method} ${path} with HTTP ${response.status} ${answer?.error?.message ?? ''}`);
  return answer?.data;
}

const mediaKey = (account: string, id: string) => resourceKey({ provider: 'fastpix', account, kind: 'media', id });
const liveKey = (account: string, id: string) => resourceKey({ provider: 'fastpix', account, kind: 'live', id });

/** Pulls media from URLs through the fake's real API, as a team's code would on FastPix. */
async function createMedia(context: Context, url: string, phase: 'ready' | 'failed'): Promise<ScenarioExpectation[]> {
  const expectations: ScenarioExpectation[] = [];
  for (let i = 1; i <= context.count; i++) {
    const media = await call<MediaResource>(context, 'POST', '/v1/on-demand', { inputs: [{ type: 'video', url }], metadata: { source: 'reelflow-simulate' }, accessPolicy: 'public' });
    if (!media) throw new Error('the fake FastPix created a media without answering its data');
    expectations.push({ key: mediaKey(media.workspaceId, media.id), label: `media ${media.id.slice(0, 8)}`, phase });
  }
  context.log(`created ${context.count} media on the fake FastPix (workspace ${context.options.workspaceId}) from ${url}`);
  return expectations;
}

const idOf = (key: string) => key.split(':').at(-1)!;

/** Whether every media on the fake has a status that passes `test`. */
async function mediaIn(context: Context, expectations: ScenarioExpectation[], test: (status: string) => boolean): Promise<boolean> {
  const statuses = await Promise.all(expectations.map(async ({ key }) => (await call<MediaResource>(context, 'GET', `/v1/on-demand/${idOf(key)}`))?.status));
  return statuses.every((status) => status !== undefined && test(status));
}

const encoder = (context: Context, streamId: string, action: 'connect' | 'disconnect') => call(context, 'POST', `/_fake/live/streams/${streamId}/${action}`);

/** The recording FastPix made of a stream's session: the media carrying its `liveStreamId`. */
async function recordingOf(context: Context, streamId: string): Promise<MediaResource | undefined> {
  const recent = (await call<MediaResource[]>(context, 'GET', '/v1/on-demand?limit=50')) ?? [];
  return recent.find((media) => (media as { liveStreamId?: string }).liveStreamId === streamId);
}

async function readyRecording(context: Context, streamId: string, timeoutMs: number): Promise<MediaResource> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const recording = await recordingOf(context, streamId);
    if (recording?.status === 'Ready') return recording;
    await sleep(250);
  }
  throw new Error(`the fake FastPix made no ready recording of live stream ${streamId} within ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * One broadcast: create a stream, the encoder connects (live), drops and comes back inside the
 * reconnect window, then stops for good; after the window the session ends (idle) and its
 * recording becomes a media; once that is ready the stream is deleted.
 */
async function broadcast(context: Context, n: number): Promise<ScenarioExpectation[]> {
  const account = context.options.workspaceId;
  const stream = await call<LiveStreamResource>(context, 'POST', '/v1/live/streams', {
    playbackSettings: { accessPolicy: 'public' },
    inputMediaSettings: { maxResolution: '1080p', metadata: { livestream_name: `reelflow-simulate-${n}` } },
  });
  if (!stream) throw new Error('the fake FastPix created a live stream without answering its data');
  const { streamId } = stream;
  const windowMs = stream.reconnectWindow * 1000;
  const isActive = async () => (await call<LiveStreamResource>(context, 'GET', `/v1/live/streams/${streamId}`))?.status === 'active';

  await encoder(context, streamId, 'connect');
  await waitUntil(isActive, 30_000, 100);
  await sleep(500);
  await encoder(context, streamId, 'disconnect');
  await sleep(Math.min(300, windowMs / 4)); // back well inside the reconnect window
  await encoder(context, streamId, 'connect');
  await sleep(500);
  await encoder(context, streamId, 'disconnect');
  context.log(`live stream ${streamId}: live, dropped, back, stopped; the session ends after its ${windowMs / 1000} s reconnect window`);

  const recording = await readyRecording(context, streamId, windowMs + 5 * 60_000);
  await call(context, 'DELETE', `/v1/live/streams/${streamId}`);
  context.log(`live stream ${streamId}: recording ${recording.id} is ready; the stream is deleted`);

  const live = liveKey(account, streamId);
  const media = mediaKey(account, recording.id);
  return [
    { key: live, label: `live stream ${streamId.slice(0, 8)}`, phase: 'deleted', related: [media] },
    { key: media, label: `recording ${recording.id.slice(0, 8)}`, phase: 'ready', related: [live] },
  ];
}

export const fastpixScenarios: Partial<Record<ScenarioName, Scenario<FastpixConnection, FakeFastpixSettings>>> = {
  'vod-happy': (context) => createMedia(context, SAMPLE_VIDEO, 'ready'),
  'vod-error': (context) => createMedia(context, BROKEN_VIDEO, 'failed'),
  // `video.media.created` goes out with the POST; every later webhook is lost, so only polling finds the end.
  'lost-webhooks': async (context) => {
    const expectations = await createMedia(context, SAMPLE_VIDEO, 'ready');
    const restore = await dropWebhooks(context.fakeUrl);
    try {
      await waitUntil(() => mediaIn(context, expectations, (status) => TERMINAL.has(status)), 5 * 60_000);
      context.log('the media became ready on the fake FastPix and their video.media.ready webhooks were lost: Reelflow finds out by polling');
      return expectations;
    } finally {
      await restore();
    }
  },
  'live-session': async (context) => (await Promise.all(Array.from({ length: context.count }, (_, i) => broadcast(context, i + 1)))).flat(),
};
