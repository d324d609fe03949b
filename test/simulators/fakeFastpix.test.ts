import { FastpixConnection } from '../../src/providers/fastpix/connection';
import { normalizeFastpix } from '../../src/providers/fastpix/normalize';
import { verifyFastpix } from '../../src/providers/fastpix/verify';
import { startFakeFastpix, type FakeFastpix, type FakeFastpixOptions } from '../../src/simulators/fastpix';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';
import { eventually } from '../support/temporal';
import { apiCaller, closedAfterEach, type Answer } from '../support/fakeApi';

const TOKEN_ID = 'fake-token-id';
const SECRET_KEY = 'fake-secret-key';
const WS = 'b7c9e1f3-2a4d-4b6c-8e0f-1a3c5e7b9d2f';
const SIGNING_SECRET = Buffer.from('fake-fastpix-test-signing-secret').toString('base64');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX32 = /^[0-9a-f]{32}$/;
const SAMPLE = { inputs: [{ type: 'video', url: 'https://static.fastpix.com/fp-sample-video.mp4' }], metadata: { key1: 'value1' } };
const FAILING = { inputs: [{ type: 'video', url: 'https://example.com/fail.mp4' }] };
const basic = (id = TOKEN_ID, key = SECRET_KEY) => `Basic ${Buffer.from(`${id}:${key}`).toString('base64')}`;

const connection = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: SIGNING_SECRET, workspace: WS });

const closeAfterEach = closedAfterEach();

async function setup(options: Partial<FakeFastpixOptions> = {}) {
  const receiver = await startHttpRecorder();
  const fake = await startFakeFastpix({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, workspaceId: WS, timing: { processingMs: 10, readyMs: 20, reconnectWindowMs: 300 }, ...options });
  closeAfterEach(fake, receiver);
  fake.addEndpoint({ url: `${receiver.url}/webhooks/fastpix/main`, signingSecret: SIGNING_SECRET });
  const call = apiCaller(() => fake.url, basic());
  return { fake, receiver, call };
}

function expectFastpixError(answer: Pick<Answer, 'status' | 'body'>, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ success: false, error: { code: status, message: expect.any(String), description: expect.any(String) } });
}

const bodiesOf = (receiver: HttpRecorder) => receiver.requests.map((request) => JSON.parse(request.body));
const typesOf = (receiver: HttpRecorder) => bodiesOf(receiver).map((body) => body.type);

