import { MediaManagerConnection } from '../../src/providers/mediamanager/connection';
import { normalizeMediaManager } from '../../src/providers/mediamanager/normalize';
import { verifyMediaManager } from '../../src/providers/mediamanager/verify';
import { dropWebhooks } from '../../src/simulators/kit/scenarioTools';
import { mediaManagerSimulator } from '../../src/simulators/mediamanager/module';
import { startFakeMediaManager, type FakeMediaManagerOptions, type WebhookSettings } from '../../src/simulators/mediamanager';
import { startHttpRecorder, type HttpRecorder, type RecordedRequest } from '../support/httpRecorder';
import { apiCaller, bearer, closedAfterEach } from '../support/fakeApi';

const API_TOKEN = 'fake-mm-token';
const TEAM = '7';
const SECRET = 'team-webhook-secret';
const FAST = { processingMs: 20, masterMs: 10, retryBackoffMs: 20 };

const closeAfterEach = closedAfterEach();

async function setup(options: Partial<FakeMediaManagerOptions> = {}, webhook: WebhookSettings | null = { secret: SECRET }) {
  const receiver = await startHttpRecorder(() => ({ status: 200, body: 'ok' }));
  const fake = await startFakeMediaManager({ port: 0, apiToken: API_TOKEN, teamId: TEAM, getCacheMs: 0, idleAfterMs: 50, timing: FAST, ...options });
  closeAfterEach(fake, receiver);
  const hookUrl = `${receiver.url}/webhooks/mediamanager/main`;
  if (webhook) fake.setWebhook(hookUrl, webhook);
  // Fake-only routes live at the server's root, the API under /api/v1.
  const api = apiCaller((path) => (path.startsWith('/_fake/') ? fake.root : fake.url), `Bearer ${API_TOKEN}`);
  const call = (method: string, path: string, body?: unknown, token: string | null = API_TOKEN) => api(method, path, body, bearer(token));
  const upload = async (extra: Record<string, unknown> = {}) => {
    const answer = await call('POST', '/media', { title: 'Q3 results', source_url: 'https://uploads.example.com/q3.mp4', ...extra });
    expect(answer.status).toBe(201);
    return answer.body.data as { id: number; token: string; live: boolean; published: boolean };
  };
  const list = (query: string) => call('GET', `/media?team_id=${TEAM}${query}`);
  return { fake, receiver, call, upload, list, hookUrl };
}

const eventsOf = (receiver: HttpRecorder) => receiver.requests.map((request) => JSON.parse(request.body).event as string);
const connectionFor = (extra: Record<string, unknown> = {}) => MediaManagerConnection.parse({ name: 'main', provider: 'mediamanager', secret: SECRET, ...extra });

function expectAuthenticAndNormalized(request: RecordedRequest, connection: MediaManagerConnection) {
  expect(() => verifyMediaManager({ rawBody: request.raw, headers: request.headers, query: {} }, connection)).not.toThrow();
  return normalizeMediaManager(JSON.parse(request.body), request.raw, { connection, receivedAt: new Date() });
}

