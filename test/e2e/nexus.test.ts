import { Client, Connection, WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, NexusOperationFailure, TimeoutFailure } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { ResourceSnapshot } from '../../src/domain/snapshot';
import { fastpixTestKit } from '../../src/providers/fastpix/testKit';
import { providerModule } from '../../src/providers/registry';
import { startFakeFastpix, type FakeFastpix } from '../../src/simulators/fastpix';
import { jobCloudEvent, type JobEventType } from '../../src/simulators/mkio/cloudEvents';
import { ensureNexusEndpoint } from '../../src/temporal/nexusEndpoint';
import { stateQuery } from '../../workflows/resourceApi';
import { createTeamWorker } from '../../examples/team-pipeline/src/worker';
import { startStack, type Stack } from '../support/stack';
import { eventually, testAddress, testNativeConnection, unique } from '../support/temporal';

/**
 * Nexus service `reelflow` across namespaces: the team's example worker runs in a namespace of
 * its own (created here), Reelflow's worker (the stack) in `default`, and an endpoint created
 * here routes the team's Nexus calls to the stack's task queue. A second team worker in
 * `default` runs the same-namespace pipeline, to compare results.
 */
const TOKEN_ID = 'nexus-e2e-token';
const SECRET_KEY = 'nexus-e2e-secret';

