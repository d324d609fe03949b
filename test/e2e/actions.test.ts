import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { locatorNameFor } from '../../src/providers/mkio/publish';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { stateQuery } from '../../workflows/messages';
import type { VodPipelineResult } from '../../workflows/pipelines/vodPipeline';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

/** Actions and pipelines on their less happy paths, against the fake MK.IO and a real dev server. */
describe('actions and pipeline outcomes', () => {
  let fake: FakeMkio;
  let receiver: HttpRecorder;
  let stack: Stack;
  const outcomes = new Map<string, 'Finished' | 'Error' | 'Canceled'>();

  beforeAll(async () => {
    fake = await startFakeMkio({ token: 'actions', timing: { queuedMs: 30, processingMs: 150 }, outcome: (job) => outcomes.get(job.name) ?? 'Finished' });
    receiver = await startHttpRecorder((request) => (request.url.startsWith('/reject') ? { status: 400, body: { error: 'no' } } : { status: 200, body: {} }));
    stack = await startStack({
      listen: true,
      config: {
        polling: { quietFor: '300ms', maxPollInterval: '600ms', maxWait: '1m' },
        actions: {
          team: { type: 'notify.http', url: `${receiver.url}/team` },
          broken: { type: 'notify.http', url: `${receiver.url}/reject` },
          qc: { type: 'startWorkflow', workflowType: 'qcPipeline', taskQueue: unique('nobody-polls') },
        },
      },
      connection: {
        apiBaseUrl: fake.url,
        apiToken: 'actions',
        on: [{ kind: 'job', phase: 'ready', run: ['broken', 'publish', 'qc'] }],
      },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await fake.close();
    await receiver.close();
  });

  const post = (body: unknown) => stack.postWebhook(body);
  const snapshot = (key: string): Promise<ResourceSnapshot> => stack.client.workflow.getHandle(key).query(stateQuery);

  it('a failing action is shown, not fatal: the others run, startWorkflow starts one pipeline per transition', async () => {
    const job = unique('mixed');
    const finished = jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobFinished', state: 'Finished' });
    await post(finished);
    await post(finished); // a provider retry: must not start a second pipeline
    const key = `mkio:${stack.account}:job:encode/${job}`;
    const state = await eventually(async () => {
      const s = await snapshot(key);
      return s.actions.length === 3 && s.actions.every((a) => a.status !== 'running') ? s : undefined;
    });
    const byName = Object.fromEntries(state.actions.map((a) => [a.name, a]));
    expect(byName.broken).toMatchObject({ status: 'failed', detail: expect.stringMatching(/HTTP 400/) });
    expect(byName.publish).toMatchObject({ status: 'succeeded', detail: `${locatorNameFor('encode', job)} created` });
    expect(byName.qc).toMatchObject({ status: 'succeeded', detail: expect.stringMatching(/^started qcPipeline:/) });
    expect(receiver.requests.filter((r) => r.url === '/reject')).toHaveLength(1); // 4xx is not retried

    const started = stack.client.workflow.getHandle(`qcPipeline:${key}:${finished.id}:qc`);
    const description = await started.describe();
    expect(description.type).toBe('qcPipeline');
    const details = await stack.client.workflow.getHandle(key).query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(details.currentDetails).toMatch(/actions failed\*\*: broken \(.*HTTP 400/);
    await started.terminate('test done');
  });

  it('a resource the provider no longer knows (404 on poll) becomes deleted', async () => {
    const job = unique('vanished');
    await post(jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
    const state = await eventually(async () => {
      const s = await snapshot(`mkio:${stack.account}:job:encode/${job}`);
      return s.phase === 'deleted' ? s : undefined;
    });
    expect(state.transitions.at(-1)).toMatchObject({ state: 'NotFound', phase: 'deleted', via: 'poll' });
    expect(state.terminal).toBe(true);
  });

  it.each(['Error', 'Canceled'] as const)('vodPipeline on %s notifies (listing the outputs’ errors, if any) and publishes nothing', async (outcome) => {
    const id = unique(`vod-${outcome.toLowerCase()}`);
    outcomes.set(id, outcome);
    const before = fake.counters.locatorsCreated;
    const result = (await stack.client.workflow.execute('vodPipeline', {
      workflowId: id,
      taskQueue: stack.taskQueue,
      args: [{ connection: 'test', project: stack.account, transform: 'encode', inputAsset: 'in', notify: ['team'], timeout: '1 minute' }],
    })) as VodPipelineResult;
    expect(result).toMatchObject({ state: outcome, notified: ['team'] });
    expect(result.published).toBeUndefined();
    expect(fake.counters.locatorsCreated).toBe(before);
    const note = receiver.requests.find((r) => r.url === '/team' && r.headers['idempotency-key']?.toString().startsWith(id));
    const summary = JSON.parse(note!.body);
    expect(summary).toMatchObject({ type: 'reelflow.resource.transition', state: outcome, key: `mkio:${stack.account}:job:encode/${id}` });
    if (outcome === 'Error') expect(summary.errors).toEqual([expect.objectContaining({ code: expect.any(String), message: expect.any(String) })]);
    else expect(summary.errors).toBeUndefined();
  });
});