describe('fake FastPix: API', () => {
  it('answers 401 in FastPix’s error shape without the right Basic credentials, and counts every call', async () => {
    const { fake, call } = await setup();
    expectFastpixError(await call('POST', '/v1/on-demand', SAMPLE, null), 401);
    expectFastpixError(await call('POST', '/v1/on-demand', SAMPLE, basic(TOKEN_ID, 'wrong')), 401);
    expectFastpixError(await call('GET', '/v1/on-demand/x', undefined, basic('other-id')), 401);
    expectFastpixError(await call('GET', '/v1/on-demand/x', undefined, `Bearer ${SECRET_KEY}`), 401);
    expect(fake.counters).toMatchObject({ requests: 4, mediaCreated: 0, byRoute: { 'POST media': 2, 'GET media': 2 }, getsByResource: { x: 2 }, webhooksGenerated: 0 });
  });

  it('creates a media (201), serves it and lists it; 404 for an unknown one; 400 naming a bad input', async () => {
    const { fake, call } = await setup({ timing: { processingMs: 60_000 } });
    const created = await call('POST', '/v1/on-demand', SAMPLE);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      success: true,
      data: expect.objectContaining({
        id: expect.stringMatching(UUID),
        workspaceId: WS,
        status: 'Created',
        metadata: { key1: 'value1' },
        inputs: SAMPLE.inputs,
        playbackIds: [{ id: expect.stringMatching(UUID), accessPolicy: 'public' }],
      }),
    });
    const { id } = created.body.data;
    expect(await call('GET', `/v1/on-demand/${id}`)).toEqual({ status: 200, body: created.body });
    expect((await call('GET', '/v1/on-demand')).body).toMatchObject({ success: true, data: [created.body.data], pagination: { totalRecords: 1 } });
    expectFastpixError(await call('GET', '/v1/on-demand/00000000-0000-4000-8000-000000000000'), 404);
    for (const [body, field] of [
      [{}, 'inputs'],
      [{ inputs: [{ type: 'video' }] }, 'inputs[0].url'],
      [{ inputs: [{ type: 'video', url: 'ftp://x/y.mp4' }] }, 'inputs[0].url'],
    ] as const) {
      const refused = await call('POST', '/v1/on-demand', body);
      expectFastpixError(refused, 400);
      expect(refused.body.error.description).toContain(field);
    }
    expect(fake.counters.mediaCreated).toBe(1);
  });

  it('moves a media Created → Processing → Ready on its clock, with tracks once ready', async () => {
    const { fake, call } = await setup({ timing: { processingMs: 60_000, readyMs: 60_000 } });
    const { id } = (await call('POST', '/v1/on-demand', SAMPLE)).body.data;
    expect(fake.media(id)!.status).toBe('Created');
    fake.setTiming({ processingMs: 10, readyMs: 60_000 });
    const { id: second } = (await call('POST', '/v1/on-demand', SAMPLE)).body.data;
    await eventually(async () => (fake.media(second)!.status === 'Processing' ? true : undefined));
    expect(fake.media(id)!.status).toBe('Created'); // its step started with the old timing
    fake.setTiming({ processingMs: 10, readyMs: 10 });
    const { id: third } = (await call('POST', '/v1/on-demand', SAMPLE)).body.data;
    await eventually(async () => (fake.media(third)!.status === 'Ready' ? true : undefined));
    expect((await call('GET', `/v1/on-demand/${third}`)).body.data).toMatchObject({ status: 'Ready', duration: expect.any(String), tracks: [{ type: 'video' }, { type: 'audio' }] });
  });

  it('updates metadata (video.media.updated) and deletes (video.media.deleted, then 404)', async () => {
    const { fake, receiver, call } = await setup();
    const { id } = (await call('POST', '/v1/on-demand', SAMPLE)).body.data;
    await fake.idle();
    const patched = await call('PATCH', `/v1/on-demand/${id}`, { metadata: { title: 'new' } });
    expect(patched.body.data.metadata).toEqual({ title: 'new' });
    expect(await call('DELETE', `/v1/on-demand/${id}`)).toEqual({ status: 200, body: { success: true } });
    expectFastpixError(await call('GET', `/v1/on-demand/${id}`), 404);
    expectFastpixError(await call('DELETE', `/v1/on-demand/${id}`), 404);
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['video.media.created', 'video.media.ready', 'video.media.updated', 'video.media.deleted']);
  });
});

