import path from 'node:path';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { fastpixTestKit } from '../../src/providers/fastpix/testKit';
import { providerModule } from '../../src/providers/registry';
import { getResourceState, startAwaitResource } from '../../src/sdk/client';
import { startFakeFastpix, type FakeFastpix } from '../../src/simulators/fastpix';
import { jobCloudEvent, type JobEventType } from '../../src/simulators/mkio/cloudEvents';
import * as teamActivities from '../../examples/team-pipeline/src/activities';
import { createTeamWorker } from '../../examples/team-pipeline/src/worker';
import { typecheckProject } from '../support/packageInstall';
import { startStack, type Stack } from '../support/stack';
import { testNativeConnection, unique } from '../support/temporal';

/**
 * A team's pipeline outside Reelflow's source tree (examples/team-pipeline): its own worker on
 * its own task queue, its workflows bundled from there with `reelflow/workflow` resolved through
 * node_modules and package.json `exports`, as a user's install does. Beside it, Reelflow's worker
 * (the stack) with an MK.IO connection `test` and a FastPix connection `media` on a fake FastPix.
 */
const EXAMPLE = path.resolve(__dirname, '../../examples/team-pipeline');
const TOKEN_ID = 'team-e2e-token';
const SECRET_KEY = 'team-e2e-secret';

describe('a team pipeline in its own project', () => {
  let fake: FakeFastpix;
  let stack: Stack;
  let teamConnection: NativeConnection;
  let teamWorker: Worker;
  let teamRun: Promise<void>;
  const teamQueue = unique('team-pipeline');

  beforeAll(async () => {
    fake = await startFakeFastpix({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, workspaceId: unique('ws'), timing: { processingMs: 100, readyMs: 300 } });
    const media = fastpixTestKit.connection({ name: 'media', account: fake.workspaceId });
    // Entity workflows complete soon after a terminal state: the client reads those from their result.
    stack = await startStack({
      listen: true,
      config: { lifecycle: { lingerAfterTerminal: '1s' } },
      connections: [{ ...media.entry, apiBaseUrl: fake.url, accessTokenId: TOKEN_ID, secretKey: SECRET_KEY }],
    });
    const mediaConnection = stack.config.connections.find((c) => c.name === 'media')!;
    providerModule('fastpix')!.simulator.connect(fake, mediaConnection, `${stack.url}/webhooks/fastpix/media`);
    teamConnection = await testNativeConnection();
    teamWorker = await createTeamWorker({ connection: teamConnection, taskQueue: teamQueue });
    teamRun = teamWorker.run();
  }, 120_000);

  afterAll(async () => {
    teamWorker?.shutdown();
    await teamRun;
    await teamConnection?.close();
    await stack?.stop();
    await fake?.close();
  });

  const mkioJob = (job: string, type: JobEventType, state: string) => stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 'encode', job, type, state }));

  it('awaits an MK.IO job and a FastPix media through Reelflow, then runs its own step; its worker registers nothing of Reelflow', async () => {
    const job = unique('encode');
    const workflowId = unique('team');
    const run = stack.client.workflow.execute('teamPipeline', {
      workflowId,
      taskQueue: teamQueue,
      args: [
        {
          encode: { connection: 'test', project: stack.account, transform: 'encode', job },
          upload: { connection: 'media', workspace: fake.workspaceId, mediaId: fake.createMedia().id },
          reelflowTaskQueue: stack.taskQueue,
          timeout: '1 minute',
        },
      ],
    });
    // The job's events come while the pipeline already waits.
    expect((await mkioJob(job, 'MediaKind.JobStarted', 'Processing')).statusCode).toBe(200);
    expect((await mkioJob(job, 'MediaKind.JobFinished', 'Finished')).statusCode).toBe(200);

    const result = await run;
    const encodeKey = `mkio:${stack.account}:job:encode/${job}`;
    expect(result).toMatchObject({
      encode: { key: encodeKey, state: 'Finished', phase: 'ready' },
      upload: { key: expect.stringMatching(new RegExp(`^fastpix:${fake.workspaceId}:media:`)), state: 'video.media.ready', phase: 'ready' },
    });
    expect(result.summary).toBe(`encode ${encodeKey} Finished (ready); upload ${result.upload.key} video.media.ready (ready)`);

    // Where each activity ran: Reelflow's subscription on Reelflow's queue, the team's step on the team's.
    const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = history.events!.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [[e.activityTaskScheduledEventAttributes.activityType!.name, e.activityTaskScheduledEventAttributes.taskQueue!.name]] : [],
    );
    expect(scheduled).toEqual([
      ['subscribeToResource', stack.taskQueue],
      ['subscribeToResource', stack.taskQueue],
      ['recordSummary', teamQueue],
    ]);
    expect(Object.keys(teamActivities)).toEqual(['recordSummary']);
  });

  it('reelflow/client: a running resource by query, a completed one by its result, an unknown one undefined', async () => {
    const job = unique('client');
    const key = `mkio:${stack.account}:job:encode/${job}`;
    await mkioJob(job, 'MediaKind.JobStarted', 'Processing');
    expect(await getResourceState(stack.client, key)).toMatchObject({ key, state: 'Processing', phase: 'processing', terminal: false, closed: false });
    expect(await getResourceState(stack.client, `mkio:${stack.account}:job:encode/${unique('never')}`)).toBeUndefined();

    const waiting = await startAwaitResource(stack.client, key, { connection: 'test', timeout: '1 minute', taskQueue: stack.taskQueue, workflowId: unique('await') });
    await mkioJob(job, 'MediaKind.JobFinished', 'Finished');
    expect(await waiting.result()).toMatchObject({ key, state: 'Finished', phase: 'ready', terminal: true });

    await stack.client.workflow.getHandle(key).result();
    expect(await getResourceState(stack.client, key)).toMatchObject({ key, state: 'Finished', closed: true });
  });

  it('the example type-checks against the built package (its .d.ts through `exports`)', async () => {
    await expect(typecheckProject(EXAMPLE)).resolves.toBeUndefined();
  }, 60_000);
});
