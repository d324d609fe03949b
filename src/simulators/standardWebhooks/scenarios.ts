import { resourceKey } from '../../domain/resourceKey';
import { fixedAccountOf } from '../../providers/mapping/connectionFields';
import { mapEvent } from '../../providers/mapping/mapEvent';
import type { StandardWebhooksConnection } from '../../providers/standardWebhooks/connection';
import type { Scenario, ScenarioContext, ScenarioExpectation, ScenarioName } from '../../providers/types';
import type { FakeVideoSaasSettings } from './settings';
import { FAIL_WORD, videoWebhookBody, type SaasVideo } from './videos';

type Context = ScenarioContext<StandardWebhooksConnection, FakeVideoSaasSettings>;

async function createVideo(context: Context, title: string, sourceUrl: string): Promise<SaasVideo> {
  const answer = await fetch(`${context.fakeUrl}/videos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, sourceUrl }) });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`the fake SaaS answered ${answer.status} to POST /videos: ${text.slice(0, 200)}`);
  return JSON.parse(text) as SaasVideo;
}

/** The resource key the connection's own mapping makes of the video's webhooks. */
function keyOf(context: Context, video: SaasVideo): string {
  const mapped = mapEvent(videoWebhookBody(video), context.connection.mapping);
  if (mapped.outcome !== 'mapped') throw new Error(`the connection's mapping does not track the SaaS's videos: ${mapped.reason}`);
  const account = mapped.account ?? fixedAccountOf(context.connection) ?? context.connection.name;
  return resourceKey({ provider: 'standard-webhooks', account, kind: mapped.kind, id: mapped.id });
}

/** Uploads `count` videos through the SaaS's API, as a customer's code would. */
async function upload(context: Context, outcome: 'ready' | 'failed'): Promise<ScenarioExpectation[]> {
  const run = Date.now().toString(36);
  const expectations: ScenarioExpectation[] = [];
  for (let i = 1; i <= context.count; i++) {
    const title = `sim-${run}-${i}`;
    const video = await createVideo(context, title, `https://uploads.example.com/${outcome === 'failed' ? `${FAIL_WORD}-` : ''}${title}.mp4`);
    expectations.push({ key: keyOf(context, video), label: `video ${title}`, phase: outcome });
  }
  context.log(`uploaded ${context.count} video(s) to the fake SaaS; its webhooks are signed the Standard Webhooks way`);
  return expectations;
}

export const videoSaasScenarios: Partial<Record<ScenarioName, Scenario<StandardWebhooksConnection, FakeVideoSaasSettings>>> = {
  'vod-happy': (context) => upload(context, 'ready'),
  'vod-error': (context) => upload(context, 'failed'),
};
