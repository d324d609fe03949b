import { parseResourceKey, resourceKey } from '../../domain/resourceKey';
import type { MkioConnection } from '../../providers/mkio/connection';
import type { Scenario, ScenarioContext, ScenarioExpectation, ScenarioName } from '../../providers/types';
import { dropWebhooks, waitUntil } from '../kit/scenarioTools';
import { FAKE_OUTCOME, type JobOutcome } from './jobs';
import type { FakeMkioSettings } from './module';

type Context = ScenarioContext<MkioConnection, FakeMkioSettings>;
const TRANSFORM = 'encode-h264';
const PHASE = { Finished: 'ready', Error: 'failed', Canceled: 'canceled' } as const;

/** Creates jobs through the fake's real API, as a team's code would on MK.IO. */
async function createJobs(context: Context, outcome: JobOutcome): Promise<ScenarioExpectation[]> {
  const project = context.connection.project!;
  const run = Date.now().toString(36);
  const expectations: ScenarioExpectation[] = [];
  for (let i = 1; i <= context.count; i++) {
    const job = `sim-${run}-${i}`;
    const answer = await fetch(`${context.fakeUrl}/api/v1/projects/${project}/media/transforms/${TRANSFORM}/jobs/${job}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${context.options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { input: { assetName: `${job}-input` }, outputs: [{ assetName: `${job}-output` }], correlationData: { [FAKE_OUTCOME]: outcome } } }),
    });
    if (!answer.ok) throw new Error(`creating job ${job} on the fake MK.IO failed: HTTP ${answer.status}`);
    expectations.push({ key: resourceKey({ provider: 'mkio', account: project, kind: 'job', id: `${TRANSFORM}/${job}` }), label: `job ${job}`, phase: PHASE[outcome] });
  }
  context.log(`created ${context.count} job(s) on the fake MK.IO (project ${project}, transform ${TRANSFORM}), to end ${outcome}`);
  return expectations;
}

const TERMINAL = new Set(['Finished', 'Error', 'Canceled']);

/** Whether every job's state on the fake passes `test`. */
async function jobsIn(context: Context, expectations: ScenarioExpectation[], test: (state: string) => boolean): Promise<boolean> {
  const project = context.connection.project!;
  const states = await Promise.all(
    expectations.map(async ({ key }) => {
      const [transform, job] = parseResourceKey(key).id.split('/');
      const answer = await fetch(`${context.fakeUrl}/api/v1/projects/${project}/media/transforms/${transform}/jobs/${job}/state`, {
        headers: { authorization: `Bearer ${context.options.token}` },
      });
      return ((await answer.json()) as { status?: { state?: string } }).status?.state;
    }),
  );
  return states.every((state) => state !== undefined && test(state));
}

export const mkioScenarios: Partial<Record<ScenarioName, Scenario<MkioConnection, FakeMkioSettings>>> = {
  'vod-happy': (context) => createJobs(context, 'Finished'),
  'vod-error': (context) => createJobs(context, 'Error'),
  // Reelflow hears that the jobs started; every later webhook is lost, so only polling finds their end.
  'lost-webhooks': async (context) => {
    const expectations = await createJobs(context, 'Finished');
    await waitUntil(() => jobsIn(context, expectations, (state) => state !== 'Queued'), 60_000, 100);
    const restore = await dropWebhooks(context.fakeUrl);
    try {
      await waitUntil(() => jobsIn(context, expectations, (state) => TERMINAL.has(state)), 5 * 60_000);
      context.log('the jobs ended on the fake MK.IO and their JobFinished webhooks were lost: Reelflow finds out by polling');
      return expectations;
    } finally {
      await restore();
    }
  },
};
