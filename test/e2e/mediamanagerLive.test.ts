import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { mediaManagerTestKit } from '../../src/providers/mediamanager/testKit';
import type { MediaManagerConnection } from '../../src/providers/mediamanager/connection';
import { startFakeMediaManager, type FakeMediaManager, type MediaResource } from '../../src/simulators/mediamanager';
import { lifecycleInput } from '../../src/temporal/lifecycleInput';
import { temporalDispatcher } from '../../src/temporal/dispatch';
import { startStack, type Stack } from '../support/stack';
import { stateWhen } from '../support/temporal';

const API_TOKEN = 'e2e-mm-live-token';
const IDLE_AFTER_MS = 2_000; // an HTTP stop and start must both land inside it, on a loaded machine too
/** Stands in for Media Manager's 14 days, so that the end of a session can be seen completing its workflow. */
const SHORT_UNDO_MS = 1_500;

const until = (stack: Stack, key: string, test: (s: ResourceSnapshot) => boolean, timeoutMs = 20_000) => stateWhen(stack.client, key, test, timeoutMs);

/**
 * One livestream session end to end, driven through the fake's API and its encoder: created,
 * enabled, live, a drop shorter than the idle window (Media Manager says nothing), a drop longer
 * than it (livestream.idle), back, ended, deleted. Media Manager documents no recording event, so
 * no recording is linked. Its deletion can be undone for 14 days; this stack's dispatcher starts
 * workflows with a 1.5 s window instead (the policy is plain data in the workflow's input), so
 * the sealed deletion and the workflow's completion can be seen.
 */
describe('a Media Manager livestream session, end to end', () => {
  let fake: FakeMediaManager;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeMediaManager({ port: 0, apiToken: API_TOKEN, teamId: 3, getCacheMs: 1_000, idleAfterMs: IDLE_AFTER_MS, timing: { retryBackoffMs: 50 } });
    stack = await startStack({
      provider: 'mediamanager',
      listen: true,
      config: { lifecycle: { lingerAfterTerminal: '500ms' }, polling: { quietFor: '200ms', maxPollInterval: '1s', maxWait: '10m' } },
      connection: { apiBaseUrl: fake.url, apiToken: API_TOKEN, teamId: 3 },
      dispatcher: (client, config) =>
        temporalDispatcher(client, {
          taskQueue: config.temporal.taskQueue,
          timeoutMs: config.server.signalTimeout,
          inputFor: (event) => {
            const input = lifecycleInput(config, event);
            return { ...input, policy: { ...input.policy!, undoableDeleteMs: SHORT_UNDO_MS } };
          },
        }),
    });
    stack.connectFake(fake);
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  const call = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
    const base = path.startsWith('/_fake/') ? fake.root : fake.url;
    const answer = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(answer.status).toBeLessThan(300);
    const text = await answer.text();
    return text ? ((JSON.parse(text) as { data: MediaResource }).data as MediaResource) : undefined;
  };

  it('created → enabled → live → (short drop, unseen) → idle → live → idle → deleted, then the workflow completes', async () => {
    const stream = (await call('POST', '/media', { title: 'Town hall', live: true }))!;
    const key = `mediamanager:test:live:${stream.token}`;
    const phase = (p: string, transitions: number) => until(stack, key, (s) => s.phase === p && s.counts.transitions === transitions);

    await phase('idle', 1);
    await call('POST', `/media/${stream.token}/enable`);
    await phase('pending', 2);
    await call('POST', `/_fake/livestreams/${stream.token}/start`);
    await phase('live', 3);

    // A drop shorter than the idle window: Media Manager says nothing but livestream.started again.
    await call('POST', `/_fake/livestreams/${stream.token}/stop`);
    await call('POST', `/_fake/livestreams/${stream.token}/start`);
    await until(stack, key, (s) => s.counts.unchanged === 1);

    // A drop longer than the idle window: livestream.idle, then back.
    await call('POST', `/_fake/livestreams/${stream.token}/stop`);
    await phase('idle', 4);
    await call('POST', `/_fake/livestreams/${stream.token}/start`);
    await phase('live', 5);

    // The end: the encoder stops for good, the stream turns idle and is deleted.
    await call('POST', `/_fake/livestreams/${stream.token}/stop`);
    await phase('idle', 6);
    await call('DELETE', `/media/${stream.token}`);
    const deleted = await phase('deleted', 7);
    expect(deleted.terminal).toBe(false); // within the undo window

    const final = (await stack.client.workflow.getHandle(key).result()) as ResourceSnapshot;
    expect(final).toMatchObject({ key, kind: 'live', state: 'media.deleted', phase: 'deleted', terminal: true });
    expect(final.related).toBeUndefined(); // no recording event to link one
    expect(final.transitions.map((t) => [t.state, t.phase, t.via])).toEqual([
      ['media.created', 'idle', 'webhook'],
      ['livestream.enabled', 'pending', 'webhook'],
      ['livestream.started', 'live', 'webhook'],
      ['livestream.idle', 'idle', 'webhook'],
      ['livestream.started', 'live', 'webhook'],
      ['livestream.idle', 'idle', 'webhook'],
      ['media.deleted', 'deleted', 'webhook'],
    ]);
    expect(final.counts).toMatchObject({ events: 8, transitions: 7, unchanged: 1, duplicates: 0, stale: 0 });
  }, 60_000);
});

describe('a Media Manager livestream deletion under the real 14-day policy', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ provider: 'mediamanager', config: { lifecycle: { lingerAfterTerminal: '500ms' } } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('the test kit’s live session ends deleted with its workflow open; media.restored brings the stream back', async () => {
    const connection = stack.connection as unknown as MediaManagerConnection;
    const session = mediaManagerTestKit.liveSession!(connection);
    expect(session.bodies).toHaveLength(7);
    for (const body of session.bodies) expect((await stack.postWebhook(body)).json()).toMatchObject({ status: 'accepted', workflowId: session.key });

    const deleted = await until(stack, session.key, (s) => s.counts.events === 7);
    expect(deleted).toMatchObject({ phase: 'deleted', state: 'media.deleted', terminal: false, counts: { transitions: 7 } });
    expect(deleted.transitions.map((t) => t.phase)).toEqual(['idle', 'pending', 'live', 'idle', 'live', 'idle', 'deleted']);
    // Well past the 500 ms linger: a deletion that can still be undone is not the end.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await stack.client.workflow.getHandle(session.key).describe()).status.name).toBe('RUNNING');

    const last = JSON.parse(session.bodies.at(-1)!) as { data: Record<string, unknown> };
    const restored = JSON.stringify({ event: 'media.restored', data: { ...last.data, deleted_at: null }, created_at: new Date().toISOString() });
    expect((await stack.postWebhook(restored)).statusCode).toBe(200);
    const back = await until(stack, session.key, (s) => s.state === 'media.restored');
    expect(back).toMatchObject({ phase: 'idle', terminal: false });
  }, 60_000);
});
