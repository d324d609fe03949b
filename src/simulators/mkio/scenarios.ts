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

/** MK.IO's API as a team's code calls it: Bearer token, JSON bodies. */
async function call(context: Context, method: string, path: string, body?: unknown): Promise<unknown> {
  const answer = await fetch(`${context.fakeUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${context.options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`the fake MK.IO answered ${method} ${path} with HTTP ${answer.status}`);
  return answer.status === 204 || answer.status === 202 ? undefined : answer.json();
}

/**
 * One live channel through the API the connection polls: start → stop → start (which fails:
 * ChannelInstanceError) → stop. On the Live API the failure is UnableToStart and the stop winds it
 * down with ChannelInstanceStopped; the Media API has no error state, so its failed start already
 * reads Stopped and Reelflow learns the end by polling.
 */
async function liveSession(context: Context, n: number): Promise<ScenarioExpectation> {
  const project = context.connection.project!;
  const api = context.connection.liveApi ?? 'media';
  const name = `sim-${Date.now().toString(36)}-live-${n}`;
  const path = api === 'media' ? `/api/v1/projects/${project}/media/liveEvents/${name}` : `/api/v1/projects/${project}/live/${api}/${name}`;
  const stateNow = async () => ((await call(context, 'GET', `${path}/state`)) as { status?: { state?: string } }).status?.state;
  const reach = async (what: string, test: (state: string | undefined) => boolean) => {
    if (!(await waitUntil(async () => test(await stateNow()), 60_000, 100))) throw new Error(`live ${name} on the fake MK.IO never became ${what}`);
  };
  const steer = (to: 'Running' | 'Stopped') => (api === 'media' ? call(context, 'POST', `${path}/${to === 'Running' ? 'start' : 'stop'}`) : call(context, 'PATCH', path, { spec: { state: to } }));

  await call(
    context,
    'PUT',
    path,
    api === 'media'
      ? { properties: { encoding: { encodingType: 'PassthroughBasic' }, input: { streamingProtocol: 'RTMP' } } }
      : { metadata: { displayName: `Reelflow simulate ${n}` }, spec: { state: 'Stopped', inputs: [], outputs: [], transform: { type: 'LiveChannel', assetName: `${name}-archive` } } },
  );
  await steer('Running');
  await reach('Running', (state) => state === 'Running');
  await steer('Stopped');
  await reach('Stopped', (state) => state === 'Stopped');
  await call(context, 'POST', `/_fake/projects/${project}/live/${name}/fail-next-start`);
  await steer('Running');
  await reach('failed to start', (state) => state !== 'Starting' && state !== 'Running');
  await steer('Stopped');
  await reach('Stopped', (state) => state === 'Stopped');
  context.log(`live ${name} (${api === 'media' ? 'Media API' : `Live API ${api}`}): started, stopped, failed to start, stopped`);
  return { key: resourceKey({ provider: 'mkio', account: project, kind: 'live', id: name }), label: `live ${name}`, phase: 'idle' };
}

export const mkioScenarios: Partial<Record<ScenarioName, Scenario<MkioConnection, FakeMkioSettings>>> = {
  'vod-happy': (context) => createJobs(context, 'Finished'),
  'vod-error': (context) => createJobs(context, 'Error'),
  'live-session': (context) => Promise.all(Array.from({ length: context.count }, (_, i) => liveSession(context, i + 1))),
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