describe('fake Media Manager: API', () => {
  it('answers 401 { message } without the right Bearer token, and counts the call', async () => {
    const { fake, call } = await setup();
    expect(await call('GET', `/media?team_id=${TEAM}`, undefined, null)).toEqual({ status: 401, body: { message: 'Unauthenticated.' } });
    expect(await call('POST', '/media', { title: 'x', source_url: 'https://x.example/y.mp4' }, 'wrong')).toEqual({ status: 401, body: { message: 'Unauthenticated.' } });
    expect(fake.counters).toMatchObject({ requests: 2, mediaCreated: 0, byRoute: { 'GET media': 1, 'POST media': 1 } });
  });

  it('validates like Laravel: 422 with errors per field', async () => {
    const { call } = await setup();
    expect(await call('POST', '/media', { source_url: 'https://x.example/y.mp4' })).toEqual({
      status: 422,
      body: { message: 'The title field is required.', errors: { title: ['The title field is required.'] } },
    });
    expect((await call('POST', '/media', { title: 'x' })).body.errors).toHaveProperty('source_url');
    expect((await call('POST', '/media', { title: 'x', source_url: 'not a url' })).status).toBe(422);
    expect((await call('POST', '/media', { title: 'x', live: 'yes' })).body.errors).toHaveProperty('live');
    expect((await call('GET', '/media')).body).toEqual({ message: 'The team id field is required.', errors: { team_id: ['The team id field is required.'] } });
    expect(await call('GET', '/media?team_id=8')).toEqual({ status: 403, body: { message: 'This action is unauthorized.' } });
    expect(await call('GET', '/nothing')).toEqual({ status: 404, body: { message: 'The route api/v1/nothing could not be found.' } });
  });

  it('creates a media as the platform shows it', async () => {
    const { upload, fake } = await setup({ timing: { ...FAST, processingMs: 60_000 } });
    const media = await upload();
    expect(media).toEqual({
      id: expect.any(Number),
      token: expect.stringMatching(/^[0-9a-f-]{36}$/),
      team_id: 7,
      title: 'Q3 results',
      description: null,
      published: false,
      live: false,
      video: true,
      audio: false,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      updated_at: expect.any(String),
      deleted_at: null,
    });
    expect(fake.media(media.token)).toMatchObject({ stage: 'processing', published: false });
  });

  it('lists only published, undeleted media of the team, filtered by token (comma list) and live', async () => {
    const { fake, upload, call, list } = await setup();
    const a = await upload({ auto_publish: true });
    const b = await upload({ auto_publish: true });
    const hidden = await upload();
    const stream = await upload({ live: true, auto_publish: true, source_url: undefined });
    await fake.idle();
    expect((await list('')).body.data.map((m: any) => m.token).sort()).toEqual([a.token, b.token, stream.token].sort());
    expect((await list(`&filter[token]=${a.token},${hidden.token}`)).body.data.map((m: any) => m.token)).toEqual([a.token]);
    expect((await list('&filter[live]=true')).body.data.map((m: any) => m.token)).toEqual([stream.token]);
    expect((await call('DELETE', `/media/${b.token}`)).status).toBe(204);
    expect((await list(`&filter[token]=${b.token}`)).body.data).toEqual([]);
    expect((await call('POST', `/media/${b.token}/restore`)).status).toBe(200);
    expect((await list(`&filter[token]=${b.token}`)).body.data).toHaveLength(1);
    expect(fake.counters.getsByToken).toMatchObject({ [a.token]: 1, [hidden.token]: 1, [b.token]: 2 });
  });

  it('paginates like Laravel (15 a page, links and meta)', async () => {
    const { fake, upload, list } = await setup({ timing: { ...FAST, processingMs: 0, masterMs: 0 } });
    for (let i = 0; i < 16; i++) await upload({ auto_publish: true });
    await fake.idle();
    const first = await list('');
    expect(first.body.data).toHaveLength(15);
    expect(first.body.meta).toMatchObject({ current_page: 1, last_page: 2, per_page: 15, total: 16, from: 1, to: 15 });
    expect(first.body.links).toMatchObject({ prev: null, next: expect.stringContaining('page=2') });
    const second = await list('&page=2');
    expect(second.body.data).toHaveLength(1);
    expect(second.body.meta).toMatchObject({ current_page: 2, from: 16, to: 16 });
  });

  it('caches each GET answer for getCacheMs, per URL: a media published meanwhile shows only later', async () => {
    // Published by hand, not on the processing clock, so the first answer is empty however slow the machine.
    const { fake, upload, call, list } = await setup({ getCacheMs: 1_000 });
    const media = await upload();
    await fake.idle(); // processed, not published
    const url = `&filter[token]=${media.token}`;
    expect((await list(url)).body.data).toEqual([]);
    expect((await call('POST', `/media/${media.token}/publish`)).status).toBe(200);
    expect((await list(url)).body.data).toEqual([]); // the cached answer
    expect(fake.counters.cacheHits).toBe(1);
    expect((await list(`${url}&page=1`)).body.data).toHaveLength(1); // another URL: a fresh answer
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await list(url)).body.data).toHaveLength(1);
    expect(fake.counters.cacheHits).toBe(1);
  });

  it('publishes only processed media, and answers 404 for unknown or deleted ones', async () => {
    const { fake, upload, call } = await setup({ timing: { ...FAST, processingMs: 60_000 } });
    const media = await upload();
    expect(await call('POST', `/media/${media.token}/publish`)).toEqual({
      status: 422,
      body: { message: 'The media has not finished processing and cannot be published.', errors: { media: [expect.any(String)] } },
    });
    expect((await call('POST', '/media/nope/publish')).body.message).toBe('No query results for model [App\\Models\\Media] nope');
    expect((await call('DELETE', `/media/${media.token}`)).status).toBe(204);
    expect((await call('DELETE', `/media/${media.token}`)).status).toBe(404);
    expect((await call('POST', `/media/${media.token}/restore`)).status).toBe(200);
    expect((await call('POST', `/media/${media.token}/restore`)).status).toBe(422);
    expect(fake.media(media.token)).toMatchObject({ deletedAt: null, stage: 'processing' });
  });
});

