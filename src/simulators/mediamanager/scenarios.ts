import { resourceKey } from '../../domain/resourceKey';
import type { MediaManagerConnection } from '../../providers/mediamanager/connection';
import type { Scenario, ScenarioContext, ScenarioExpectation, ScenarioName } from '../../providers/types';
import { dropWebhooks, sleep, waitUntil } from '../kit/scenarioTools';
import type { MediaRecord, MediaResource } from './media';
import { API_PREFIX } from './routes';
import { FAIL_WORD } from './service';
import type { FakeMediaManagerSettings } from './settings';

type Context = ScenarioContext<MediaManagerConnection, FakeMediaManagerSettings>;

/** `reelflow simulate` hands the fake's root; the test harness its API base: both lead to the root. */
const rootOf = (fakeUrl: string) => fakeUrl.replace(/\/api\/v1\/?$/, '');

/** One call to the fake over HTTP (scenarios run in another process): the API with the token, `/_fake/*` without. */
async function call<T>(context: Context, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const fakeOnly = path.startsWith('/_fake/');
  const answer = await fetch(`${rootOf(context.fakeUrl)}${fakeOnly ? '' : API_PREFIX}${path}`, {
    method,
    headers: { ...(fakeOnly ? {} : { authorization: `Bearer ${context.options.apiToken}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`the fake Media Manager answered ${answer.status} to ${method} ${path}: ${text.slice(0, 200)}`);
  return (text ? (JSON.parse(text) as { data: T }).data : undefined) as T;
}

/** The whole record, uncached (`/_fake/media`): the cached list must stay untouched for Reelflow's polls. */
const recordOf = (context: Context, token: string) => call<MediaRecord>(context, 'GET', `/_fake/media/${token}`);

const keyOf = (context: Context, kind: 'media' | 'live', token: string) => resourceKey({ provider: 'mediamanager', account: context.connection.name, kind, id: token });

/** Uploads `count` media through the fake's API, as a team's code would. */
async function uploadMedia(context: Context, outcome: 'ready' | 'failed'): Promise<ScenarioExpectation[]> {
  const run = Date.now().toString(36);
  const expectations: ScenarioExpectation[] = [];
  for (let i = 1; i <= context.count; i++) {
    const title = `sim-${run}-${i}`;
    const sourceUrl = `https://uploads.example.com/${outcome === 'failed' ? `${FAIL_WORD}-` : ''}${title}.mp4`;
    const media = await call<MediaResource>(context, 'POST', '/media', { title, source_url: sourceUrl, auto_publish: true });
    expectations.push({ key: keyOf(context, 'media', media.token), label: `media ${title}`, phase: outcome });
  }
  context.log(`uploaded ${context.count} media to the fake Media Manager (team ${context.options.teamId}), to end ${outcome === 'ready' ? 'published' : 'media.upload.failed'}`);
  return expectations;
}

const tokenOf = (expectation: ScenarioExpectation) => expectation.key.split(':').pop()!;

/**
 * One livestream's session: enabled → encoder on (started) → a drop shorter than the idle window
 * (Media Manager says nothing) → back (started) → encoder off → idle after idleAfterMs → deleted.
 * Media Manager has no recording event, so no recording is linked.
 */
async function liveSession(context: Context, title: string): Promise<ScenarioExpectation> {
  const pause = Math.max(20, Math.min(300, Math.floor(context.options.idleAfterMs / 4)));
  const stream = await call<MediaResource>(context, 'POST', '/media', { title, live: true });
  const token = stream.token;
  await call(context, 'POST', `/media/${token}/enable`);
  await call(context, 'POST', `/_fake/livestreams/${token}/start`);
  await sleep(pause);
  await call(context, 'POST', `/_fake/livestreams/${token}/stop`);
  await sleep(pause);
  await call(context, 'POST', `/_fake/livestreams/${token}/start`);
  await sleep(pause);
  await call(context, 'POST', `/_fake/livestreams/${token}/stop`);
  const idle = await waitUntil(async () => (await recordOf(context, token)).stream === 'idle', context.options.idleAfterMs + 60_000, 100);
  if (!idle) throw new Error(`livestream ${title} did not turn idle on the fake Media Manager`);
  await call(context, 'DELETE', `/media/${token}`);
  return { key: keyOf(context, 'live', token), label: `livestream ${title}`, phase: 'deleted' };
}

export const mediaManagerScenarios: Partial<Record<ScenarioName, Scenario<MediaManagerConnection, FakeMediaManagerSettings>>> = {
  'vod-happy': (context) => uploadMedia(context, 'ready'),
  'vod-error': (context) => uploadMedia(context, 'failed'),
  'live-session': async (context) => {
    const run = Date.now().toString(36);
    const sessions = await Promise.all(Array.from({ length: context.count }, (_, i) => liveSession(context, `sim-live-${run}-${i + 1}`)));
    context.log(`ran ${context.count} livestream session(s) on the fake Media Manager; each ends deleted (undoable for 14 days, so its workflow stays open)`);
    return sessions;
  },
  // Reelflow hears media.created; every later webhook is lost, so only polling (every ≥ 60 s) finds them published.
  'lost-webhooks': async (context) => {
    const expectations = await uploadMedia(context, 'ready');
    const restore = await dropWebhooks(rootOf(context.fakeUrl));
    try {
      const published = await waitUntil(async () => (await Promise.all(expectations.map(async (e) => (await recordOf(context, tokenOf(e))).published))).every(Boolean), 5 * 60_000, 200);
      if (!published) throw new Error('the media were not published on the fake Media Manager in time');
      context.log('the media were published on the fake Media Manager and their webhooks lost: Reelflow finds out by polling (no faster than every 60 s)');
      return expectations;
    } finally {
      await restore();
    }
  },
};
