import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { MediaManagerConnection } from '../../src/providers/mediamanager/connection';
import { mediaManagerSignature } from '../../src/providers/mediamanager/signature';
import { startFakeMediaManager, webhookBody, type FakeMediaManager, type MediaResource } from '../../src/simulators/mediamanager';
import { stateQuery } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { eventually, stateWhen } from '../support/temporal';

/**
 * Media Manager media end to end: the fake's signed webhooks → the real ingress → entity
 * workflows on a real Temporal dev server, polling the fake's cached media list.
 */
const API_TOKEN = 'e2e-mm-token';
const TEAM = 7;

describe('Media Manager media through the fake, the ingress and the worker', () => {
  let fake: FakeMediaManager;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeMediaManager({
      port: 0,
      apiToken: API_TOKEN,
      teamId: TEAM,
      getCacheMs: 1_000,
      idleAfterMs: 200,
      timing: { processingMs: 150, masterMs: 50, retryBackoffMs: 50 },
    });
    stack = await startStack({
      provider: 'mediamanager',
      listen: true,
      config: { polling: { quietFor: '200ms', maxPollInterval: '1s', maxWait: '10m' } },
      connection: { apiBaseUrl: fake.url, apiToken: API_TOKEN, teamId: TEAM },
    });
    stack.connectFake(fake);
  });
  afterEach(async () => {
    await fake.idle();
    fake.setFaults({});
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  const api = async (method: 'POST' | 'DELETE', path: string, body?: unknown) => {
    const answer = await fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(answer.status).toBeLessThan(300);
    const text = await answer.text();
    return text ? ((JSON.parse(text) as { data: MediaResource }).data as MediaResource) : undefined;
  };
  const upload = async (extra: Record<string, unknown> = {}) => (await api('POST', '/media', { title: 'Q3 results', source_url: 'https://uploads.example.com/q3.mp4', ...extra }))!;
  const keyOf = (token: string) => `mediamanager:test:media:${token}`;
  const until = (token: string, test: (s: ResourceSnapshot) => boolean, timeoutMs = 20_000) => stateWhen(stack.client, keyOf(token), test, timeoutMs);

  it('upload → created, processed, master ready, published: ready, with two aspects, found by search attributes', async () => {
    const media = await upload({ auto_publish: true });
    const state = await until(media.token, (s) => s.counts.transitions === 4);
    expect(state).toMatchObject({
      key: keyOf(media.token),
      provider: 'mediamanager',
      account: 'test',
      kind: 'media',
      id: media.token,
      state: 'media.upload.completed',
      phase: 'ready',
      terminal: true,
      counts: { events: 4, duplicates: 0, stale: 0 },
      aspects: { master: { state: 'media.master.ready', phase: 'ready' }, publication: { state: 'published', phase: 'ready' } },
      resource: { token: media.token, id: media.id },
    });
    expect(state.transitions.map((t) => [t.type, t.phase, t.aspect ?? null, t.via])).toEqual([
      ['media.created', 'pending', null, 'webhook'],
      ['media.upload.completed', 'ready', null, 'webhook'],
      ['media.master.ready', 'ready', 'master', 'webhook'],
      ['media.published', 'ready', 'publication', 'webhook'],
    ]);
    const description = await stack.client.workflow.getHandle(keyOf(media.token)).describe();
    expect(description.searchAttributes).toMatchObject({
      ReelflowProvider: ['mediamanager'],
      ReelflowKind: ['media'],
      ReelflowAccount: ['test'],
      ReelflowState: ['media.upload.completed'],
      ReelflowPhase: ['ready'],
    });
  });

  it('a failed upload → failed', async () => {
    const media = await upload({ source_url: 'https://uploads.example.com/fail.mp4' });
    const state = await until(media.token, (s) => s.phase === 'failed');
    expect(state).toMatchObject({ state: 'media.upload.failed', terminal: true });
    expect(state.transitions.map((t) => t.type)).toEqual(['media.created', 'media.upload.failed']);
  });

  it('every webhook three times (faults.duplicate): one transition each, the copies counted as duplicates', async () => {
    fake.setFaults({ duplicate: 2 });
    const media = await upload({ auto_publish: true });
    await fake.idle();
    expect(fake.counters.deliveriesSucceeded).toBeGreaterThanOrEqual(12);
    const state = await until(media.token, (s) => s.counts.events === 12);
    expect(state.counts).toMatchObject({ events: 12, transitions: 4, duplicates: 8, stale: 0 });
    expect(state).toMatchObject({ phase: 'ready', state: 'media.upload.completed' });
  });

  it('webhooks out of order (faults.reorder): the same end state, nothing lost', async () => {
    fake.setFaults({ reorder: true });
    const media = await upload({ auto_publish: true });
    await fake.idle();
    const state = await until(media.token, (s) => s.counts.events === 4);
    expect(state).toMatchObject({
      state: 'media.upload.completed',
      phase: 'ready',
      terminal: true,
      aspects: { master: { phase: 'ready' }, publication: { state: 'published' } },
    });
    expect(state.counts.transitions + state.counts.stale).toBe(4);
    // A media.created that arrives after the upload completed is stale, never a step back.
    expect(state.stale.every((s) => s.type === 'media.created')).toBe(true);
  });

  it('a deletion waits out its undo window: restored, the media is ready again', async () => {
    const media = await upload();
    await until(media.token, (s) => s.counts.transitions === 3);
    await api('DELETE', `/media/${media.token}`);
    const deleted = await until(media.token, (s) => s.phase === 'deleted');
    expect(deleted).toMatchObject({ state: 'media.deleted', terminal: false });
    expect((await stack.client.workflow.getHandle(keyOf(media.token)).describe()).status.name).toBe('RUNNING');
    await api('POST', `/media/${media.token}/restore`);
    const restored = await until(media.token, (s) => s.state === 'media.restored');
    expect(restored).toMatchObject({ phase: 'ready', terminal: true });
    expect(restored.transitions.slice(-2).map((t) => [t.previousState, t.state, t.phase])).toEqual([
      ['media.upload.completed', 'media.deleted', 'deleted'],
      ['media.deleted', 'media.restored', 'ready'],
    ]);
  });

  it('every webhook after media.created lost: polling the published list finds it ready, no sooner than 60 s', async () => {
    // Created through the test handle so the drop starts in the same tick: media.created is sent, the rest (150 ms later) is not.
    const media = fake.createMedia({ title: 'Q3 results', sourceUrl: 'https://uploads.example.com/q3.mp4', autoPublish: true });
    fake.setFaults({ drop: 1 });
    await eventually(async () => (fake.media(media.token)?.published ? true : undefined));
    fake.setFaults({});
    expect(fake.counters.deliveriesDropped).toBeGreaterThanOrEqual(3);

    const state = await until(media.token, (s) => s.phase === 'ready', 150_000);
    expect(state).toMatchObject({ state: 'published', terminal: true, resource: { token: media.token, published: true } });
    const [created, polled] = state.transitions;
    expect(created).toMatchObject({ type: 'media.created', via: 'webhook' });
    expect(polled).toMatchObject({ type: 'reelflow.poll', state: 'published', phase: 'ready', via: 'poll' });
    // The platform caches GETs for 60 s: Reelflow waited that long after the last news.
    expect(Date.parse(polled!.receivedAt) - Date.parse(created!.receivedAt)).toBeGreaterThanOrEqual(59_000);
    // One GET of the media list per poll.
    expect(fake.counters.getsByToken[media.token]).toBe(state.counts.polls);
  }, 200_000);
});

