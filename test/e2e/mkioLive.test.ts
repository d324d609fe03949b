import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { MkioConnection } from '../../src/providers/mkio/connection';
import { mkioTestKit } from '../../src/providers/mkio/testKit';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { startStack, type Stack } from '../support/stack';
import { stateWhen, unique } from '../support/temporal';

/**
 * MK.IO live channels and scheduled operations end to end: the fake's Live API channel goes
 * through a session (start, stop, a start that fails, stop) and its webhooks reach the real
 * ingress and worker; the same when its webhooks are lost (polling finds the truth); and a
 * scheduled operation runs to completion (and one to its error).
 */
const TOKEN = 'mkio-live-token';
const channelBody = { metadata: { displayName: 'e2e' }, spec: { state: 'Stopped', inputs: [], transform: { type: 'LiveChannel', assetName: 'e2e-archive' } } };

const own = (s: ResourceSnapshot) => s.transitions.map((t) => `${t.state}:${t.phase}`);
/** The states whose transitions ran an alert that succeeded. */
const alerted = (s: ResourceSnapshot) => s.actions.filter((a) => a.name === 'alert' && a.status === 'succeeded').map((a) => s.transitions.find((t) => t.eventId === a.eventId)?.state);

async function liveStack(fake: FakeMkio, polling: Record<string, unknown>, liveApi = 'liveChannels'): Promise<Stack> {
  const stack = await startStack({
    provider: 'mkio',
    listen: true,
    config: { lifecycle: { lingerAfterTerminal: '1s' }, polling },
    connection: {
      apiBaseUrl: fake.url,
      apiToken: TOKEN,
      liveApi,
      on: [{ kind: 'scheduled-operation', phase: 'failed', run: ['alert'] }],
    },
  });
  stack.connectFake(fake);
  return stack;
}

describe('MK.IO live channels through webhooks', () => {
  let fake: FakeMkio;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeMkio({ token: TOKEN, timing: { liveStartingMs: 150, liveStoppingMs: 100, operationStepMs: 200 } });
    // Polls far apart: what the workflow shows here is what the webhooks said.
    stack = await liveStack(fake, { quietFor: '10m' });
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  const settled = (key: string, test: (s: ResourceSnapshot) => boolean) => stateWhen(stack.client, key, test, 30_000);

  it('start → stop → start that fails → stop: live, idle, failed (alerted), idle; the channel goes on', async () => {
    const project = stack.account;
    const name = unique('ch');
    const key = `mkio:${project}:live:${name}`;
    fake.createLiveChannel(project, name, { api: 'liveChannels', body: channelBody });

    fake.startLive(project, name);
    expect(await settled(key, (s) => s.phase === 'live')).toMatchObject({ kind: 'live', state: 'Running', account: project });
    fake.stopLive(project, name);
    await settled(key, (s) => s.transitions.length === 2);
    fake.failNextStart(project, name);
    fake.startLive(project, name);
    await settled(key, (s) => s.phase === 'failed');
    fake.stopLive(project, name);
    const final = await settled(key, (s) => s.transitions.length === 4 && alerted(s).length === 1);

    expect(own(final)).toEqual(['Running:live', 'Stopped:idle', 'UnableToStart:failed', 'Stopped:idle']);
    expect(final.transitions.map((t) => [t.type, t.via])).toEqual([
      ['MediaKind.ChannelInstanceStarted', 'webhook'],
      ['MediaKind.ChannelInstanceStopped', 'webhook'],
      ['MediaKind.ChannelInstanceError', 'webhook'],
      ['MediaKind.ChannelInstanceStopped', 'webhook'],
    ]);
    expect(final.terminal).toBe(false); // a failure is a transition of a live channel, not its end
    // ChannelInstanceError alerts by default (a cyclic kind's `failed`).
    expect(alerted(final)).toEqual(['UnableToStart']);
  }, 60_000);

  it('the test kit’s session (what the replay history is made of) plays the same way', async () => {
    const { key, bodies } = mkioTestKit.liveSession!(stack.connection as unknown as MkioConnection);
    expect(key).toBe(`mkio:${stack.account}:live:reelflow-test-channel`);
    for (const body of bodies) {
      const answer = await stack.postWebhook(body);
      expect(answer.statusCode).toBe(200);
      expect(answer.json().status).toBe('accepted');
    }
    const final = await settled(key, (s) => s.transitions.length === 4 && alerted(s).length === 1);
    expect(own(final)).toEqual(['Running:live', 'Stopped:idle', 'UnableToStart:failed', 'Stopped:idle']);
  }, 60_000);

  it('a scheduled operation to completion (it starts and stops its channel); one asked to fail ends failed and alerts', async () => {
    const project = stack.account;
    const channel = unique('ev');
    fake.createLiveChannel(project, channel, { api: 'liveChannels', body: channelBody });
    fake.createScheduledOperation(project, 'liveChannels', channel, 'window', { correlationData: { show: 'finale' } });
    const key = `mkio:${project}:scheduled-operation:liveChannels/${channel}/window`;
    await settled(key, (s) => s.terminal);
    const done = (await stack.client.workflow.getHandle(key).result()) as ResourceSnapshot;
    expect(done).toMatchObject({ kind: 'scheduled-operation', phase: 'ready', terminal: true });
    expect(own(done)).toEqual(['Accepted:pending', 'Ongoing:processing', 'Completed:ready']);
    const channelState = await settled(`mkio:${project}:live:${channel}`, (s) => s.transitions.length === 2);
    expect(own(channelState)).toEqual(['Running:live', 'Stopped:idle']);

    fake.createScheduledOperation(project, 'liveChannels', channel, 'broken', { correlationData: { 'reelflow-fake-outcome': 'Error' } });
    const brokenKey = `mkio:${project}:scheduled-operation:liveChannels/${channel}/broken`;
    await settled(brokenKey, (s) => s.terminal);
    const broken = (await stack.client.workflow.getHandle(brokenKey).result()) as ResourceSnapshot;
    expect(own(broken)).toEqual(['Accepted:pending', 'Error:failed']);
    expect(alerted(broken)).toEqual(['Error']);
  }, 60_000);
});

