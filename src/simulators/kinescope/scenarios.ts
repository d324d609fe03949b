import type { KinescopeConnection } from '../../providers/kinescope/connection';
import { liveEventKey, videoKey } from '../../providers/kinescope/keys';
import type { Scenario, ScenarioContext, ScenarioExpectation, ScenarioName } from '../../providers/types';
import { dropWebhooks, sleep, waitUntil } from '../kit/scenarioTools';
import type { FakeKinescopeSettings } from './module';

type Context = ScenarioContext<KinescopeConnection, FakeKinescopeSettings>;
const FIVE_MINUTES = 5 * 60_000;

/** One call to the fake's API (or its `/_fake` encoder), as a team's code would make it on Kinescope. */
async function call<T>(context: Context, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await fetch(`${context.fakeUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${context.options.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`fake Kinescope ${method} ${path} answered ${answer.status}: ${text.slice(0, 200)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const statusOf = async (context: Context, videoId: string): Promise<string | undefined> => (await call<{ data?: { status?: string } }>(context, 'GET', `/v1/videos/${videoId}`)).data?.status;

const allDone = async (context: Context, videoIds: string[], statuses: ReadonlySet<string>): Promise<boolean> =>
  (await Promise.all(videoIds.map((id) => statusOf(context, id)))).every((status) => status !== undefined && statuses.has(status));

/** Uploads by URL; the fake fails any URL containing "fail", as Kinescope fails a link it cannot download. */
async function uploadVideos(context: Context, outcome: 'done' | 'error'): Promise<{ ids: string[]; expectations: ScenarioExpectation[] }> {
  const run = Date.now().toString(36);
  const ids: string[] = [];
  const expectations: ScenarioExpectation[] = [];
  for (let i = 1; i <= context.count; i++) {
    const title = `sim-${run}-${i}`;
    const url = `https://media.example.com/${outcome === 'error' ? 'fail-' : ''}${title}.mp4`;
    const { data } = await call<{ data: { id: string } }>(context, 'POST', '/v1/videos', { title, url });
    ids.push(data.id);
    expectations.push({ key: videoKey(context.connection.name, data.id), label: `video ${title}`, phase: outcome === 'done' ? 'ready' : 'failed' });
  }
  context.log(`uploaded ${context.count} video(s) to the fake Kinescope, to end ${outcome}`);
  return { ids, expectations };
}

/**
 * One live session, as a streamer and a team's code make it: create → enable → the encoder
 * connects → drops → reconnects → complete (a recording) → the recording is done → delete.
 * Kinescope sends nothing for the deletion: Reelflow finds it by polling (a 404).
 */
async function liveSession(context: Context, n: number): Promise<ScenarioExpectation[]> {
  const pause = () => sleep(context.options.timing.stepMs ?? 500);
  const name = `sim-live-${Date.now().toString(36)}-${n}`;
  const { data: created } = await call<{ data: { id: string } }>(context, 'POST', '/v2/live/events', { name, type: 'one-time' });
  const id = created.id;
  const steps: Array<[string, string]> = [
    ['PUT', `/v2/live/events/${id}/enable`],
    ['POST', `/_fake/live/events/${id}/connect`],
    ['POST', `/_fake/live/events/${id}/disconnect`],
    ['POST', `/_fake/live/events/${id}/connect`],
    ['PUT', `/v2/live/events/${id}/complete`],
  ];
  for (const [method, path] of steps) {
    await pause();
    await call(context, method, path);
  }
  const { data: recordings } = await call<{ data: Array<{ id: string }> }>(context, 'GET', `/v2/live/events/${id}/videos`);
  const recording = recordings[0]?.id;
  if (!recording) throw new Error(`the fake Kinescope made no recording for live event ${id}`);
  context.log(`live event ${name}: created, enabled, connected, dropped, reconnected, finished; recording ${recording}`);
  if (!(await waitUntil(() => allDone(context, [recording], new Set(['done'])), FIVE_MINUTES, 250))) {
    throw new Error(`the recording ${recording} did not finish on the fake Kinescope`);
  }
  await call(context, 'DELETE', `/v2/live/events/${id}`);
  context.log(`live event ${name} deleted (no webhook: Reelflow learns it by polling)`);
  const live = liveEventKey(context.connection.name, id);
  const media = videoKey(context.connection.name, recording);
  return [
    { key: live, label: `live event ${name}`, phase: 'deleted', related: [media] },
    { key: media, label: `recording of ${name}`, phase: 'ready', related: [live] },
  ];
}

export const kinescopeScenarios: Partial<Record<ScenarioName, Scenario<KinescopeConnection, FakeKinescopeSettings>>> = {
  'vod-happy': async (context) => (await uploadVideos(context, 'done')).expectations,
  'vod-error': async (context) => (await uploadVideos(context, 'error')).expectations,
  'live-session': async (context) => (await Promise.all(Array.from({ length: context.count }, (_, i) => liveSession(context, i + 1)))).flat(),
  // Each video's first webhook (pending, sent as it is created) arrives; every later one is lost, so only polling finds the end.
  'lost-webhooks': async (context) => {
    const { ids, expectations } = await uploadVideos(context, 'done');
    const restore = await dropWebhooks(context.fakeUrl);
    try {
      if (!(await waitUntil(() => allDone(context, ids, new Set(['done'])), FIVE_MINUTES))) throw new Error('the videos did not finish on the fake Kinescope');
      context.log('the videos finished on the fake Kinescope and their later webhooks were lost: Reelflow finds out by polling');
      return expectations;
    } finally {
      await restore();
    }
  },
};
