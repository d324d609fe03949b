import { WorkflowNotFoundError } from '@temporalio/client';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { FastpixConnection } from '../../src/providers/fastpix/connection';
import { fastpixTestKit } from '../../src/providers/fastpix/testKit';
import { startFakeFastpix, fastpixEvent, mediaResource, type FakeFastpix } from '../../src/simulators/fastpix';
import { stateQuery } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { stateWhen, unique } from '../support/temporal';

/**
 * FastPix media end to end: the fake FastPix (real HTTP, signed webhooks) → the real ingress →
 * entity workflows on the test dev server; its faults as the platform's misbehaviour.
 */
const TOKEN_ID = 'fastpix-e2e-token';
const SECRET_KEY = 'fastpix-e2e-secret';
const SAMPLE = { inputs: [{ type: 'video', url: 'https://static.fastpix.com/fp-sample-video.mp4' }] };
const FAILING = { inputs: [{ type: 'video', url: 'https://example.com/fail.mp4' }] };

async function fastpixStack(fake: FakeFastpix, config: Record<string, unknown> = {}, on: unknown[] = []): Promise<Stack> {
  const stack = await startStack({
    provider: 'fastpix',
    listen: true,
    config,
    connection: { workspace: fake.workspaceId, apiBaseUrl: fake.url, accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, on },
  });
  stack.connectFake(fake);
  return stack;
}

const stateOf = (stack: Stack, key: string): Promise<ResourceSnapshot> => stack.client.workflow.getHandle(key).query(stateQuery);
const settled = (stack: Stack, key: string, test: (s: ResourceSnapshot) => boolean, timeoutMs = 20_000) => stateWhen(stack.client, key, test, timeoutMs);
const own = (s: ResourceSnapshot) => s.transitions.filter((t) => t.aspect === undefined).map((t) => [t.state, t.via]);

