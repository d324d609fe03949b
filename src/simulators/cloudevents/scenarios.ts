import type { CloudEventsConnection } from '../../providers/cloudevents/connection';
import { fixedAccountOf } from '../../providers/mapping/connectionFields';
import { mapEvent } from '../../providers/mapping/mapEvent';
import { resourceKey } from '../../domain/resourceKey';
import type { Scenario, ScenarioContext, ScenarioExpectation, ScenarioName } from '../../providers/types';
import { jobCloudEvent } from './cloudEvents';
import { FAIL_WORD, type TranscodeJob } from './jobs';
import type { FakeTranscoderSettings } from './settings';

type Context = ScenarioContext<CloudEventsConnection, FakeTranscoderSettings>;

async function createJob(context: Context, input: string): Promise<TranscodeJob> {
  const answer = await fetch(`${context.fakeUrl}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input }) });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`the fake transcoder answered ${answer.status} to POST /jobs: ${text.slice(0, 200)}`);
  return JSON.parse(text) as TranscodeJob;
}

/** The resource key the connection's own mapping makes of the job's events (its kind is the mapping's to say). */
function keyOf(context: Context, job: TranscodeJob): string {
  const mapped = mapEvent(jobCloudEvent(job, context.options.source), context.connection.mapping);
  if (mapped.outcome !== 'mapped') throw new Error(`the connection's mapping does not track the transcoder's jobs: ${mapped.reason}`);
  const account = mapped.account ?? fixedAccountOf(context.connection) ?? context.connection.name;
  return resourceKey({ provider: 'cloudevents', account, kind: mapped.kind, id: mapped.id });
}

/** Submits `count` jobs through the transcoder's API, as a customer's code would. */
async function transcode(context: Context, outcome: 'ready' | 'failed'): Promise<ScenarioExpectation[]> {
  const run = Date.now().toString(36);
  const expectations: ScenarioExpectation[] = [];
  for (let i = 1; i <= context.count; i++) {
    const input = `https://uploads.example.com/${outcome === 'failed' ? `${FAIL_WORD}-` : ''}sim-${run}-${i}.mov`;
    const job = await createJob(context, input);
    expectations.push({ key: keyOf(context, job), label: `job ${job.id.slice(0, 12)}`, phase: outcome });
  }
  context.log(`submitted ${context.count} job(s) to the fake transcoder; its CloudEvents go out in ${context.options.mode} mode`);
  return expectations;
}

export const transcoderScenarios: Partial<Record<ScenarioName, Scenario<CloudEventsConnection, FakeTranscoderSettings>>> = {
  'vod-happy': (context) => transcode(context, 'ready'),
  'vod-error': (context) => transcode(context, 'failed'),
};