describe('fake Media Manager: webhooks', () => {
  it('sends created → upload.completed → master.ready → published, signed, each body the media as it was', async () => {
    const { fake, receiver, upload, list } = await setup();
    const media = await upload({ auto_publish: true });
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.created', 'media.upload.completed', 'media.master.ready', 'media.published']);
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    for (const [i, body] of bodies.entries()) {
      expect(Object.keys(body)).toEqual(['event', 'data', 'created_at']);
      expect(body.data).toMatchObject({ id: media.id, token: media.token, team_id: 7, live: false, published: i === 3 });
      expect(body.created_at).toMatch(/\.\d{6}Z$/);
      expect(receiver.requests[i]!.url).toBe('/webhooks/mediamanager/main');
      expect(receiver.requests[i]!.headers['content-type']).toBe('application/json');
      expect(receiver.requests[i]!.headers.signature).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(bodies[3].data).toEqual((await list(`&filter[token]=${media.token}`)).body.data[0]);

    const connection = connectionFor();
    const phases = receiver.requests.map((request) => {
      const outcome = expectAuthenticAndNormalized(request, connection);
      if (outcome.outcome !== 'events') throw new Error('expected events');
      return [outcome.events[0]!.key, outcome.events[0]!.phase, outcome.events[0]!.aspect ?? null];
    });
    const key = `mediamanager:main:media:${media.token}`;
    expect(phases).toEqual([
      [key, 'pending', null],
      [key, 'ready', null],
      [key, 'ready', 'master'],
      [key, 'ready', 'publication'],
    ]);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 4, deliveryAttempts: 4, deliveriesSucceeded: 4, deliveriesDropped: 0, mediaCreated: 1 });
  });

  it('a source URL with "fail" in it ends in media.upload.failed, nothing after', async () => {
    const { fake, receiver, upload } = await setup();
    await upload({ source_url: 'https://uploads.example.com/fail.mp4', auto_publish: true });
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.created', 'media.upload.failed']);
  });

  it('publish, unpublish, delete and restore each send their event', async () => {
    const { fake, receiver, upload, call } = await setup();
    const media = await upload();
    await fake.idle();
    for (const [method, path] of [
      ['POST', 'publish'],
      ['POST', 'publish'], // already published: nothing new to say
      ['POST', 'unpublish'],
      ['DELETE', ''],
      ['POST', 'restore'],
    ] as const) {
      expect((await call(method, `/media/${media.token}${path ? `/${path}` : ''}`)).status).toBeLessThan(300);
    }
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.created', 'media.upload.completed', 'media.master.ready', 'media.published', 'media.unpublished', 'media.deleted', 'media.restored']);
    expect(JSON.parse(receiver.requests[5]!.body).data.deleted_at).toMatch(/Z$/);
  });

  it('generates a secret for a new webhook, reveals it, and signs with it', async () => {
    const { fake, receiver, upload, hookUrl } = await setup({}, null);
    const endpoint = fake.setWebhook(hookUrl);
    expect(endpoint.secret).toMatch(/^[0-9a-f]{40}$/);
    expect(fake.webhooks()).toEqual([endpoint]);
    await upload();
    await fake.idle();
    expect(receiver.requests).toHaveLength(3);
    for (const request of receiver.requests) expectAuthenticAndNormalized(request, connectionFor({ secret: endpoint.secret }));
    expect(() => verifyMediaManager({ rawBody: receiver.requests[0]!.raw, headers: receiver.requests[0]!.headers, query: {} }, connectionFor())).toThrow('signature does not match');
  });

  it('signs exactly as the signature settings say', async () => {
    const signature = { header: 'X-MM-Signature', algorithm: 'sha1', encoding: 'base64', prefix: 'sha1=' } as const;
    const { fake, receiver, upload } = await setup({}, { secret: SECRET, signature });
    await upload();
    await fake.idle();
    expect(receiver.requests[0]!.headers['x-mm-signature']).toMatch(/^sha1=[A-Za-z0-9+/]{27}=$/);
    expect(receiver.requests[0]!.headers.signature).toBeUndefined();
    for (const request of receiver.requests) expectAuthenticAndNormalized(request, connectionFor({ signature }));
  });

  it('sends only the events a webhook manages, and nothing to a disabled one', async () => {
    const { fake, receiver, upload, hookUrl } = await setup({}, { secret: SECRET, events: ['media.upload.completed'] });
    const other = await startHttpRecorder();
    closeAfterEach(other);
    fake.setWebhook(`${other.url}/paused`, { enabled: false });
    await upload();
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.upload.completed']);
    expect(other.requests).toHaveLength(0);
    fake.setWebhook(hookUrl, { events: ['media.created'] });
    await upload();
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.upload.completed', 'media.created']);
  });

  it('with per-kind naming sends the newer video.* names, which Reelflow reads the same', async () => {
    const { fake, receiver, upload } = await setup({ eventNaming: 'per-kind' });
    await upload({ auto_publish: true });
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['video.created', 'video.upload.completed', 'video.master.ready', 'video.published']);
    const phases = receiver.requests.map((request) => {
      const outcome = expectAuthenticAndNormalized(request, connectionFor());
      return outcome.outcome === 'events' ? outcome.events[0]!.phase : outcome.outcome;
    });
    expect(phases).toEqual(['pending', 'ready', 'ready', 'ready']);
  });

  it('runs a livestream: enabled, started, a short drop says nothing, back, idle after idleAfterMs, deleted', async () => {
    const { fake, receiver, upload, call } = await setup({ idleAfterMs: 2_000 });
    const stream = await upload({ live: true, source_url: undefined });
    expect(stream.live).toBe(true);
    expect((await call('POST', `/_fake/livestreams/${stream.token}/start`)).status).toBe(422); // not enabled yet
    expect((await call('POST', `/media/${stream.token}/enable`)).status).toBe(200);
    expect((await call('POST', `/_fake/livestreams/${stream.token}/start`)).status).toBe(200);
    expect((await call('POST', `/_fake/livestreams/${stream.token}/stop`)).status).toBe(200);
    expect((await call('POST', `/_fake/livestreams/${stream.token}/start`)).status).toBe(200); // reconnects within the idle window
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.created', 'livestream.enabled', 'livestream.started', 'livestream.started']);
    expect((await call('POST', `/_fake/livestreams/${stream.token}/stop`)).status).toBe(200);
    await fake.idle();
    expect(fake.media(stream.token)).toMatchObject({ stream: 'idle' });
    expect((await call('DELETE', `/media/${stream.token}`)).status).toBe(204);
    await fake.idle();
    expect(eventsOf(receiver)).toEqual(['media.created', 'livestream.enabled', 'livestream.started', 'livestream.started', 'livestream.idle', 'media.deleted']);
    const kinds = receiver.requests.map((request) => {
      const outcome = expectAuthenticAndNormalized(request, connectionFor());
      return outcome.outcome === 'events' ? `${outcome.events[0]!.kind}:${outcome.events[0]!.phase}` : outcome.outcome;
    });
    expect(kinds).toEqual(['live:idle', 'live:pending', 'live:live', 'live:live', 'live:idle', 'live:deleted']);
    expect((await call('POST', `/media/${(await upload()).token}/enable`)).status).toBe(422); // not a livestream
  });
});

