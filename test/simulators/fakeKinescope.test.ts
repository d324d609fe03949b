import { createHash } from 'node:crypto';
import { validateConfig } from '../../src/config/load';
import { kinescope } from '../../src/providers/kinescope';
import { basicAuthorization } from '../../src/providers/kinescope/basicAuth';
import { KinescopeConnection } from '../../src/providers/kinescope/connection';
import { TRACKED_EVENTS } from '../../src/providers/kinescope/states';
import { verifyKinescope } from '../../src/providers/kinescope/verify';
import { FakeKinescopeSettings } from '../../src/simulators/kinescope/module';
import { startFakeKinescope, type FakeKinescope, type FakeKinescopeOptions } from '../../src/simulators/kinescope';
import { startHttpRecorder, type HttpRecorder, type RecordedRequest } from '../support/httpRecorder';
import { apiCaller, bearer, closedAfterEach, type Answer } from '../support/fakeApi';

const TOKEN = 'fake-kinescope-token';
const LOGIN = 'reelflow-main';
const PASSWORD = 'hunter2:with-colon';
const FAST = { stepMs: 10, processingMs: 20 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const connection = KinescopeConnection.parse({ name: 'main', provider: 'kinescope', username: LOGIN, password: PASSWORD });

const closeAfterEach = closedAfterEach();

async function setup(options: Partial<FakeKinescopeOptions> = {}, subscribe: string[] = [...TRACKED_EVENTS]) {
  const receiver = await startHttpRecorder();
  const fake = await startFakeKinescope({ apiToken: TOKEN, timing: FAST, ...options });
  closeAfterEach(fake, receiver);
  fake.putWebhook({ name: 'reelflow-main', endpoint: `${receiver.url}/webhooks/kinescope/main`, login: LOGIN, password: PASSWORD, events: subscribe });
  const api = apiCaller(() => fake.url, `Bearer ${TOKEN}`);
  const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) => api(method, path, body, bearer(token));
  return { fake, receiver, call };
}

function expectKinescopeError(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ error: { code: expect.any(Number), message: expect.any(String), detail: expect.any(String) } });
  expect(String(answer.body.error.code)).toMatch(new RegExp(`^${status}\\d{3}$`));
}

const webhooksTo = (receiver: HttpRecorder, path = '/webhooks/kinescope/main') => receiver.requests.filter((r) => r.url === path);
const eventsOf = (requests: RecordedRequest[]) => requests.map((r) => JSON.parse(r.body) as { event: string; data: Record<string, unknown> });

/** What the adapter makes of a delivery: it must pass verification, then parse. */
function acceptedByAdapter(request: RecordedRequest) {
  const webhook = { rawBody: request.raw, headers: request.headers, query: {} };
  verifyKinescope(webhook, connection);
  return kinescope.adapter.parse(JSON.parse(request.body), webhook, { connection, receivedAt: new Date() });
}

const upload = (call: Awaited<ReturnType<typeof setup>>['call'], url = 'https://media.example.com/clip.mp4') => call('POST', '/v1/videos', { title: 'clip', url });