describe('FastPix media through the fake platform', () => {
  let fake: FakeFastpix;
  let stack: Stack;
  const keyOf = (mediaId: string) => `fastpix:${fake.workspaceId}:media:${mediaId}`;

  beforeAll(async () => {
    fake = await startFakeFastpix({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, workspaceId: unique('ws'), timing: { processingMs: 100, readyMs: 200 } });
    stack = await fastpixStack(fake, {}, [
      { kind: 'media', phase: 'failed', run: ['alert'] },
      { type: 'video.mediaAI.summary.ready', run: ['alert'] },
    ]);
  });
  afterEach(async () => {
    fake.setFaults({});
    await fake.idle();
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('happy path: created → ready, both by webhook, terminal, searchable by phase', async () => {
    const media = fake.createMedia(SAMPLE);
    const key = keyOf(media.id);
    const state = await settled(stack, key, (s) => s.phase === 'ready');
    expect(state).toMatchObject({ state: 'video.media.ready', terminal: true, kind: 'media', account: fake.workspaceId, id: media.id });
    expect(own(state)).toEqual([
      ['video.media.created', 'webhook'],
      ['video.media.ready', 'webhook'],
    ]);
    expect(state.resource).toMatchObject({ id: media.id, status: 'Ready', playbackIds: [{ accessPolicy: 'public' }] });
    const description = await stack.client.workflow.getHandle(key).describe();
    expect(description.searchAttributes).toMatchObject({ ReelflowProvider: ['fastpix'], ReelflowKind: ['media'], ReelflowPhase: ['ready'], ReelflowAccount: [fake.workspaceId] });
  });

  it('a failing input URL → failed, and the `on: failed` alert runs once', async () => {
    const media = fake.createMedia(FAILING);
    const state = await settled(stack, keyOf(media.id), (s) => s.phase === 'failed' && s.actions.some((a) => a.status === 'succeeded'));
    expect(own(state)).toEqual([
      ['video.media.created', 'webhook'],
      ['video.media.failed', 'webhook'],
    ]);
    expect(state.actions).toEqual([expect.objectContaining({ name: 'alert', status: 'succeeded' })]);
  });

  it('faults.duplicate: every webhook three times → still two transitions, the copies answered 200', async () => {
    fake.setFaults({ duplicate: 2 });
    const before = { ...fake.counters };
    const media = fake.createMedia(SAMPLE);
    const state = await settled(stack, keyOf(media.id), (s) => s.phase === 'ready');
    await fake.idle();
    expect(fake.counters.webhooksGenerated - before.webhooksGenerated).toBe(2);
    expect(fake.counters.deliveryAttempts - before.deliveryAttempts).toBe(6);
    expect(fake.counters.deliveriesSucceeded - before.deliveriesSucceeded).toBe(6);
    const final = await stateOf(stack, keyOf(media.id));
    expect(final.counts.transitions).toBe(2);
    // Copies that raced past the ingress's memory are caught by the workflow's own dedupe.
    expect(final.counts.events - final.counts.duplicates).toBe(2);
    expect(own(state)).toEqual([
      ['video.media.created', 'webhook'],
      ['video.media.ready', 'webhook'],
    ]);
  });

  it('faults.reorder: ready arrives before created → stays ready, the late created recorded as stale', async () => {
    fake.setFaults({ reorder: true });
    const media = fake.createMedia(SAMPLE);
    const state = await settled(stack, keyOf(media.id), (s) => s.counts.events === 2);
    expect(state).toMatchObject({ state: 'video.media.ready', phase: 'ready', counts: { transitions: 1, stale: 1 } });
    expect(state.stale).toEqual([expect.objectContaining({ state: 'video.media.created', phase: 'pending', reason: 'terminal' })]);
  });

  it('aspects: metadata updated, an AI summary (its `on: type` rule runs), a track; then deleted ends it', async () => {
    const media = fake.createMedia(SAMPLE);
    const key = keyOf(media.id);
    await settled(stack, key, (s) => s.phase === 'ready');
    const api = (method: string, body?: unknown) =>
      fetch(`${fake.url}/v1/on-demand/${media.id}`, {
        method,
        headers: { authorization: `Basic ${Buffer.from(`${TOKEN_ID}:${SECRET_KEY}`).toString('base64')}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await api('PATCH', { metadata: { title: 'Launch' } })).status).toBe(200);
    // FastPix's AI and track events, as the platform would sign them (the fake does not generate these).
    const data = mediaResource({ ...fake.media(media.id)! });
    const workspace = { id: fake.workspaceId, name: 'e2e' };
    const summary = fastpixEvent({ type: 'video.mediaAI.summary.ready', object: { type: 'media', id: media.id }, workspace, data });
    expect((await stack.postWebhook(summary)).json()).toMatchObject({ status: 'accepted', workflowId: key });
    const track = fastpixEvent({ type: 'video.media.track.ready', object: { type: 'track', id: 'track-fr-1' }, workspace, data: { id: 'track-fr-1', mediaId: media.id, type: 'subtitle' } });
    expect((await stack.postWebhook(track)).json()).toMatchObject({ status: 'accepted', workflowId: key });

    const withAspects = await settled(stack, key, (s) => Object.keys(s.aspects ?? {}).length === 3 && s.actions.some((a) => a.eventId === summary.id && a.status === 'succeeded'));
    expect(withAspects).toMatchObject({ state: 'video.media.ready', phase: 'ready' });
    expect(withAspects.aspects).toEqual({
      metadata: expect.objectContaining({ type: 'video.media.updated', phase: 'ready' }),
      'mediaAI.summary': expect.objectContaining({ type: 'video.mediaAI.summary.ready', phase: 'ready' }),
      'track:track-fr-1': expect.objectContaining({ type: 'video.media.track.ready', phase: 'ready' }),
    });
    expect(withAspects.actions).toEqual([expect.objectContaining({ name: 'alert', eventId: summary.id, status: 'succeeded' })]);

    expect((await api('DELETE')).status).toBe(200);
    const deleted = await settled(stack, key, (s) => s.phase === 'deleted');
    expect(own(deleted).at(-1)).toEqual(['video.media.deleted', 'webhook']);
  });

  it('refuses an event of another workspace with a 400 naming workspace.id, and starts nothing', async () => {
    const id = '0d9c4f7a-1111-4222-8333-944455556666';
    const foreign = fastpixEvent({ type: 'video.media.created', object: { type: 'media', id }, workspace: { id: 'another-workspace', name: 'x' }, data: { id } });
    const answer = await stack.postWebhook(foreign);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_payload', field: 'workspace.id' });
    await expect(stack.client.workflow.getHandle(`fastpix:another-workspace:media:${id}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('authentication: a wrong secret, a flipped bit, a re-serialized body, a missing header → 401, no workflow', async () => {
    const id = '0d9c4f7a-2222-4333-8444-955566667777';
    const event = fastpixEvent({ type: 'video.media.created', object: { type: 'media', id }, workspace: { id: fake.workspaceId, name: 'x' }, data: { id } });
    const body = JSON.stringify(event);
    const { headers } = fastpixTestKit.sign(stack.connection as unknown as FastpixConnection, body);
    const signature = headers['fastpix-signature']!;
    const flipped = Buffer.from(signature, 'base64');
    flipped[5]! ^= 0x10;
    const post = (payload: string, override: Record<string, string>) => stack.postWebhook(payload, override);
    const answers = [
      [await post(body, { 'fastpix-signature': Buffer.from('0'.repeat(32)).toString('base64') }), 'signature does not match'],
      [await post(body, { 'fastpix-signature': flipped.toString('base64') }), 'signature does not match'],
      [await post(JSON.stringify(event, null, 2), { 'fastpix-signature': signature }), 'signature does not match'],
      [await stack.app.inject({ method: 'POST', url: '/webhooks/fastpix/test', headers: { 'content-type': 'application/json' }, payload: body }), 'missing FastPix-Signature header'],
    ] as const;
    for (const [answer, reason] of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.json()).toEqual({ error: 'unauthorized', detail: reason });
    }
    await expect(stack.client.workflow.getHandle(`fastpix:${fake.workspaceId}:media:${id}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    // The same body, correctly signed, is accepted: the refusals above were about authenticity only.
    expect((await post(body, {})).json()).toMatchObject({ status: 'accepted' });
  });

  it('an untracked FastPix type → 200 ignored', async () => {
    const event = fastpixEvent({ type: 'video.live_stream.srt_detected', object: { type: 'live-stream', id: 'abc' }, workspace: { id: fake.workspaceId, name: 'x' }, data: {} });
    const answer = await stack.postWebhook(event);
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'ignored', eventId: event.id, type: 'video.live_stream.srt_detected' });
  });
});

describe('FastPix webhooks lost after the first: polling finds the end', () => {
  let fake: FakeFastpix;
  let stack: Stack;
  beforeAll(async () => {
    // Processing lasts 2.6 s, several polls long even on a loaded machine: the poll must see it, not skip to Ready.
    fake = await startFakeFastpix({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, workspaceId: unique('ws'), timing: { processingMs: 400, readyMs: 3000 } });
    stack = await fastpixStack(fake, { polling: { quietFor: '200ms', maxPollInterval: '400ms', maxWait: '1m' } });
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  it('a media: created by webhook, then Processing and Ready by polling; one GET per poll', async () => {
    const media = fake.createMedia(SAMPLE); // video.media.created is on its way
    fake.setFaults({ drop: 1 }); // every later webhook is lost inside the platform
    const key = `fastpix:${fake.workspaceId}:media:${media.id}`;
    const state = await settled(stack, key, (s) => s.phase === 'ready');
    expect(own(state)[0]).toEqual(['video.media.created', 'webhook']);
    expect(own(state).at(-1)).toEqual(['Ready', 'poll']);
    expect(state.transitions.filter((t) => t.via === 'poll').map((t) => t.state)).toEqual(expect.arrayContaining(['Processing', 'Ready']));
    expect(state.resource).toMatchObject({ id: media.id, status: 'Ready' });
    await fake.idle();
    expect(fake.counters.deliveriesDropped).toBe(1);
    expect(fake.counters.getsByResource[media.id]).toBe(state.counts.polls);
  });

  it('a live stream: created by webhook, then live by polling when its encoder connects unheard', async () => {
    fake.setFaults({});
    const stream = fake.createLiveStream({});
    const key = `fastpix:${fake.workspaceId}:live:${stream.streamId}`;
    // A live stream is polled for as long as it lives. The API words the phase its own way (`idle`
    // for the webhook's `video.live_stream.created`): a poll that agrees on the phase is no news.
    await settled(stack, key, (s) => s.counts.polls >= 1 && s.counts.unchanged >= 1);
    fake.setFaults({ drop: 1 });
    fake.connectEncoder(stream.streamId);
    const state = await settled(stack, key, (s) => s.phase === 'live');
    expect(own(state)).toEqual([
      ['video.live_stream.created', 'webhook'],
      ['active', 'poll'],
    ]);
  });
});
