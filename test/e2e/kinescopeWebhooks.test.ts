import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { basicAuthorization } from '../../src/providers/kinescope/basicAuth';
import { kinescopeBody } from '../../src/providers/kinescope/testKit';
import { startFakeKinescope, type FakeKinescope } from '../../src/simulators/kinescope';
import { startStack, type Stack } from '../support/stack';
import { stateWhen, unique } from '../support/temporal';

/**
 * Kinescope webhooks → ingress → entity workflows on a real Temporal dev server, with no API
 * token (webhooks only, no polling): what the webhooks alone make of videos and live events.
 */
const FAST = { stepMs: 60, processingMs: 120 };
const UPLOAD_STATES = ['pending', 'uploading', 'pre-processing', 'processing', 'done'];

let stack: Stack;
let fake: FakeKinescope;
beforeAll(async () => {
  fake = await startFakeKinescope({ apiToken: 'unused-here', timing: FAST });
  stack = await startStack({ provider: 'kinescope', listen: true });
  stack.connectFake(fake);
});
afterAll(async () => {
  await stack?.stop();
  await fake?.close();
});
afterEach(() => fake.setFaults({}));

const videoKey = (id: string) => `kinescope:test:media:${id}`;
const liveKey = (id: string) => `kinescope:test:live:${id}`;
const once = (key: string, done: (s: ResourceSnapshot) => boolean, timeoutMs = 30_000) => stateWhen(stack.client, key, done, timeoutMs);
const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('Kinescope videos through the fake, webhooks only', () => {
  it('happy path: pending → uploading → pre-processing → processing → done, phase ready', async () => {
    const { id } = fake.uploadVideo('clip', 'https://media.example.com/clip.mp4');
    const state = await once(videoKey(id), (s) => s.terminal);
    expect(state).toMatchObject({ state: 'done', phase: 'ready', kind: 'media', account: 'test', counts: { transitions: 5, duplicates: 0, stale: 0, polls: 0 } });
    expect(state.transitions.map((t) => [t.state, t.phase, t.via])).toEqual([
      ['pending', 'pending', 'webhook'],
      ['uploading', 'pending', 'webhook'],
      ['pre-processing', 'processing', 'webhook'],
      ['processing', 'processing', 'webhook'],
      ['done', 'ready', 'webhook'],
    ]);
    expect(state.resource).toEqual({ id, status: 'done' });
    const description = await stack.client.workflow.getHandle(videoKey(id)).describe();
    expect(description.searchAttributes).toMatchObject({ ReelflowProvider: ['kinescope'], ReelflowKind: ['media'], ReelflowState: ['done'], ReelflowPhase: ['ready'], ReelflowAccount: ['test'] });
  });

  it('a link Kinescope cannot download → failed, with its message kept', async () => {
    const { id } = fake.uploadVideo('broken', 'https://media.example.com/fail.mp4');
    const state = await once(videoKey(id), (s) => s.terminal);
    expect(state).toMatchObject({ state: 'error', phase: 'failed' });
    expect((state.resource as { message: string }).message).toMatch(/^import error: code=610100, message=cannot download link/);
  });

  it('duplicates (each webhook three times) → the same five transitions, ten duplicates', async () => {
    fake.setFaults({ duplicate: 2 });
    const { id } = fake.uploadVideo('dup', 'https://media.example.com/dup.mp4');
    const state = await once(videoKey(id), (s) => s.counts.events === 15);
    expect(state.transitions.map((t) => t.state)).toEqual(UPLOAD_STATES);
    expect(state.counts).toMatchObject({ transitions: 5, duplicates: 10, stale: 0 });
  });

  it('reorder (statuses shuffled) → still done/ready; whatever came after done is stale, nothing moved it back', async () => {
    fake.setFaults({ reorder: true });
    const { id } = fake.uploadVideo('shuffled', 'https://media.example.com/shuffled.mp4');
    await fake.idle();
    const state = await once(videoKey(id), (s) => s.counts.events === 5);
    expect(state).toMatchObject({ state: 'done', phase: 'ready', terminal: true });
    expect(state.transitions.at(-1)).toMatchObject({ state: 'done', phase: 'ready' });
    expect(state.counts.transitions + state.counts.stale + state.counts.unchanged).toBe(5);
    expect(state.counts.transitions).toBeLessThan(5); // out of order, so at least one was refused
    const afterDone = UPLOAD_STATES.slice(0, 4).filter((s) => !state.transitions.some((t) => t.state === s));
    expect(state.stale.map((s) => s.state).sort()).toEqual(afterDone.sort());
  });

  it('a late processing after done (rank order) is stale, not a step back', async () => {
    const id = unique('video');
    const done = kinescopeBody('media.update.status', { id, status: 'done' });
    const processing = kinescopeBody('media.update.status', { id, status: 'processing' });
    expect((await stack.postWebhook(done)).json()).toEqual({ status: 'accepted', eventId: sha(done), workflowId: videoKey(id), deliveryId: expect.any(Number) });
    expect((await stack.postWebhook(processing)).statusCode).toBe(200);
    const state = await once(videoKey(id), (s) => s.counts.events === 2);
    expect(state).toMatchObject({ state: 'done', phase: 'ready', counts: { transitions: 1, stale: 1 } });
    expect(state.stale).toEqual([expect.objectContaining({ eventId: sha(processing), state: 'processing', reason: 'terminal' })]);
  });

  it('an undocumented status is accepted as processing, never terminal', async () => {
    const id = unique('video');
    expect((await stack.postWebhook(kinescopeBody('media.update.status', { id, status: 'transcoding-v2' }))).json()).toMatchObject({ status: 'accepted' });
    expect(await once(videoKey(id), (s) => s.counts.events === 1)).toMatchObject({ state: 'transcoding-v2', phase: 'processing', terminal: false });
  });
});