describe('fake Kinescope: API', () => {
  it("answers 401 in Kinescope's error shape without the right Bearer token, and counts the calls", async () => {
    const { fake, call } = await setup();
    expectKinescopeError(await call('GET', '/v1/videos/nope', undefined, null), 401);
    expectKinescopeError(await upload((m, p, b) => call(m, p, b, 'wrong')), 401);
    expectKinescopeError(await call('GET', '/v1/webhooks', undefined, 'wrong'), 401);
    expect(fake.counters).toMatchObject({ requests: 3, videosCreated: 0, byRoute: { 'GET video': 1, 'POST video': 1, 'GET webhooks': 1 } });
  });

  it('uploads a video by URL, serves it as GET /v1/videos/{id} does, and forgets it on DELETE', async () => {
    const { fake, call } = await setup({ timing: { stepMs: 60_000 } });
    const created = await upload(call);
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({
      id: expect.stringMatching(UUID),
      project_id: expect.stringMatching(UUID),
      title: 'clip',
      status: 'pending',
      progress: 0,
      duration: null,
      play_link: `https://kinescope.io/${created.body.data.id}`,
    });
    const id = created.body.data.id;
    expect((await call('GET', `/v1/videos/${id}`)).body).toEqual(created.body);
    expect((await call('DELETE', `/v1/videos/${id}`)).status).toBe(200);
    expectKinescopeError(await call('GET', `/v1/videos/${id}`), 404);
    expectKinescopeError(await call('DELETE', `/v1/videos/${id}`), 404);
    expect(fake.counters.getsByVideo).toEqual({ [id]: 2 });
    expectKinescopeError(await call('POST', '/v1/videos', { title: 'no url' }), 400);
  });

  it('creates, enables and completes a live event; a move that makes no sense is a 409; DELETE makes it 404', async () => {
    const { call } = await setup();
    const created = await call('POST', '/v2/live/events', { name: 'Town hall', type: 'one-time' });
    expect(created.body.data).toMatchObject({ id: expect.stringMatching(UUID), name: 'Town hall', type: 'one-time', status: 'created' });
    const id = created.body.data.id;
    expectKinescopeError(await call('POST', `/_fake/live/events/${id}/connect`), 409); // not enabled yet
    expect((await call('PUT', `/v2/live/events/${id}/enable`)).body.data.status).toBe('enabled');
    expect((await call('GET', `/v2/live/events/${id}`)).body.data.status).toBe('enabled');
    expect((await call('PUT', `/v2/live/events/${id}/complete`)).body.data.status).toBe('finished');
    expect((await call('GET', `/v2/live/events/${id}/videos`)).body).toEqual({ data: [] }); // nothing streamed, nothing recorded
    expect((await call('DELETE', `/v2/live/events/${id}`)).status).toBe(200);
    expectKinescopeError(await call('GET', `/v2/live/events/${id}`), 404);
    expectKinescopeError(await call('POST', '/v2/live/events', { name: 'x', type: 'daily' }), 400);
  });

  it('manages webhooks: POST needs name, endpoint, events; PUT needs all five; GET masks the password', async () => {
    const { call } = await setup();
    for (const [body, field] of [
      [{ endpoint: 'https://a.test/h', events: ['media.update.status'] }, 'name'],
      [{ name: 'w', events: ['media.update.status'] }, 'endpoint'],
      [{ name: 'w', endpoint: 'ftp://a.test/h', events: ['media.update.status'] }, 'endpoint'],
      [{ name: 'w', endpoint: 'https://a.test/h' }, 'events'],
      [{ name: 'w', endpoint: 'https://a.test/h', events: ['media.nope'] }, 'events[0]'],
    ] as const) {
      const answer = await call('POST', '/v1/webhooks', body);
      expectKinescopeError(answer, 400);
      expect(answer.body.error.detail).toContain(field);
    }
    const created = await call('POST', '/v1/webhooks', { name: 'w', endpoint: 'https://a.test/h', events: ['media.update.status'], password: 's3cret' });
    expect(created.body.data).toMatchObject({ id: expect.stringMatching(UUID), name: 'w', login: '', password: '********' });
    const id = created.body.data.id;
    const partial = await call('PUT', `/v1/webhooks/${id}`, { name: 'w', endpoint: 'https://a.test/h', events: ['live.created'], password: 'x' });
    expectKinescopeError(partial, 400);
    expect(partial.body.error.detail).toContain('login');
    const replaced = await call('PUT', `/v1/webhooks/${id}`, { name: 'w2', endpoint: 'https://b.test/h', login: 'l', password: '', events: ['live.created'] });
    expect(replaced.body.data).toMatchObject({ id, name: 'w2', endpoint: 'https://b.test/h', login: 'l', password: '', events: ['live.created'] });
    const listed = await call('GET', '/v1/webhooks');
    expect(listed.body.data.map((w: any) => w.name)).toEqual(['reelflow-main', 'w2']);
    expect(JSON.stringify(listed.body)).not.toContain(PASSWORD);
    expect(listed.body.data[0].password).toBe('********');
    expect((await call('DELETE', `/v1/webhooks/${id}`)).status).toBe(200);
    expectKinescopeError(await call('DELETE', `/v1/webhooks/${id}`), 404);
  });

  it('serves /_fake/faults without a token', async () => {
    const { fake } = await setup();
    const put = await fetch(`${fake.url}/_fake/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ drop: 1 }) });
    expect(await put.json()).toEqual({ drop: 1 });
    expect(await (await fetch(`${fake.url}/_fake/faults`)).json()).toEqual({ drop: 1 });
  });
});

describe('fake Kinescope: webhooks as Kinescope sends them', () => {
  it('runs the video clock pending → uploading → pre-processing → processing → done, one Basic-authenticated media.update.status each', async () => {
    const { fake, receiver, call } = await setup();
    const id = (await upload(call)).body.data.id;
    await fake.idle();
    const delivered = webhooksTo(receiver);
    expect(eventsOf(delivered)).toEqual(['pending', 'uploading', 'pre-processing', 'processing', 'done'].map((status) => ({ event: 'media.update.status', data: { id, status } })));
    for (const request of delivered) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.authorization).toBe(basicAuthorization(LOGIN, PASSWORD));
      expect(acceptedByAdapter(request)).toMatchObject({ outcome: 'events', events: [{ key: `kinescope:main:media:${id}` }] });
    }
    expect((await call('GET', `/v1/videos/${id}`)).body.data).toMatchObject({ status: 'done', progress: 100, duration: 59.96 });
    expect(fake.counters).toMatchObject({ webhooksGenerated: 5, deliveryAttempts: 5, deliveriesSucceeded: 5, deliveriesDropped: 0, videosCreated: 1 });
  });

  it('fails a link it cannot download with the documented import error', async () => {
    const { fake, receiver, call } = await setup();
    const url = 'https://media.example.com/fail-me.mp4';
    const id = (await upload(call, url)).body.data.id;
    await fake.idle();
    expect(eventsOf(webhooksTo(receiver))).toEqual([
      { event: 'media.update.status', data: { id, status: 'pending' } },
      { event: 'media.update.status', data: { id, status: 'uploading' } },
      { event: 'media.update.status', data: { id, status: 'error', message: `import error: code=610100, message=cannot download link: ${url}, http_code=404` } },
    ]);
    expect(fake.video(id)?.status).toBe('error');
  });

  it('a live session: each move its live.* webhook; completing a streamed session records a video that runs to done', async () => {
    const { fake, receiver } = await setup();
    const { id } = fake.createLiveEvent('Town hall');
    fake.enableLive(id);
    fake.connectEncoder(id);
    fake.disconnectEncoder(id);
    fake.connectEncoder(id);
    const { videoId } = fake.completeLive(id);
    expect(videoId).toMatch(UUID);
    await fake.idle();
    const events = eventsOf(webhooksTo(receiver));
    expect(events.filter((e) => e.event.startsWith('live.'))).toEqual([
      { event: 'live.created', data: { event_id: id } },
      { event: 'live.enabled', data: { event_id: id } },
      { event: 'live.connected', data: { event_id: id } },
      { event: 'live.disconnected', data: { event_id: id } },
      { event: 'live.connected', data: { event_id: id } },
      { event: 'live.finished', data: { event_id: id, video_id: videoId } },
    ]);
    expect(events.filter((e) => e.event === 'media.update.status').map((e) => e.data)).toEqual([
      { id: videoId, status: 'processing' },
      { id: videoId, status: 'done' },
    ]);
    expect(fake.video(videoId!)).toMatchObject({ status: 'done', live_event_id: id });
    expect(fake.counters).toMatchObject({ liveEventsCreated: 1, videosCreated: 1 });
  });

  it('sends each webhook only its subscribed events, with its own credentials, and none when it has none', async () => {
    const { fake, receiver } = await setup({}, ['live.created']);
    fake.putWebhook({ name: 'open', endpoint: `${receiver.url}/open`, login: '', password: '', events: ['live.created', 'live.cancelled'] });
    const { id } = fake.createLiveEvent('Town hall');
    fake.cancelLive(id);
    await fake.idle();
    expect(eventsOf(webhooksTo(receiver)).map((e) => e.event)).toEqual(['live.created']);
    const open = webhooksTo(receiver, '/open');
    expect(eventsOf(open).map((e) => e.event)).toEqual(['live.created', 'live.cancelled']);
    expect(open.every((r) => r.headers.authorization === undefined)).toBe(true);
    // The same event goes out as the same bytes to every webhook.
    expect(webhooksTo(receiver)[0]!.body).toBe(open[0]!.body);
  });

  it('retries a refused delivery three times (4 attempts), the same bytes each time', async () => {
    const { fake, receiver } = await setup();
    receiver.respond(() => ({ status: 500 }));
    fake.createLiveEvent('Town hall');
    await fake.idle();
    const attempts = webhooksTo(receiver);
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((r) => createHash('sha256').update(r.raw).digest('hex'))).size).toBe(1);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 1, deliveryAttempts: 4, deliveriesSucceeded: 0 });
  }, 20_000);

  it('stops retrying once the receiver takes it', async () => {
    const { fake, receiver } = await setup();
    let calls = 0;
    receiver.respond(() => ({ status: ++calls === 1 ? 503 : 200 }));
    fake.createLiveEvent('Town hall');
    await fake.idle();
    expect(webhooksTo(receiver)).toHaveLength(2);
    expect(fake.counters).toMatchObject({ deliveryAttempts: 2, deliveriesSucceeded: 1 });
  });

  it("faults: duplicate sends identical copies, drop sends nothing, reorder shuffles a video's statuses", async () => {
    const { fake, receiver, call } = await setup({ faults: { duplicate: 2 } });
    fake.createLiveEvent('dup');
    await fake.idle();
    const copies = webhooksTo(receiver);
    expect(copies).toHaveLength(3);
    expect(new Set(copies.map((r) => r.body)).size).toBe(1);

    fake.setFaults({ drop: 1 });
    fake.createLiveEvent('dropped');
    await fake.idle();
    expect(webhooksTo(receiver)).toHaveLength(3);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 2, deliveriesDropped: 1 });

    fake.setFaults({ reorder: true });
    const id = (await upload(call)).body.data.id;
    await fake.idle();
    const statuses = eventsOf(webhooksTo(receiver).slice(3)).map((e) => e.data.status);
    expect([...statuses].sort()).toEqual(['done', 'pending', 'pre-processing', 'processing', 'uploading']);
    expect(statuses).not.toEqual(['pending', 'uploading', 'pre-processing', 'processing', 'done']);
    expect(fake.video(id)?.status).toBe('done');
  });

  it('setVideoStatus takes a video off its clock and announces any status, documented or not', async () => {
    const { fake, receiver, call } = await setup({ timing: { stepMs: 60_000 } });
    const id = (await upload(call)).body.data.id;
    fake.setVideoStatus(id, 'suspended');
    fake.setVideoStatus(id, 'transcoding-v2');
    await fake.idle();
    const outcomes = webhooksTo(receiver).map(acceptedByAdapter);
    expect(outcomes.map((o) => (o.outcome === 'events' ? o.events[0]!.state : o.outcome))).toEqual(['pending', 'suspended', 'transcoding-v2']);
    expect(outcomes[2]).toMatchObject({ notes: ['unknown Kinescope video status "transcoding-v2": taken as processing'] });
  });
});

describe('fake Kinescope as a ProviderSimulator', () => {
  it("connect() registers reelflow-<connection> with the connection's Basic credentials and every tracked event, once", async () => {
    const fake: FakeKinescope = await startFakeKinescope({ apiToken: TOKEN });
    closeAfterEach(fake);
    const rotating = KinescopeConnection.parse({ name: 'eu', provider: 'kinescope', username: 'rf', password: ['new', 'old'] });
    kinescope.simulator.connect(fake, rotating, 'http://127.0.0.1:1/webhooks/kinescope/eu');
    kinescope.simulator.connect(fake, rotating, 'http://127.0.0.1:2/webhooks/kinescope/eu');
    expect(fake.webhooks()).toEqual([
      expect.objectContaining({ name: 'reelflow-eu', endpoint: 'http://127.0.0.1:2/webhooks/kinescope/eu', login: 'rf', password: '********', events: [...TRACKED_EVENTS] }),
    ]);
  });

  it('its demo loads: port 3102, the same token on both sides, served by token', () => {
    const demo = kinescope.simulator.demo();
    const config = validateConfig({ connections: [demo.connection], simulators: { kinescope: demo.options } }, 'demo', {});
    const options = config.simulators.kinescope as FakeKinescopeSettings;
    expect(options).toMatchObject({ port: 3102, apiToken: 'demo-token', host: '127.0.0.1' });
    expect(config.connections[0]).toMatchObject({ apiBaseUrl: 'http://127.0.0.1:3102', username: 'reelflow', password: ['demo-password'] });
    expect(kinescope.simulator.serves(options, config.connections[0] as never)).toBe(true);
    expect(kinescope.simulator.serves({ ...options, apiToken: 'other' }, config.connections[0] as never)).toBe(false);
    expect(FakeKinescopeSettings.parse({ apiToken: 'x' }).port).toBe(3102);
  });
});