describe('fake FastPix: webhooks', () => {
  it('sends video.media.created then ready, enveloped as the SDK models it, data equal to GET, exact counters', async () => {
    const { fake, receiver, call } = await setup();
    const { id } = (await call('POST', '/v1/on-demand', SAMPLE)).body.data;
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['video.media.created', 'video.media.ready']);
    const [created, ready] = bodiesOf(receiver);
    for (const body of [created, ready]) {
      expect(Object.keys(body).sort()).toEqual(['attempts', 'createdAt', 'data', 'id', 'object', 'status', 'type', 'workspace']);
      expect(body).toMatchObject({ id: expect.stringMatching(UUID), object: { type: 'media', id }, workspace: { id: WS, name: expect.any(String) }, attempts: [] });
      expect(new Date(body.createdAt).toISOString()).toBe(body.createdAt);
    }
    expect(created).toMatchObject({ status: 'media_created', data: { id, status: 'Created' } });
    expect(ready).toMatchObject({ status: 'ready', data: { id, status: 'Ready' } });
    expect(ready.id).not.toBe(created.id);
    expect(ready.data).toEqual((await call('GET', `/v1/on-demand/${id}`)).body.data);
    for (const request of receiver.requests) {
      expect(request.url).toBe('/webhooks/fastpix/main');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['fastpix-signature']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
    expect(fake.counters).toEqual({
      requests: 2,
      byRoute: { 'POST media': 1, 'GET media': 1 },
      getsByResource: { [id]: 1 },
      rateLimited: 0,
      mediaCreated: 1,
      liveStreamsCreated: 0,
      webhooksGenerated: 2,
      deliveryAttempts: 2,
      deliveriesSucceeded: 2,
      deliveriesDropped: 0,
    });
  });

  it('delivers what Reelflow verifies and normalizes; a media from a failing URL fails', async () => {
    const { fake, receiver, call } = await setup();
    const ok = (await call('POST', '/v1/on-demand', SAMPLE)).body.data.id;
    const bad = (await call('POST', '/v1/on-demand', FAILING)).body.data.id;
    await fake.idle();
    const phases: Record<string, string[]> = {};
    for (const request of receiver.requests) {
      expect(() => verifyFastpix({ rawBody: request.raw, headers: request.headers, query: {} }, connection)).not.toThrow();
      const outcome = normalizeFastpix(JSON.parse(request.body), { connection, receivedAt: new Date() });
      if (outcome.outcome !== 'events') throw new Error('expected events');
      for (const event of outcome.events) (phases[event.id] ??= []).push(event.phase);
    }
    expect(phases).toEqual({ [ok]: ['pending', 'ready'], [bad]: ['pending', 'failed'] });
    expect((await call('GET', `/v1/on-demand/${bad}`)).body.data.status).toBe('Failed');
  });

  it('signs with the key the endpoint was given: a raw-encoded secret verifies only as raw', async () => {
    const { fake, receiver } = await setup();
    const raw = 'not-base64 secret!';
    const other = await startHttpRecorder();
    closeAfterEach(other);
    fake.addEndpoint({ url: `${other.url}/raw`, signingSecret: raw, encoding: 'raw' });
    fake.createMedia(SAMPLE);
    await fake.idle();
    expect(other.requests).toHaveLength(2);
    expect(receiver.requests).toHaveLength(2);
    const rawConnection = FastpixConnection.parse({ name: 'raw', provider: 'fastpix', signingSecret: raw, signingSecretEncoding: 'raw' });
    for (const request of other.requests) {
      const webhook = { rawBody: request.raw, headers: request.headers, query: {} };
      expect(() => verifyFastpix(webhook, rawConnection)).not.toThrow();
      expect(() => verifyFastpix(webhook, connection)).toThrow('signature does not match');
    }
  });

  it('sends nothing to an endpoint of another workspace', async () => {
    const { fake, receiver } = await setup();
    const other = await startHttpRecorder();
    closeAfterEach(other);
    fake.addEndpoint({ url: `${other.url}/elsewhere`, workspaceId: 'another-workspace' });
    fake.createMedia(SAMPLE);
    await fake.idle();
    expect(receiver.requests).toHaveLength(2);
    expect(other.requests).toHaveLength(0);
  });

  it('faults.duplicate: each event three times, same bytes and id', async () => {
    const { fake, receiver } = await setup({ faults: { duplicate: 2 } });
    fake.createMedia(SAMPLE);
    await fake.idle();
    expect(typesOf(receiver).sort()).toEqual([...Array(3).fill('video.media.created'), ...Array(3).fill('video.media.ready')]);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(2);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 2, deliveryAttempts: 6, deliveriesSucceeded: 6 });
  });

  it('faults.reorder: a media’s events held until its last, then delivered out of order', async () => {
    const { fake, receiver } = await setup({ faults: { reorder: true } });
    fake.createMedia(SAMPLE);
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['video.media.ready', 'video.media.created']);
  });

  it('faults.drop: lost inside the platform, counted as generated and dropped', async () => {
    const { fake, receiver, call } = await setup({ faults: { drop: 1 } });
    const { id } = (await call('POST', '/v1/on-demand', SAMPLE)).body.data;
    await fake.idle();
    expect(receiver.requests).toHaveLength(0);
    expect((await call('GET', `/v1/on-demand/${id}`)).body.data.status).toBe('Ready');
    expect(fake.counters).toMatchObject({ webhooksGenerated: 2, deliveriesDropped: 2, deliveryAttempts: 0 });
  });

  it('faults.delayMs holds each delivery that long', async () => {
    const { fake, receiver } = await setup({ faults: { delayMs: 300 }, timing: { processingMs: 60_000 } });
    const started = Date.now();
    fake.createMedia(SAMPLE);
    await eventually(async () => (receiver.requests.length === 1 ? true : undefined));
    expect(receiver.requests[0]!.at - started).toBeGreaterThanOrEqual(290);
  });

  // A live stream's creation is one webhook and no clock: idle() waits for its deliveries only.
  it('redelivers a refused webhook three times (4 attempts), same body, then gives up', async () => {
    const { fake, receiver } = await setup();
    receiver.respond(() => ({ status: 500, body: { error: 'down' } }));
    fake.createLiveStream();
    await fake.idle();
    expect(receiver.requests).toHaveLength(4);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    // Backoff 200, 400, 800 ms: the habit, not a storm.
    expect(receiver.requests[3]!.at - receiver.requests[0]!.at).toBeGreaterThanOrEqual(1300);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 1, deliveryAttempts: 4, deliveriesSucceeded: 0 });
  });

  it('a redelivery that succeeds stops the retries', async () => {
    const { fake, receiver } = await setup();
    receiver.respond((request) => ({ status: receiver.requests.indexOf(request) < 1 ? 503 : 200 }));
    fake.createLiveStream();
    await fake.idle();
    expect(receiver.requests).toHaveLength(2);
    expect(fake.counters).toMatchObject({ deliveryAttempts: 2, deliveriesSucceeded: 1 });
  });

  it('GET and PUT /_fake/faults change the faults over HTTP (for `reelflow simulate`)', async () => {
    const { fake, receiver } = await setup();
    const put = await fetch(`${fake.url}/_fake/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ drop: 1 }) });
    expect(await put.json()).toEqual({ drop: 1 });
    expect(await (await fetch(`${fake.url}/_fake/faults`)).json()).toEqual({ drop: 1 });
    fake.createMedia(SAMPLE);
    await fake.idle();
    expect(receiver.requests).toHaveLength(0);
    const bad = await fetch(`${fake.url}/_fake/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ drop: 2 }) });
    expectFastpixError({ status: bad.status, body: await bad.json() }, 400);
  });
});

