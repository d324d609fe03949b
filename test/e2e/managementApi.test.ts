import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { buildIngress, defaultLogger } from '../../src/ingress/app';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { configuredDispatcher, type Dispatcher } from '../../src/temporal/dispatch';
import type { VodPipelineResult } from '../../workflows/pipelines/vodPipeline';
import { stateQuery } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

const API_TOKEN = 'management-token-0123456789';
const PROVIDER_TOKEN = 'provider-api-token-abcdef';

/** Temporal's answer to a payload it will not take (gRPC INVALID_ARGUMENT): the relay counts it as refused, not as an outage. */
const refusal = () => Object.assign(new Error('3 INVALID_ARGUMENT: refused by the test'), { code: 3 });

/** The stack's dispatcher, made to refuse every event while `refusing.on` is set (then rows become dead letters). */
const refusing = { on: false };
const switchable = (real: Dispatcher): Dispatcher => ({ deliver: (event) => (refusing.on ? Promise.reject(refusal()) : real.deliver(event)) });

/** The MK.IO connection's shared secrets (the test kit's, unique per stack). */
const secretsOf = (stack: Stack): string[] => (stack.connection as unknown as { secret: string[] }).secret;

const apiOf =
  (app: () => FastifyInstance) =>
  (method: 'GET' | 'POST', url: string, body?: unknown, token = API_TOKEN) =>
    app().inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined });

describe('management API', () => {
  let fake: FakeMkio;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeMkio({ token: PROVIDER_TOKEN, timing: { queuedMs: 50, processingMs: 200 } });
    stack = await startStack({
      config: { server: { apiToken: API_TOKEN }, polling: { quietFor: '300ms', maxPollInterval: '1s' } },
      connection: { apiBaseUrl: fake.url, apiToken: PROVIDER_TOKEN },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await fake.close();
  });
  const api = apiOf(() => stack.app);

  it('POST /api/pipelines/vod starts a pipeline once per id, and it runs to the end', async () => {
    const id = unique('clip');
    const body = { id, connection: 'test', transform: 'encode-h264', inputAsset: 'upload-1' };
    const first = await api('POST', '/api/pipelines/vod', body);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ status: 'started', workflowId: `vod-${id}` });
    expect((await api('POST', '/api/pipelines/vod', body)).json()).toEqual({ status: 'already-started', workflowId: `vod-${id}` });
    const result = (await stack.client.workflow.getHandle(`vod-${id}`).result()) as VodPipelineResult;
    expect(result).toMatchObject({ state: 'Finished', published: expect.stringContaining('created') });
    // Finished or not, the same id never runs a second pipeline.
    expect((await api('POST', '/api/pipelines/vod', body)).json()).toEqual({ status: 'already-started', workflowId: `vod-${id}` });
    expect(fake.counters.jobsCreated).toBe(1);
  });

  it('rejects bad requests naming the field', async () => {
    const answer = await api('POST', '/api/pipelines/vod', { connection: 'test', transform: '../etc', inputAsset: 'a' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_payload', field: 'transform' });
    expect((await api('POST', '/api/pipelines/vod', { connection: 'nope', transform: 't', inputAsset: 'a' })).json()).toMatchObject({ field: 'connection' });
    expect((await api('POST', '/api/pipelines/vod', { connection: 'test', transform: 't', inputAsset: 'a', notify: ['publish'] })).json()).toMatchObject({ field: 'notify' });
    // Another project would get this connection's token: refused before anything is submitted.
    const foreign = await api('POST', '/api/pipelines/vod', { connection: 'test', project: 'someone-else', transform: 't', inputAsset: 'a' });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ field: 'project', detail: expect.stringContaining(`account "someone-else" is not connection test's "${stack.account}"`) });
  });

  it('needs the bearer token on every route', async () => {
    const routes: Array<['GET' | 'POST', string]> = [
      ['GET', '/api/resources/mkio%3Ax%3Ajob%3At%2Fj'],
      ['GET', '/api/deliveries'],
      ['GET', '/api/deliveries/1'],
      ['POST', '/api/deliveries/1/replay'],
      ['POST', '/api/deliveries/replay'],
      ['GET', '/api/connections'],
      ['POST', '/api/pipelines/vod'],
    ];
    for (const [method, url] of routes) {
      expect([url, (await api(method, url, method === 'POST' ? { all: true } : undefined, 'wrong-token-0123456789')).statusCode]).toEqual([url, 401]);
      expect([url, (await stack.app.inject({ method, url })).statusCode]).toEqual([url, 401]);
      expect([url, (await stack.app.inject({ method, url, headers: { authorization: API_TOKEN } })).statusCode]).toEqual([url, 401]);
    }
  });

  it('GET /api/connections lists each connection with its webhook path and polling, secrets masked', async () => {
    const answer = await api('GET', '/api/connections');
    expect(answer.statusCode).toBe(200);
    expect(answer.json().items).toEqual([
      expect.objectContaining({
        provider: 'mkio',
        name: 'test',
        account: stack.account,
        webhookPath: '/webhooks/mkio/test',
        polling: true,
        secret: ['****'],
        apiToken: '****',
        apiBaseUrl: fake.url,
      }),
    ]);
    for (const secret of [...secretsOf(stack), PROVIDER_TOKEN, API_TOKEN]) expect(answer.body).not.toContain(secret);
  });
});