describe('fake Media Manager: delivery habits and faults', () => {
  it('tries 3 times in all against a failing receiver, then gives up', async () => {
    const { fake, receiver } = await setup();
    receiver.respond(() => ({ status: 500, body: 'no' }));
    fake.createMedia({ title: 'x', live: true }); // one event: a livestream has no processing clock
    await fake.idle();
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1); // the same body each time
    expect(new Set(receiver.requests.map((r) => r.headers.signature)).size).toBe(1);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 1, deliveryAttempts: 3, deliveriesSucceeded: 0 });
  });

  it('counts an answer slower than 3 s as failed and tries again', async () => {
    const { fake, receiver } = await setup();
    receiver.respond(() => (receiver.requests.length === 1 ? { status: 200, hang: true } : { status: 200, body: 'ok' }));
    fake.createMedia({ title: 'x', live: true });
    await fake.idle();
    expect(receiver.requests).toHaveLength(2);
    const gap = receiver.requests[1]!.at - receiver.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(2_900);
    expect(gap).toBeLessThan(3_000 + FAST.retryBackoffMs + 1_500);
    expect(fake.counters).toMatchObject({ deliveryAttempts: 2, deliveriesSucceeded: 1 });
  }, 20_000);

  it('duplicate=2 posts each event three times, byte for byte', async () => {
    const { fake, receiver, upload } = await setup({ faults: { duplicate: 2 } });
    await upload();
    await fake.idle();
    expect(eventsOf(receiver)).toEqual([
      'media.created',
      'media.created',
      'media.created',
      'media.upload.completed',
      'media.upload.completed',
      'media.upload.completed',
      'media.master.ready',
      'media.master.ready',
      'media.master.ready',
    ]);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(3);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 3, deliveryAttempts: 9, deliveriesSucceeded: 9 });
  });

  it('reorder holds a media’s processing events and sends them out of order once the last one happens', async () => {
    const { fake, receiver, upload } = await setup({ faults: { reorder: true } });
    await upload({ auto_publish: true });
    await fake.idle();
    const events = eventsOf(receiver);
    expect([...events].sort()).toEqual(['media.created', 'media.master.ready', 'media.published', 'media.upload.completed']);
    expect(events).not.toEqual(['media.created', 'media.upload.completed', 'media.master.ready', 'media.published']);
  });

  it('drop=1 delivers nothing but counts every event as generated; /_fake/faults drives it over HTTP', async () => {
    const { fake, receiver, upload } = await setup();
    const restore = await dropWebhooks(fake.root);
    await upload({ auto_publish: true });
    await fake.idle();
    expect(receiver.requests).toHaveLength(0);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 4, deliveriesDropped: 4, deliveryAttempts: 0 });
    await restore();
    await upload();
    await fake.idle();
    expect(receiver.requests).toHaveLength(3);
  });

  it('delayMs holds each delivery back', async () => {
    const { fake, receiver } = await setup({ faults: { delayMs: 150 } });
    fake.createMedia({ title: 'x', live: true }); // in this tick, so the 50 ms below surely ends first
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.requests).toHaveLength(0);
    await fake.idle();
    expect(receiver.requests).toHaveLength(1);
  });

  it('close() stops the clocks and pending deliveries', async () => {
    const { fake, receiver, upload } = await setup({ faults: { delayMs: 60_000 } });
    const media = await upload();
    await fake.close();
    await fake.idle();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(receiver.requests).toHaveLength(0);
    expect(fake.media(media.token)).toMatchObject({ stage: 'processing' });
  });
});