/** A fake MK.IO whose channels move in a few hundred ms, and a stack polling it as often (webhooks may be dropped). */
function usePolledLiveStack(liveApi?: string) {
  let fake: FakeMkio;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeMkio({ token: TOKEN, timing: { liveStartingMs: 150, liveStoppingMs: 100 } });
    stack = await liveStack(fake, { quietFor: '300ms', maxPollInterval: '600ms', maxWait: '2m' }, liveApi);
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });
  /** A Live API channel started with its webhooks on, and a way to wait for its workflow's state. */
  const runningChannel = async () => {
    const project = stack.account;
    const name = unique('ch');
    const key = `mkio:${project}:live:${name}`;
    const settled = (test: (s: ResourceSnapshot) => boolean) => stateWhen(stack.client, key, test, 30_000);
    fake.createLiveChannel(project, name, { api: 'liveChannels', body: channelBody });
    fake.startLive(project, name);
    await settled((s) => s.transitions.some((t) => t.state === 'Running' && t.via === 'webhook'));
    return { fake, project, name, settled };
  };
  return { runningChannel };
}

describe('MK.IO live channels when their webhooks are lost', () => {
  const rig = usePolledLiveStack();

  it('polling the Live API finds the stop and the failed start; the alert still runs; the channel goes on', async () => {
    const { fake, project, name, settled } = await rig.runningChannel();

    fake.setFaults({ drop: 1 });
    const dropped = fake.counters.deliveriesDropped;
    fake.stopLive(project, name);
    const stopped = await settled((s) => s.state === 'Stopped');
    expect(stopped.transitions.at(-1)).toMatchObject({ state: 'Stopped', phase: 'idle', via: 'poll' });

    fake.failNextStart(project, name);
    fake.startLive(project, name);
    const failed = await settled((s) => s.state === 'UnableToStart' && alerted(s).length === 1);
    expect(failed.transitions.at(-1)).toMatchObject({ state: 'UnableToStart', phase: 'failed', via: 'poll' });
    expect(alerted(failed)).toEqual(['UnableToStart']);
    expect(fake.counters.deliveriesDropped).toBe(dropped + 2);
    expect(fake.counters.getsByLive[`${project}/${name}`]).toBeGreaterThan(0);

    fake.setFaults({});
    fake.stopLive(project, name);
    const back = await settled((s) => s.transitions.length > failed.transitions.length && s.state === 'Stopped');
    expect(back).toMatchObject({ phase: 'idle', terminal: false });
  }, 60_000);
});

describe('MK.IO live channels polled through the wrong liveApi', () => {
  // The channel lives on the Live API; the connection says the Media API.
  const rig = usePolledLiveStack('media');

  it('its polls 404 on the Media API, find it on the Live API and follow it: the workflow goes on', async () => {
    const { fake, project, name, settled } = await rig.runningChannel();
    const wrongPlace = fake.counters.byRoute['GET live event state'] ?? 0;

    fake.setFaults({ drop: 1 });
    fake.stopLive(project, name);
    const stopped = await settled((s) => s.state === 'Stopped');
    expect(stopped.transitions.at(-1)).toMatchObject({ state: 'Stopped', phase: 'idle', via: 'poll' });
    expect(stopped).toMatchObject({ phase: 'idle', terminal: false });
    // Each of those polls asked the Media API first (404), then the Live API.
    expect(fake.counters.byRoute['GET live event state']).toBeGreaterThan(wrongPlace);

    // More polls while nothing changes: still idle, never deleted.
    const polls = stopped.counts.polls;
    const later = await settled((s) => s.counts.polls >= polls + 3);
    expect(later).toMatchObject({ phase: 'idle', terminal: false });
    expect(later.transitions.map((t) => t.phase)).not.toContain('deleted');

    fake.setFaults({});
    fake.startLive(project, name);
    const back = await settled((s) => s.state === 'Running' && s.transitions.length > stopped.transitions.length);
    expect(back).toMatchObject({ phase: 'live', terminal: false });
  }, 60_000);
});