describe('Reelflow over Nexus, from a second namespace', () => {
  let fake: FakeFastpix;
  let stack: Stack;
  let connection: Connection;
  let teamClient: Client;
  let native: NativeConnection;
  const workers: Worker[] = [];
  const runs: Promise<void>[] = [];
  const teamNamespace = unique('team-ns');
  const endpoint = unique('reelflow');
  const teamQueue = unique('team-nexus');

  beforeAll(async () => {
    fake = await startFakeFastpix({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, workspaceId: unique('ws'), timing: { processingMs: 100, readyMs: 300 } });
    const media = fastpixTestKit.connection({ name: 'media', account: fake.workspaceId });
    // Entity workflows complete a second after a terminal state: "completed long ago" is then cheap to reach.
    stack = await startStack({
      listen: true,
      config: { lifecycle: { lingerAfterTerminal: '1s' } },
      connections: [{ ...media.entry, apiBaseUrl: fake.url, accessTokenId: TOKEN_ID, secretKey: SECRET_KEY }],
    });
    providerModule('fastpix')!.simulator.connect(
      fake,
      stack.config.connections.find((c) => c.name === 'media')!,
      `${stack.url}/webhooks/fastpix/media`,
    );

    connection = await Connection.connect({ address: testAddress() });
    await connection.workflowService.registerNamespace({ namespace: teamNamespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    await eventually(() => connection.workflowService.describeNamespace({ namespace: teamNamespace }).then(() => true));
    await ensureNexusEndpoint(connection, { name: endpoint, namespace: 'default', taskQueue: stack.taskQueue });
    teamClient = new Client({ connection, namespace: teamNamespace });

    native = await testNativeConnection();
    for (const namespace of [teamNamespace, 'default']) {
      const worker = await createTeamWorker({ connection: native, namespace, taskQueue: teamQueue });
      workers.push(worker);
      runs.push(worker.run());
    }
  }, 180_000);

  afterAll(async () => {
    for (const worker of workers) worker.shutdown();
    await Promise.all(runs);
    await native?.close();
    await connection?.close();
    await stack?.stop();
    await fake?.close();
  });

  const mkioJob = (job: string, type: JobEventType, state: string) => stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 'encode', job, type, state }));
  const jobKey = (job: string) => `mkio:${stack.account}:job:encode/${job}`;
  const entityState = (key: string): Promise<ResourceSnapshot> => stack.client.workflow.getHandle(key).query(stateQuery);
  /** The caller's failure, down the chain: WorkflowFailedError → NexusOperationFailure → its cause. */
  const nexusFailure = async (run: Promise<unknown>): Promise<NexusOperationFailure> => {
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(NexusOperationFailure);
    return cause as NexusOperationFailure;
  };

  it("the example pipeline awaits an MK.IO job and a FastPix media over Nexus, with the same result as in Reelflow's namespace", async () => {
    const job = unique('encode');
    const input = {
      encode: { connection: 'test', project: stack.account, transform: 'encode', job },
      upload: { connection: 'media', workspace: fake.workspaceId, mediaId: fake.createMedia().id },
      timeout: '1 minute',
    };
    const workflowId = unique('team-nexus');
    const overNexus = teamClient.workflow.execute('teamPipelineOverNexus', { workflowId, taskQueue: teamQueue, args: [{ ...input, endpoint }] });
    // The job's events come while the pipeline already waits (its backing workflow subscribed).
    await eventually(async () => ((await entityState(jobKey(job)).catch(() => undefined))?.subscribers.length ? true : undefined), 30_000);
    expect((await mkioJob(job, 'MediaKind.JobStarted', 'Processing')).statusCode).toBe(200);
    expect((await mkioJob(job, 'MediaKind.JobFinished', 'Finished')).statusCode).toBe(200);
    const result = await overNexus;
    expect(result).toMatchObject({
      encode: { key: jobKey(job), state: 'Finished', phase: 'ready' },
      upload: { key: expect.stringMatching(new RegExp(`^fastpix:${fake.workspaceId}:media:`)), state: 'video.media.ready', phase: 'ready' },
    });
    // Both waits went through the endpoint, as operations of service `reelflow`.
    const history = await teamClient.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = history.events!.flatMap((e) => (e.nexusOperationScheduledEventAttributes ? [e.nexusOperationScheduledEventAttributes] : []));
    expect(scheduled.map((s) => [s.endpoint, s.service, s.operation])).toEqual([
      [endpoint, 'reelflow', 'awaitResource'],
      [endpoint, 'reelflow', 'awaitResource'],
    ]);

    // The same pipeline in Reelflow's own namespace (the resources have completed by now): the same result.
    const sameNamespace = await stack.client.workflow.execute('teamPipeline', { workflowId: unique('team'), taskQueue: teamQueue, args: [{ ...input, reelflowTaskQueue: stack.taskQueue }] });
    expect(sameNamespace).toEqual(result);
  });

  it("getResource answers where a resource stands (null for one Reelflow never heard of); a bad key is the caller's error", async () => {
    const job = unique('get');
    await mkioJob(job, 'MediaKind.JobStarted', 'Processing');
    const state = await teamClient.workflow.execute('resourceOverNexus', { workflowId: unique('get'), taskQueue: teamQueue, args: [jobKey(job), endpoint] });
    expect(state).toMatchObject({ key: jobKey(job), state: 'Processing', phase: 'processing', terminal: false, closed: false });
    // The status, not the entity's internals (its subscribers are workflow ids of another namespace).
    expect(state).not.toHaveProperty('subscribers');
    expect(await teamClient.workflow.execute('resourceOverNexus', { workflowId: unique('get'), taskQueue: teamQueue, args: [jobKey(unique('never')), endpoint] })).toBeNull();

    const failure = await nexusFailure(teamClient.workflow.execute('resourceOverNexus', { workflowId: unique('get'), taskQueue: teamQueue, args: ['not-a-key', endpoint] }));
    expect(failure.operation).toBe('getResource');
    expect(failure.cause?.message).toBe('handler error (BAD_REQUEST): key: not a resource key: "not-a-key"');
  });

  it('a resource that completed long ago is answered at once, by getResource and by awaitResource', async () => {
    const job = unique('done');
    await mkioJob(job, 'MediaKind.JobStarted', 'Processing');
    await mkioJob(job, 'MediaKind.JobFinished', 'Finished');
    await stack.client.workflow.getHandle(jobKey(job)).result(); // the entity workflow has completed

    const state = await teamClient.workflow.execute('resourceOverNexus', { workflowId: unique('get'), taskQueue: teamQueue, args: [jobKey(job), endpoint] });
    expect(state).toMatchObject({ key: jobKey(job), state: 'Finished', phase: 'ready', terminal: true, closed: true });

    const started = Date.now();
    const status = await teamClient.workflow.execute('awaitOverNexus', {
      workflowId: unique('await'),
      taskQueue: teamQueue,
      args: [{ key: jobKey(job), connection: 'test', timeout: '1 minute', endpoint }],
    });
    expect(status).toMatchObject({ key: jobKey(job), state: 'Finished', phase: 'ready', closed: true });
    expect(Date.now() - started).toBeLessThan(15_000); // nothing waited for: no event will ever come
  });

  it("timeouts: Reelflow's own (AwaitResourceTimeout) and the caller's bound on the operation both fail the call cleanly", async () => {
    const job = unique('slow');
    await mkioJob(job, 'MediaKind.JobStarted', 'Processing');

    const reelflowSide = await nexusFailure(
      teamClient.workflow.execute('awaitOverNexus', { workflowId: unique('await'), taskQueue: teamQueue, args: [{ key: jobKey(job), connection: 'test', timeout: '2 seconds', endpoint }] }),
    );
    expect(reelflowSide.operation).toBe('awaitResource');
    expect(reelflowSide.cause).toBeInstanceOf(ApplicationFailure);
    expect((reelflowSide.cause as ApplicationFailure).type).toBe('AwaitResourceTimeout');

    const callerSide = await nexusFailure(
      teamClient.workflow.execute('awaitOverNexus', {
        workflowId: unique('await'),
        taskQueue: teamQueue,
        args: [{ key: jobKey(job), connection: 'test', timeout: '1 minute', endpoint, operationTimeout: '3 seconds' }],
      }),
    );
    expect(callerSide.cause).toBeInstanceOf(TimeoutFailure);
  });

  it("bad input (an unknown connection) fails at once as the caller's error, starting nothing", async () => {
    const key = jobKey(unique('x'));
    const failure = await nexusFailure(
      teamClient.workflow.execute('awaitOverNexus', { workflowId: unique('await'), taskQueue: teamQueue, args: [{ key, connection: 'nope', timeout: '1 minute', endpoint }] }),
    );
    expect(failure.cause?.message).toBe('handler error (BAD_REQUEST): connection: no mkio connection named "nope"');
    await expect(stack.client.workflow.getHandle(key).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it.each([
    { name: 'until a bare phase', input: { until: 'ready', timeout: '1 minute' }, message: /^until: "terminal", a non-empty list of phases .*; got "ready"$/ },
    { name: 'an unknown phase', input: { until: ['done'], timeout: '1 minute' }, message: /^until: .*; got \["done"\]$/ },
    { name: 'a timeout that is no duration', input: { timeout: 'abc' }, message: /^timeout: a positive duration .*; got "abc"$/ },
    { name: 'no timeout', input: {}, message: /^timeout: required/ },
  ])("bad options ($name) fail at once as the caller's error naming the option, starting nothing", async ({ input, message }) => {
    const key = jobKey(unique('opt'));
    const failure = await nexusFailure(teamClient.workflow.execute('awaitOverNexus', { workflowId: unique('await'), taskQueue: teamQueue, args: [{ key, connection: 'test', endpoint, ...input }] }));
    expect(failure.cause?.message).toMatch(/^handler error \(BAD_REQUEST\): /);
    expect(failure.cause?.message.replace('handler error (BAD_REQUEST): ', '')).toMatch(message);
    await expect(stack.client.workflow.getHandle(key).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it("a key of another account than the connection's is refused, so nothing polls it with this connection's credentials", async () => {
    const key = `mkio:someone-else:job:encode/${unique('x')}`;
    const failure = await nexusFailure(
      teamClient.workflow.execute('awaitOverNexus', { workflowId: unique('await'), taskQueue: teamQueue, args: [{ key, connection: 'test', timeout: '1 minute', endpoint }] }),
    );
    expect(failure.cause?.message).toBe(`handler error (BAD_REQUEST): key: account "someone-else" is not connection test's "${stack.account}"`);
    await expect(stack.client.workflow.getHandle(key).describe()).rejects.toThrow(WorkflowNotFoundError);
  });

  it("the endpoint is ensured idempotently: created once, then unchanged, and repointed when Reelflow's queue changes", async () => {
    const name = unique('reelflow');
    const target = { name, namespace: 'default', taskQueue: unique('tq') };
    expect(await ensureNexusEndpoint(connection, target)).toBe('created');
    expect(await ensureNexusEndpoint(connection, target)).toBe('unchanged');
    expect(await ensureNexusEndpoint(connection, { ...target, taskQueue: 'moved' })).toBe('updated');
    // On a dev server another Reelflow may use, an endpoint aimed elsewhere is left alone.
    expect(await ensureNexusEndpoint(connection, { ...target, taskQueue: 'mine' }, { repoint: false })).toBe('elsewhere');
    expect(await ensureNexusEndpoint(connection, { ...target, taskQueue: 'moved' }, { repoint: false })).toBe('unchanged');
    const { endpoints } = await connection.operatorService.listNexusEndpoints({ name });
    expect(endpoints?.map((e) => e.spec?.target?.worker)).toEqual([expect.objectContaining({ namespace: 'default', taskQueue: 'moved' })]);
    await connection.operatorService.deleteNexusEndpoint({ id: endpoints![0]!.id, version: endpoints![0]!.version });
  });

  it('the caller cancels: the backing workflow is cancelled, and the entity workflow drops it at its next change', async () => {
    const job = unique('cancel');
    const key = jobKey(job);
    await mkioJob(job, 'MediaKind.JobStarted', 'Scheduled');
    const caller = await teamClient.workflow.start('awaitOverNexus', { workflowId: unique('await'), taskQueue: teamQueue, args: [{ key, connection: 'test', timeout: '1 minute', endpoint }] });
    const backingId = await eventually(async () => (await entityState(key)).subscribers.find((id) => id.startsWith(`nexus-await-${key}-`)), 30_000);
    expect((await stack.client.workflow.getHandle(backingId).describe()).status.name).toBe('RUNNING');

    await caller.cancel();
    const error = await caller.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect((error as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    await eventually(async () => ((await stack.client.workflow.getHandle(backingId).describe()).status.name === 'CANCELLED' ? true : undefined));

    // Still listed until the entity next tries to tell it something.
    expect((await entityState(key)).subscribers).toContain(backingId);
    await mkioJob(job, 'MediaKind.JobStarted', 'Processing');
    const after = await eventually(async () => {
      const s = await entityState(key);
      return s.state === 'Processing' && !s.subscribers.includes(backingId) ? s : undefined;
    });
    expect(after.subscribers).toEqual([]);
  });
});