describe('Kinescope live events, webhooks only', () => {
  const post = (event: string, data: Record<string, unknown>) => stack.postWebhook(kinescopeBody(event, data));

  it('a retried body is a duplicate; a genuine repeat (connected → disconnected → connected) is news', async () => {
    const event_id = unique('live');
    const key = liveKey(event_id);
    expect((await post('live.connected', { event_id })).statusCode).toBe(200);
    await once(key, (s) => s.counts.events === 1);
    expect((await post('live.connected', { event_id })).statusCode).toBe(200); // Kinescope's retry: same bytes
    await once(key, (s) => s.counts.duplicates === 1);
    await post('live.disconnected', { event_id });
    await once(key, (s) => s.counts.events === 3);
    await post('live.connected', { event_id }); // the streamer is back: same bytes, new news
    const state = await once(key, (s) => s.counts.events === 4);
    expect(state).toMatchObject({ state: 'live.connected', phase: 'live', counts: { transitions: 3, duplicates: 1 } });
    expect(state.transitions.map((t) => t.state)).toEqual(['live.connected', 'live.disconnected', 'live.connected']);
  });

  it('live.finished with a video_id links the stream and its recording both ways; its retry changes neither', async () => {
    const event_id = unique('live');
    const video_id = unique('rec');
    const finished = kinescopeBody('live.finished', { event_id, video_id });
    await post('live.connected', { event_id });
    await once(liveKey(event_id), (s) => s.counts.events === 1);
    expect((await stack.postWebhook(finished)).json()).toEqual({ status: 'accepted', eventId: sha(finished), workflowId: liveKey(event_id), deliveryId: expect.any(Number) });
    expect((await stack.postWebhook(finished)).statusCode).toBe(200);
    const live = await once(liveKey(event_id), (s) => s.counts.events === 3);
    expect(live).toMatchObject({ state: 'live.finished', phase: 'idle', terminal: false, related: [videoKey(video_id)], counts: { transitions: 2, duplicates: 1 } });
    const recording = await once(videoKey(video_id), (s) => s.counts.events === 2);
    expect(recording).toMatchObject({ state: 'live.finished', phase: 'pending', related: [liveKey(event_id)], counts: { transitions: 1, duplicates: 1 } });
    expect(recording.transitions[0]!.eventId).toBe(`${sha(finished)}:recording`);
    await post('media.update.status', { id: video_id, status: 'done' });
    expect(await once(videoKey(video_id), (s) => s.terminal)).toMatchObject({ state: 'done', phase: 'ready', related: [liveKey(event_id)] });
  });

  it('live.cancelled → canceled, still open (only a deletion ends a live event)', async () => {
    const event_id = unique('live');
    await post('live.created', { event_id });
    await post('live.cancelled', { event_id });
    expect(await once(liveKey(event_id), (s) => s.counts.events === 2)).toMatchObject({ state: 'live.cancelled', phase: 'canceled', terminal: false });
  });
});

describe('Kinescope ingress answers', () => {
  const body = () => kinescopeBody('media.update.status', { id: unique('video'), status: 'done' });
  const keyOf = (text: string) => videoKey(JSON.parse(text).data.id);

  it.each([
    ['a wrong password', { authorization: basicAuthorization('reelflow-test', 'wrong') }, 'Basic credentials do not match'],
    ['a wrong login', { authorization: basicAuthorization('someone', 'x') }, 'Basic credentials do not match'],
    ['no credentials', { authorization: '' }, 'missing Basic credentials'],
    ['a Bearer token', { authorization: 'Bearer abc' }, 'missing Basic credentials'],
    ['broken Basic', { authorization: 'Basic %%%' }, 'malformed Basic credentials'],
  ])('%s → 401 naming the reason, and no workflow', async (_label, headers, reason) => {
    const text = body();
    const answer = await stack.postWebhook(text, headers);
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ error: 'unauthorized', detail: reason });
    await expect(stack.client.workflow.getHandle(keyOf(text)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it("an untracked event → 200 ignored; a malformed one → 400 naming Kinescope's field", async () => {
    const ignored = kinescopeBody('live.viewers.updated', { event_id: unique('live') });
    expect((await stack.postWebhook(ignored)).json()).toEqual({
      status: 'ignored',
      eventId: sha(ignored),
      type: 'live.viewers.updated',
      reason: 'Kinescope event live.viewers.updated is not tracked',
      deliveryId: expect.any(Number),
    });
    const bad = await stack.postWebhook(kinescopeBody('media.update.status', { status: 'done' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_payload', field: 'data.id' });
    const noEvent = await stack.postWebhook(JSON.stringify({ data: { id: 'x', status: 'done' } }));
    expect(noEvent.json()).toMatchObject({ error: 'invalid_payload', field: 'event' });
  });
});