describe('fake Media Manager: scenarios', () => {
  it.each([
    ['its root, as `reelflow simulate` gives it', (fake: { root: string }) => fake.root],
    ['its API base, as the test harness gives it', (fake: { url: string }) => fake.url],
  ])('drive the fake over HTTP from %s', async (_form, urlOf) => {
    const { fake } = await setup();
    const connection = connectionFor({ apiToken: API_TOKEN, teamId: TEAM });
    const options = mediaManagerSimulator.optionsSchema.parse({ apiToken: API_TOKEN, teamId: TEAM });
    const expectations = await mediaManagerSimulator.scenarios['vod-error']!({ connection, options, fakeUrl: urlOf(fake), count: 2, log: () => {} });
    expect(expectations).toEqual([
      { key: expect.stringMatching(/^mediamanager:main:media:[0-9a-f-]{36}$/), label: expect.stringMatching(/^media sim-/), phase: 'failed' },
      { key: expect.stringMatching(/^mediamanager:main:media:/), label: expect.any(String), phase: 'failed' },
    ]);
    await fake.idle();
    for (const { key } of expectations) expect(fake.media(key.split(':').pop()!)).toMatchObject({ stage: 'failed' });
  });

  it('a demo whose options and connection the config accepts, on port 3103', () => {
    const demo = mediaManagerSimulator.demo();
    const options = mediaManagerSimulator.optionsSchema.parse(demo.options);
    expect(options).toMatchObject({ port: 3103, apiToken: 'demo-token', teamId: '1' });
    expect(demo.connection).toMatchObject({ provider: 'mediamanager', apiBaseUrl: 'http://127.0.0.1:3103/api/v1', apiToken: 'demo-token' });
    const { on: _rules, ...entry } = demo.connection;
    const connection = MediaManagerConnection.parse({ ...entry, secret: 'demo-secret' });
    expect(mediaManagerSimulator.serves(options, connection)).toBe(true);
    expect(mediaManagerSimulator.serves(options, { ...connection, apiToken: 'other' })).toBe(false);
  });
});