describe('Media Manager webhooks at the ingress', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ provider: 'mediamanager' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const connection = () => stack.connection as unknown as MediaManagerConnection;
  const created = (token: string) =>
    JSON.stringify(
      webhookBody(
        'media.created',
        { id: 1, token, team_id: 7, title: 't', description: null, published: false, live: false, video: true, audio: false, created_at: '', updated_at: '', deleted_at: null },
        new Date(),
      ),
    );

  it('refuses a wrong secret, a flipped bit, a re-serialized body and a missing header with 401, and starts nothing', async () => {
    const token = '11111111-2222-4333-8444-555555555555';
    const body = created(token);
    const byOther = mediaManagerSignature(connection().signature, 'not-the-secret', body);
    expect((await stack.postWebhook(body, { signature: byOther })).json()).toEqual({ error: 'unauthorized', detail: 'signature does not match' });
    const good = mediaManagerSignature(connection().signature, connection().secret[0]!, body);
    const flipped = `${good.slice(0, -1)}${(parseInt(good.slice(-1), 16) ^ 1).toString(16)}`; // one bit of the digest
    expect((await stack.postWebhook(body, { signature: flipped })).statusCode).toBe(401);
    const reserialized = JSON.stringify(JSON.parse(body), null, 1);
    expect((await stack.postWebhook(reserialized, { signature: good })).statusCode).toBe(401);
    const missing = await stack.app.inject({ method: 'POST', url: '/webhooks/mediamanager/test', headers: { 'content-type': 'application/json' }, payload: body });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toEqual({ error: 'unauthorized', detail: 'missing Signature header' });
    await expect(stack.client.workflow.getHandle(`mediamanager:test:media:${token}`).describe()).rejects.toThrow();
  });

  it('accepts the signed body, and a redelivery of the same bytes is a duplicate in the workflow', async () => {
    const token = '21111111-2222-4333-8444-555555555555';
    const body = created(token);
    const first = await stack.postWebhook(body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'accepted', workflowId: `mediamanager:test:media:${token}`, eventId: expect.stringMatching(/^sha256:/) });
    expect((await stack.postWebhook(body)).statusCode).toBe(200);
    const state = await eventually(async () => {
      const s = await stack.client.workflow.getHandle(`mediamanager:test:media:${token}`).query(stateQuery);
      return s.counts.events === 2 ? s : undefined;
    });
    expect(state).toMatchObject({ phase: 'pending', counts: { transitions: 1, duplicates: 1 } });
  });

  it('answers an untracked event 200 ignored, and a body without a media token 400 naming data.token', async () => {
    const ignored = await stack.postWebhook({ event: 'team.member.added', data: { id: 3 } });
    expect(ignored.statusCode).toBe(200);
    expect(ignored.json()).toMatchObject({ status: 'ignored', type: 'team.member.added' });
    const invalid = await stack.postWebhook({ event: 'media.created', data: { title: 'no token' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: 'invalid_payload', field: 'data.token' });
    const badName = await stack.postWebhook({ event: 'media.created\u0001', data: { token: 'abc' } });
    expect(badName.statusCode).toBe(200); // an unknown name, however odd, is just not tracked
    const tooLong = await stack.postWebhook({ event: 'media.created', id: 'x'.repeat(400), data: { token: 'abc' } });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ field: 'id' });
  });
});