/** Without a provider API token the connection never polls: every transition comes from a delivery. */
describe('management API: deliveries and replay', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      config: {
        server: { apiToken: API_TOKEN },
        // One refusal makes a dead letter; a file is the kind of inbox the CLI reads too.
        inbox: { file: join(mkdtempSync(join(tmpdir(), 'reelflow-api-')), 'inbox.sqlite'), maxAttempts: 1 },
      },
      dispatcher: (client, config) => switchable(configuredDispatcher(client, config)),
    });
  });
  afterAll(async () => stack.stop());
  afterEach(() => {
    refusing.on = false;
  });
  const api = apiOf(() => stack.app);

  /** A job of its own, so filters by key see only this test's rows. */
  function newJob() {
    const job = unique('job');
    const key = `mkio:${stack.account}:job:t/${job}`;
    const event = (type: 'MediaKind.JobStarted' | 'MediaKind.JobFinished', state: string) => jobCloudEvent({ project: stack.account, transform: 't', job, type, state, id: unique('ev') });
    return { job, key, event };
  }
  const stateOf = (key: string): Promise<ResourceSnapshot> => stack.client.workflow.getHandle(key).query(stateQuery);
  const deliveryWhen = (id: number, done: (row: Record<string, unknown>) => boolean) =>
    eventually(async () => {
      const row = (await api('GET', `/api/deliveries/${id}`)).json();
      return done(row) ? row : undefined;
    });

  it("GET /api/resources/:key answers the state query and the key's latest deliveries", async () => {
    const { key, event } = newJob();
    const posted = (await stack.postWebhook(event('MediaKind.JobStarted', 'Processing'))).json();
    const state = await eventually(async () => {
      const answer = await api('GET', `/api/resources/${encodeURIComponent(key)}`);
      return answer.statusCode === 200 ? (answer.json() as ResourceSnapshot & { deliveries: Array<Record<string, unknown>> }) : undefined;
    });
    expect(state).toMatchObject({ state: 'Processing', phase: 'processing', deliveries: [{ id: posted.deliveryId, resourceKey: key, status: 'delivered' }] });
    expect(state.deliveries[0]!.body).toBeUndefined();
    expect((await api('GET', `/api/resources/${encodeURIComponent(`mkio:${stack.account}:job:t/none`)}`)).statusCode).toBe(404);
    expect((await api('GET', '/api/resources/not-a-key')).json()).toMatchObject({ error: 'invalid_payload', field: 'key' });
  });

  it('GET /api/deliveries filters by key, status, type, connection and time, newest first, and pages with `before`', async () => {
    const { key, event } = newJob();
    const since = Date.now();
    const ids: number[] = [];
    for (const body of [event('MediaKind.JobStarted', 'Processing'), event('MediaKind.JobStarted', 'Processing'), event('MediaKind.JobFinished', 'Finished')]) {
      ids.push((await stack.postWebhook(body)).json().deliveryId);
    }
    const all = (await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}`)).json();
    expect(all.items.map((d: { id: number }) => d.id)).toEqual([...ids].reverse());
    expect(all.next).toBeUndefined();
    expect(all.items[0]).toMatchObject({ provider: 'mkio', connection: 'test', resourceKey: key, type: 'MediaKind.JobFinished', status: 'delivered', workflowId: key });
    expect(all.items[0].body).toBeUndefined();
    expect(all.items[0].event).toBeUndefined();

    const first = (await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&limit=2`)).json();
    expect(first.items.map((d: { id: number }) => d.id)).toEqual([ids[2], ids[1]]);
    expect(first.next).toBe(ids[1]);
    const second = (await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&limit=2&before=${first.next}`)).json();
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })] });

    const finished = (await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&type=MediaKind.JobFinished&status=delivered&connection=test&provider=mkio`)).json();
    expect(finished.items.map((d: { id: number }) => d.id)).toEqual([ids[2]]);
    expect((await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&status=failed`)).json().items).toEqual([]);
    expect((await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&connection=other`)).json().items).toEqual([]);
    const isoSince = new Date(since - 1).toISOString();
    expect((await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&since=${encodeURIComponent(isoSince)}`)).json().items).toHaveLength(3);
    expect((await api('GET', `/api/deliveries?key=${encodeURIComponent(key)}&until=${since - 1}`)).json().items).toEqual([]);
  });

  it('GET /api/deliveries refuses a bad query naming the parameter', async () => {
    const bad = async (query: string) => {
      const answer = await api('GET', `/api/deliveries?${query}`);
      expect(answer.statusCode).toBe(400);
      return answer.json();
    };
    expect(await bad('status=lost')).toMatchObject({ error: 'invalid_payload', field: 'status', detail: expect.stringContaining('pending, delivered, closed, ignored, failed, rejected') });
    expect(await bad('limit=501')).toMatchObject({ field: 'limit', detail: expect.stringContaining('500') });
    expect(await bad('limit=ten')).toMatchObject({ field: 'limit' });
    expect(await bad('since=yesterday')).toMatchObject({ field: 'since', detail: expect.stringContaining('ISO 8601') });
    expect(await bad('before=-1')).toMatchObject({ field: 'before' });
    expect(await bad('stauts=failed')).toMatchObject({ field: 'stauts', detail: expect.stringContaining('unknown parameter') });
  });

  it('GET /api/deliveries/:id shows the raw body, headers without the secret, the event and the outcome', async () => {
    const { key, event } = newJob();
    const body = event('MediaKind.JobStarted', 'Processing');
    const posted = (await stack.postWebhook(body)).json();
    const answer = await api('GET', `/api/deliveries/${posted.deliveryId}`);
    expect(answer.statusCode).toBe(200);
    const row = answer.json();
    expect(row).toMatchObject({ id: posted.deliveryId, status: 'delivered', attempts: 1, eventId: body.id, workflowId: key, runId: expect.any(String), replayable: true });
    expect(JSON.parse(row.body)).toEqual(body);
    expect(row.headers['content-type']).toBe('application/json');
    expect(row.headers['x-webhook-secret']).toBeUndefined();
    expect(row.event).toMatchObject({ eventId: body.id, key, state: 'Processing', phase: 'processing' });
    expect(answer.body).not.toContain(secretsOf(stack)[0]);

    expect((await api('GET', '/api/deliveries/999999999')).statusCode).toBe(404);
    expect((await api('GET', '/api/deliveries/abc')).json()).toMatchObject({ error: 'invalid_payload', field: 'id' });
  });

  it('replaying a delivered event is safe: the workflow dedupes it, no new transition', async () => {
    const { key, event } = newJob();
    const posted = (await stack.postWebhook(event('MediaKind.JobStarted', 'Processing'))).json();
    expect(posted.status).toBe('accepted');
    const before = await stateOf(key);

    const replay = await api('POST', `/api/deliveries/${posted.deliveryId}/replay`);
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual({ status: 'requeued', matched: 1, requeued: 1, ids: [posted.deliveryId], remaining: 0 });
    const row = await deliveryWhen(posted.deliveryId, (r) => r.status === 'delivered' && r.replays === 1);
    expect(row).toMatchObject({ attempts: 1, workflowId: key });

    // It reached the workflow (one more duplicate counted) and changed nothing.
    const after = await eventually(async () => {
      const s = await stateOf(key);
      return s.counts.duplicates > before.counts.duplicates ? s : undefined;
    });
    expect(after.transitions).toEqual(before.transitions);
    expect(after.counts.transitions).toBe(before.counts.transitions);
    expect(after.revision).toBe(before.revision);
  });

  it('a dead letter (Temporal refused it) is delivered by a replay', async () => {
    const { key, event } = newJob();
    refusing.on = true;
    const answer = await stack.postWebhook(event('MediaKind.JobStarted', 'Processing'));
    // Durable but not delivered: the platform is told it was spooled, never asked to retry.
    expect(answer.statusCode).toBe(202);
    const { deliveryId } = answer.json();
    const failed = await deliveryWhen(deliveryId, (r) => r.status === 'failed');
    expect(failed).toMatchObject({ attempts: 1, replayable: true, reason: expect.stringContaining('refused') });
    refusing.on = false;

    const replay = await api('POST', `/api/deliveries/${deliveryId}/replay`);
    expect(replay.statusCode).toBe(202);
    const delivered = await deliveryWhen(deliveryId, (r) => r.status === 'delivered');
    expect(delivered).toMatchObject({ replays: 1, attempts: 1, workflowId: key, runId: expect.any(String) });
    expect(delivered.reason).toBeUndefined();
    const state = await eventually(async () => {
      const s = await stateOf(key).catch(() => undefined);
      return s?.state === 'Processing' ? s : undefined;
    });
    expect(state.counts.transitions).toBe(1);
  });

  it('POST /api/deliveries/replay replays what a filter matches and says how many', async () => {
    const { key, event } = newJob();
    refusing.on = true;
    const ids: number[] = [];
    for (const body of [event('MediaKind.JobStarted', 'Processing'), event('MediaKind.JobFinished', 'Finished')]) ids.push((await stack.postWebhook(body)).json().deliveryId);
    for (const id of ids) await deliveryWhen(id, (r) => r.status === 'failed');
    refusing.on = false;

    const replay = await api('POST', '/api/deliveries/replay', { status: 'failed', key, connection: 'test' });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual({ status: 'requeued', matched: 2, requeued: 2, ids, remaining: 0 });
    for (const id of ids) await deliveryWhen(id, (r) => r.status === 'delivered');
    const state = await eventually(async () => {
      const s = await stateOf(key);
      return s.state === 'Finished' ? s : undefined;
    });
    expect(state.phase).toBe('ready');

    // Nothing failed is left for this key; a capped call says how many more it matched.
    expect((await api('POST', '/api/deliveries/replay', { status: 'failed', key })).json()).toMatchObject({ matched: 0, requeued: 0, ids: [] });
    const capped = (await api('POST', '/api/deliveries/replay', { key, limit: 1 })).json();
    expect(capped).toMatchObject({ matched: 2, requeued: 1, ids: [ids[0]], remaining: 1 });
  });

  it('refuses an empty replay filter, a bad field, and rows that cannot be replayed', async () => {
    expect((await api('POST', '/api/deliveries/replay', {})).json()).toMatchObject({ error: 'invalid_payload', detail: expect.stringContaining('"all": true') });
    expect((await api('POST', '/api/deliveries/replay', { all: false })).statusCode).toBe(400);
    expect((await api('POST', '/api/deliveries/replay', { status: 'gone' })).json()).toMatchObject({ field: 'status' });
    expect((await api('POST', '/api/deliveries/replay', { key: 'k', limit: 10_001 })).json()).toMatchObject({ field: 'limit' });

    // An untracked event type is stored as `ignored`, without an event: nothing to replay.
    const { event } = newJob();
    const ignored = (await stack.postWebhook({ ...event('MediaKind.JobStarted', 'Processing'), type: 'MediaKind.AssetCreated' })).json();
    expect(ignored.status).toBe('ignored');
    const conflict = await api('POST', `/api/deliveries/${ignored.deliveryId}/replay`);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ error: 'conflict', detail: expect.stringContaining('no event to replay') });
    expect((await api('POST', '/api/deliveries/999999999/replay')).statusCode).toBe(404);
  });
});

describe('management API: no secret in any answer or log line', () => {
  let stack: Stack;
  let ingress: FastifyInstance;
  const lines: string[] = [];
  beforeAll(async () => {
    stack = await startStack({ config: { server: { apiToken: API_TOKEN } }, connection: { apiToken: PROVIDER_TOKEN } });
    // A second ingress on the same config and task queue, logging at debug into `lines`.
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    ingress = await buildIngress({
      config: stack.config,
      client: stack.client,
      dispatcher: configuredDispatcher(stack.client, stack.config),
      temporalReady: async () => true,
      logger: { ...defaultLogger('debug'), stream },
    });
  });
  afterAll(async () => {
    await ingress.close();
    await stack.stop();
  });

  it('holds for webhooks, listings, a delivery, replays, connections, resources and refusals', async () => {
    const secret = secretsOf(stack)[0]!;
    const job = unique('job');
    const key = `mkio:${stack.account}:job:t/${job}`;
    const body = JSON.stringify(jobCloudEvent({ project: stack.account, transform: 't', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
    const webhook = (url: string, headers: Record<string, string> = {}) => ingress.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: body });
    const api = (method: 'GET' | 'POST', url: string, token = API_TOKEN, payload?: unknown) =>
      ingress.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
        payload: payload ? JSON.stringify(payload) : undefined,
      });

    const answers = [
      await webhook('/webhooks/mkio/test', { 'x-webhook-secret': secret }),
      await webhook('/webhooks/mkio/test', { 'x-webhook-secret': `${secret}-wrong` }),
      await webhook('/webhooks/mkio/test', { authorization: `Bearer ${API_TOKEN}` }),
    ];
    const { deliveryId } = answers[0]!.json();
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 401]);
    answers.push(
      await api('GET', '/api/deliveries'),
      await api('GET', '/api/deliveries?status=rejected'),
      await api('GET', `/api/deliveries/${deliveryId}`),
      await api('POST', `/api/deliveries/${deliveryId}/replay`),
      await api('POST', '/api/deliveries/replay', API_TOKEN, { all: true }),
      await api('GET', '/api/connections'),
      await api('GET', `/api/resources/${encodeURIComponent(key)}`),
      await api('GET', '/api/deliveries', `${API_TOKEN}x`),
      await api('GET', '/api/deliveries?since=never'),
    );
    expect(answers.slice(3).map((a) => a.statusCode)).toEqual([200, 200, 200, 202, 202, 200, 200, 401, 400]);
    // The rejected requests were kept as audit rows: their headers are shown, the credentials are not.
    const rejected = answers[4]!.json().items;
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    for (const row of rejected) {
      const full = await api('GET', `/api/deliveries/${row.id}`);
      answers.push(full);
      expect(full.json()).toMatchObject({ status: 'rejected', httpStatus: 401, replayable: false });
      expect(full.json().headers.authorization).toBeUndefined();
      expect(full.json().headers['x-webhook-secret']).toBeUndefined();
    }

    const secrets = [secret, PROVIDER_TOKEN, API_TOKEN];
    const everything = [...answers.map((a) => a.body), ...lines].join('\n');
    for (const value of secrets) expect(everything).not.toContain(value);
    expect(lines.length).toBeGreaterThan(5);
  });
});

describe('management API without a token configured', () => {
  it('is closed', async () => {
    const stack = await startStack();
    try {
      for (const url of ['/api/pipelines/vod', '/api/deliveries/replay']) {
        const answer = await stack.app.inject({ method: 'POST', url, headers: { authorization: 'Bearer anything-at-all-here' }, payload: {} });
        expect(answer.statusCode).toBe(403);
        expect(answer.json().detail).toMatch(/apiToken/);
      }
      expect((await stack.app.inject({ method: 'GET', url: '/api/deliveries' })).statusCode).toBe(403);
    } finally {
      await stack.stop();
    }
  });
});
