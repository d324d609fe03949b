import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

/** After a resource's workflow has lingered and completed, late news must not bring it back empty. */
describe('a resource whose lifecycle has completed', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { lifecycle: { lingerAfterTerminal: '500ms' } } });
  });
  afterAll(async () => stack.stop());

  const post = (body: unknown) => stack.postWebhook(body);

  async function finishedJob() {
    const job = unique('done');
    const key = `mkio:${stack.account}:job:encode/${job}`;
    const finished = jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobFinished', state: 'Finished' });
    expect((await post(finished)).json()).toMatchObject({ status: 'accepted' });
    await stack.client.workflow.getHandle(key).result();
    return { job, key, finished };
  }

  it('answers a late event `ignored` and starts no new run', async () => {
    const { job, key, finished } = await finishedJob();
    const late = await post({ ...finished, id: unique('late') });
    expect(late.statusCode).toBe(200);
    expect(late.json()).toMatchObject({ status: 'ignored', reason: expect.stringContaining('already completed') });
    const stale = await post(jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
    expect(stale.json()).toMatchObject({ status: 'ignored' });
    expect((await stack.client.workflow.getHandle(key).describe()).status.name).toBe('COMPLETED');
  });

  it('awaitResource resolves with its final status, or fails at once if that is not what it awaits', async () => {
    const { key } = await finishedJob();
    const status = await stack.client.workflow.execute('awaitResourceState', {
      workflowId: unique('await-closed'),
      taskQueue: stack.taskQueue,
      args: [key, { connection: 'test', until: 'terminal', timeout: '30 seconds' }],
    });
    expect(status).toMatchObject({ key, state: 'Finished', phase: 'ready', closed: true });

    const started = Date.now();
    const never = stack.client.workflow.execute('awaitResourceState', {
      workflowId: unique('await-closed-other'),
      taskQueue: stack.taskQueue,
      args: [key, { connection: 'test', until: ['deleted'], timeout: '1 minute' }],
    });
    await expect(never).rejects.toMatchObject({ cause: { type: 'AwaitResourceClosed' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('tells a pipeline still waiting, when the resource completes without reaching its state', async () => {
    const job = unique('waiting');
    const key = `mkio:${stack.account}:job:encode/${job}`;
    await post(jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
    const waiting = stack.client.workflow.execute('awaitResourceState', {
      workflowId: unique('await-deleted'),
      taskQueue: stack.taskQueue,
      args: [key, { connection: 'test', until: ['deleted'], timeout: '1 minute' }],
    });
    await eventually(async () => ((await stack.client.workflow.getHandle(key).describe()).status.name === 'RUNNING' ? true : undefined));
    await post(jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobFinished', state: 'Finished' }));
    await expect(waiting).rejects.toMatchObject({ cause: { type: 'AwaitResourceClosed' } });
  });

  it('awaitResource on a malformed key fails at once', async () => {
    const run = stack.client.workflow.execute('awaitResourceState', {
      workflowId: unique('await-bad-key'),
      taskQueue: stack.taskQueue,
      args: ['mkio:acme:jobs:t/j', { connection: 'test', timeout: '1 minute' }],
    });
    await expect(run).rejects.toMatchObject({ cause: { type: 'InvalidResourceKey' } });
  });

  it('refuses a hostile state (too long for a search attribute) with a 400 naming the field', async () => {
    const answer = await post(jobCloudEvent({ project: stack.account, transform: 'encode', job: unique('long'), type: 'MediaKind.JobStarted', state: 'P'.repeat(3000) }));
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_payload', field: 'data.state' });
  });
});