describe('fake FastPix: live streams and the encoder', () => {
  const encoder = (fake: FakeFastpix, id: string, action: 'connect' | 'disconnect') => fetch(`${fake.url}/_fake/live/streams/${id}/${action}`, { method: 'POST' });
  const liveTypes = (receiver: HttpRecorder) => typesOf(receiver).map((type: string) => type.replace('video.live_stream.', ''));

  it('creates a stream (201, idle) and serves it; refuses a reconnect window over 1800 s', async () => {
    const { fake, receiver, call } = await setup();
    const created = await call('POST', '/v1/live/streams', { playbackSettings: { accessPolicy: 'public' }, inputMediaSettings: { reconnectWindow: 60, metadata: { livestream_name: 'x' } } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      streamId: expect.stringMatching(HEX32),
      streamKey: expect.stringMatching(HEX32),
      status: 'idle',
      reconnectWindow: 60,
      enableRecording: true,
      metadata: { livestream_name: 'x' },
    });
    expect((await call('GET', `/v1/live/streams/${created.body.data.streamId}`)).body).toEqual(created.body);
    expectFastpixError(await call('GET', '/v1/live/streams/0123456789abcdef0123456789abcdef'), 404);
    expectFastpixError(await call('POST', '/v1/live/streams', { inputMediaSettings: { reconnectWindow: 5000 } }), 400);
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['video.live_stream.created']);
    expect(bodiesOf(receiver)[0]).toMatchObject({ object: { type: 'live-stream', id: created.body.data.streamId }, data: { streamId: created.body.data.streamId, status: 'idle' } });
  });

  it('connect, drop, back inside the window, stop: idle after the window, then the recording becomes a ready media', async () => {
    const { fake, receiver, call } = await setup({ timing: { processingMs: 10, readyMs: 50, reconnectWindowMs: 3_000 } });
    const { streamId } = (await call('POST', '/v1/live/streams', {})).body.data;
    expect((await encoder(fake, streamId, 'connect')).status).toBe(200);
    expect((await call('GET', `/v1/live/streams/${streamId}`)).body.data.status).toBe('active');
    await encoder(fake, streamId, 'disconnect');
    expect((await call('GET', `/v1/live/streams/${streamId}`)).body.data.status).toBe('active'); // inside the reconnect window
    await encoder(fake, streamId, 'connect');
    await encoder(fake, streamId, 'disconnect');
    await eventually(async () => (fake.liveStream(streamId)!.recordings.length === 1 ? true : undefined));
    await fake.idle();
    expect(liveTypes(receiver)).toEqual([
      'created',
      'preparing',
      'connected',
      'recording',
      'active',
      'disconnected',
      'connected',
      'active',
      'disconnected',
      'idle',
      'video.media.live_stream.created',
      'video.media.ready',
    ]);
    const recordingId = fake.liveStream(streamId)!.recordings[0]!;
    const [linked] = bodiesOf(receiver).filter((body) => body.type === 'video.media.live_stream.created');
    expect(linked).toMatchObject({ object: { type: 'media', id: recordingId }, data: { id: recordingId, liveStreamId: streamId } });
    expect(bodiesOf(receiver).find((body) => body.type === 'video.live_stream.idle').data).toMatchObject({ status: 'idle', reconnectWindow: 3 });
    expect((await call('GET', `/v1/on-demand/${recordingId}`)).body.data).toMatchObject({ status: 'Ready', liveStreamId: streamId });
    expect((await call('GET', `/v1/live/streams/${streamId}`)).body.data.status).toBe('idle');
  });

  it('a drop longer than the window ends the session; the next connect starts a new one', async () => {
    const { fake, receiver, call } = await setup({ timing: { processingMs: 10, readyMs: 10, reconnectWindowMs: 50 } });
    const { streamId } = (await call('POST', '/v1/live/streams', {})).body.data;
    await encoder(fake, streamId, 'connect');
    await encoder(fake, streamId, 'disconnect');
    await eventually(async () => (fake.liveStream(streamId)!.status === 'idle' ? true : undefined));
    await encoder(fake, streamId, 'connect');
    await fake.idle();
    expect(liveTypes(receiver).filter((type: string) => !type.startsWith('video.media'))).toEqual([
      'created',
      'preparing',
      'connected',
      'recording',
      'active',
      'disconnected',
      'idle',
      'preparing',
      'connected',
      'recording',
      'active',
    ]);
  });

  it('refuses what an encoder cannot do, in FastPix’s error shape', async () => {
    const { fake, call } = await setup();
    const { streamId } = (await call('POST', '/v1/live/streams', {})).body.data;
    const notConnected = await encoder(fake, streamId, 'disconnect');
    expectFastpixError({ status: notConnected.status, body: await notConnected.json() }, 409);
    await encoder(fake, streamId, 'connect');
    const twice = await encoder(fake, streamId, 'connect');
    expectFastpixError({ status: twice.status, body: await twice.json() }, 409);
    const unknown = await encoder(fake, '0123456789abcdef0123456789abcdef', 'connect');
    expectFastpixError({ status: unknown.status, body: await unknown.json() }, 404);
  });

  it('deleting a live stream ends its session first (idle, recording), then video.live_stream.deleted and 404', async () => {
    const { fake, receiver, call } = await setup();
    const { streamId } = (await call('POST', '/v1/live/streams', {})).body.data;
    await encoder(fake, streamId, 'connect');
    expect(await call('DELETE', `/v1/live/streams/${streamId}`)).toEqual({ status: 200, body: { success: true } });
    expectFastpixError(await call('GET', `/v1/live/streams/${streamId}`), 404);
    await fake.idle();
    const types = liveTypes(receiver);
    expect(types.slice(types.indexOf('active') + 1).filter((type: string) => !type.startsWith('video.media'))).toEqual(['idle', 'deleted']);
    expect(types).toContain('video.media.live_stream.created');
  });
});
