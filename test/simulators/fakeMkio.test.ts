import { MkioConnection } from '../../src/providers/mkio/connection';
import { normalizeMkio } from '../../src/providers/mkio/normalize';
import { verifyMkio } from '../../src/providers/mkio/verify';
import { startFakeMkio, type FakeMkioOptions, type WebhookRuleSpec } from '../../src/simulators/mkio';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';
import { apiCaller, bearer, closedAfterEach, type Answer } from '../support/fakeApi';

const TOKEN = 'fake-mkio-token';
const SECRET = 'shh-shared-secret';
const P = 'acme';
const T = 'abr-720p';
const FAST = { queuedMs: 10, processingMs: 20 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const jobPath = (job: string, project = P) => `/api/v1/projects/${project}/media/transforms/${T}/jobs/${job}`;
const locatorPath = (name: string) => `/api/v1/projects/${P}/media/streamingLocators/${name}`;
const rulePath = (name: string) => `/api/v1/projects/${P}/webhook/rules/${name}`;
const jobBody = { properties: { input: { assetName: 'in-1' }, outputs: [{ assetName: 'out-1' }] } };

const closeAfterEach = closedAfterEach();

async function setup(options: Partial<FakeMkioOptions> = {}, spec: Partial<WebhookRuleSpec> = {}) {
  const receiver = await startWebhookReceiver();
  const fake = await startFakeMkio({ token: TOKEN, timing: FAST, ...options });
  closeAfterEach(fake, receiver);
  fake.putRule(P, 'reelflow', {
    url: receiver.url,
    enabled: true,
    events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'],
    headers: { 'X-Source': 'mkio' },
    authentication: { headers: { 'X-Webhook-Secret': SECRET } },
    ...spec,
  });
  const api = apiCaller(() => fake.url, `Bearer ${TOKEN}`);
  const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) => api(method, path, body, bearer(token));
  return { fake, receiver, call };
}

function expectMkioError(answer: Answer, status: number) {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ error: { code: expect.any(String), detail: expect.any(String), extraDetail: '' }, status, ref: expect.stringMatching(UUID) });
}

const typesOf = (receiver: WebhookReceiver) => receiver.received.map((webhook) => webhook.body.type);

describe('fake MK.IO: API basics', () => {
  it('answers 401 with the MK.IO error body without the right bearer token', async () => {
    const { fake, call } = await setup();
    expectMkioError(await call('GET', jobPath('nope'), undefined, null), 401);
    expectMkioError(await call('PUT', jobPath('j'), jobBody, 'wrong-token'), 401);
    expect(fake.job(P, T, 'j')).toBeUndefined();
    expect(fake.counters).toMatchObject({ requests: 2, jobsCreated: 0, byRoute: { 'GET job': 1, 'PUT job': 1 } });
  });

  it('serves a job, its /state, the job list and the legacy AMS path; 404 when absent', async () => {
    const { fake, call } = await setup({ timing: { queuedMs: 60_000 } });
    const created = await call('PUT', jobPath('job-1'), jobBody);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'job-1',
      properties: { state: 'Queued', input: { assetName: 'in-1' }, outputs: [{ assetName: 'out-1', state: 'Queued', progress: 0 }] },
    });
    expect((await call('GET', `${jobPath('job-1')}/state`)).body).toEqual({ status: { state: 'Queued' } });
    expect((await call('GET', jobPath('job-1'))).body).toEqual(created.body);
    expect((await call('GET', `/api/ams/${P}/transforms/${T}/jobs/job-1`)).body).toEqual(created.body);
    expect((await call('GET', `/api/v1/projects/${P}/media/transforms/${T}/jobs`)).body).toEqual({ value: [created.body] });
    expectMkioError(await call('GET', jobPath('missing')), 404);
    expect(fake.counters.getsByJob).toEqual({ [`${P}/${T}/job-1`]: 3, [`${P}/${T}/missing`]: 1 });
  });

  it('treats a repeat PUT of a job as a no-op', async () => {
    const { fake, call } = await setup({ timing: { queuedMs: 60_000 } });
    const first = await call('PUT', jobPath('job-1'), jobBody);
    const again = await call('PUT', jobPath('job-1'), { properties: { input: { assetName: 'other' } } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(fake.counters.jobsCreated).toBe(1);
    expect(fake.createJob(P, T, 'job-1').input.assetName).toBe('in-1');
    expect(fake.counters.jobsCreated).toBe(1);
  });

  it('creates a streaming locator once; same asset is a no-op, another asset is a 409', async () => {
    const { fake, call } = await setup();
    const body = { properties: { assetName: 'out-1', streamingPolicyName: 'Predefined_ClearStreamingOnly' } };
    const first = await call('PUT', locatorPath('loc-1'), body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'loc-1',
      properties: { assetName: 'out-1', streamingPolicyName: 'Predefined_ClearStreamingOnly', streamingLocatorId: expect.stringMatching(UUID), created: expect.any(String) },
    });
    expect((await call('PUT', locatorPath('loc-1'), body)).status).toBe(200);
    expectMkioError(await call('PUT', locatorPath('loc-1'), { properties: { assetName: 'out-2', streamingPolicyName: 'x' } }), 409);
    expect((await call('GET', locatorPath('loc-1'))).body).toEqual(first.body);
    expectMkioError(await call('GET', locatorPath('loc-2')), 404);
    expect(fake.counters.locatorsCreated).toBe(1);
  });

  it('rate-limits GETs per project with 429, Retry-After and the MK.IO body', async () => {
    const { fake, call } = await setup({ rateLimit: { getsPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await call('GET', jobPath('j'))).status).toBe(404);
    const limited = await call('GET', `${jobPath('j')}/state`);
    expectMkioError(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await call('GET', jobPath('j', 'other-project'))).status).toBe(404); // another project has its own budget
    expect((await call('PUT', jobPath('j'), jobBody)).status).toBe(201); // only GETs are limited
    expect(fake.counters).toMatchObject({ rateLimited: 1, requests: 6, getsByJob: { [`${P}/${T}/j`]: 4, [`other-project/${T}/j`]: 1 } });
  });
});

describe('fake MK.IO: webhook rules', () => {
  it('masks authentication values on read and replaces the whole spec on PUT', async () => {
    const { call } = await setup();
    const spec = {
      url: 'https://example.test/hook',
      enabled: true,
      events: ['MediaKind.JobFinished'],
      headers: { 'X-Source': 'mkio' },
      queryParams: { from: 'mkio' },
      authentication: { headers: { 'X-Webhook-Secret': SECRET }, queryParams: { token: 'abc' } },
    };
    const created = await call('PUT', rulePath('r1'), { spec });
    expect(created.status).toBe(201);
    const read = await call('GET', rulePath('r1'));
    expect(read.body).toEqual({
      metadata: { id: expect.stringMatching(UUID), name: 'r1' },
      spec: { ...spec, authentication: { headers: { 'X-Webhook-Secret': '*****' }, queryParams: { token: '*****' } } },
    });
    expect(JSON.stringify(read.body)).not.toContain(SECRET);
    expect(created.body).toEqual(read.body);

    const replaced = await call('PUT', rulePath('r1'), { spec: { url: spec.url, enabled: false, events: [] } });
    expect(replaced.status).toBe(200);
    expect(replaced.body.spec).toEqual({ url: spec.url, enabled: false, events: [] });
    expect((await call('GET', `/api/v1/projects/${P}/webhook/rules`)).body.value.map((rule: any) => rule.metadata.name)).toEqual(['reelflow', 'r1']);
  });

  it.each([
    [{ enabled: true, events: [] }, 'spec.url'],
    [{ url: 'https://example.test', events: [] }, 'spec.enabled'],
    [{ url: 'https://example.test', enabled: true }, 'spec.events'],
    [{ url: 'https://example.test', enabled: true, events: ['MediaKind.Nope'] }, 'spec.events[0]'],
  ])('refuses a rule without a valid %j with 400 naming %s', async (spec, field) => {
    const { call } = await setup();
    const answer = await call('PUT', rulePath('bad'), { spec });
    expectMkioError(answer, 400);
    expect(answer.body.error.detail).toContain(field);
  });

  it('deletes a rule with its history (204 when nothing to delete)', async () => {
    const { fake, call } = await setup();
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect((await call('GET', `${rulePath('reelflow')}/events`)).body.value).toHaveLength(2);
    expect((await call('DELETE', rulePath('reelflow'))).status).toBe(200);
    expectMkioError(await call('GET', `${rulePath('reelflow')}/events`), 404);
    expect((await call('DELETE', rulePath('reelflow'))).status).toBe(204);
  });
});

describe('fake MK.IO: job clock and webhooks', () => {
  it('sends JobStarted then JobFinished with the rule headers, a resource equal to GET, and exact counters', async () => {
    const { fake, receiver, call } = await setup();
    expect((await call('PUT', jobPath('job-1'), jobBody)).status).toBe(201);
    await fake.idle();

    expect(typesOf(receiver)).toEqual(['MediaKind.JobStarted', 'MediaKind.JobFinished']);
    const [started, finished] = receiver.received.map((webhook) => webhook.body);
    for (const webhook of receiver.received) {
      expect(webhook.headers['x-webhook-secret']).toBe(SECRET);
      expect(webhook.headers['x-source']).toBe('mkio');
      expect(webhook.headers['content-type']).toBe('application/json');
      expect(webhook.url).toBe('/webhooks/mkio/main');
    }
    expect(started).toMatchObject({
      specversion: '1.0',
      id: expect.stringMatching(UUID),
      source: `/api/v1/projects/${P}/transforms/${T}/jobs/job-1`,
      datacontenttype: 'application/json',
      data: { projectName: P, previousState: 'Queued', state: 'Processing', resource: { properties: { state: 'Processing' } } },
    });
    expect(started.time).toBe(started.data.resource.properties.lastModified);
    expect(started.data.resource.properties.startTime).toBe(started.time);
    expect(finished.data).toMatchObject({ previousState: 'Processing', state: 'Finished' });
    expect(finished.id).not.toBe(started.id);
    expect(finished.time).toBe(finished.data.resource.properties.endTime);
    expect(finished.data.resource).toEqual((await call('GET', jobPath('job-1'))).body);
    expect(finished.data.resource.properties.outputs).toEqual([expect.objectContaining({ assetName: 'out-1', state: 'Finished', progress: 100 })]);

    const events = await call('GET', `${rulePath('reelflow')}/events`);
    expect(events.body.value).toEqual([
      { created: started.time, source: started.source, type: 'MediaKind.JobStarted', status: 'Sent' },
      { created: finished.time, source: finished.source, type: 'MediaKind.JobFinished', status: 'Sent' },
    ]);
    expect(fake.counters).toEqual({
      requests: 3,
      byRoute: { 'PUT job': 1, 'GET job': 1, 'GET rule events': 1 },
      getsByJob: { [`${P}/${T}/job-1`]: 1 },
      rateLimited: 0,
      jobsCreated: 1,
      locatorsCreated: 0,
      getsByLive: {},
      liveChannelsCreated: 0,
      scheduledOperationsCreated: 0,
      webhooksGenerated: 2,
      deliveryAttempts: 2,
      deliveriesSucceeded: 2,
      deliveriesDropped: 0,
    });
  });

  it('delivers what Reelflow verifies and normalizes', async () => {
    const { fake, receiver } = await setup();
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    const connection = MkioConnection.parse({ name: 'main', provider: 'mkio', project: P, secret: SECRET });
    for (const webhook of receiver.received) {
      expect(() => verifyMkio({ rawBody: webhook.rawBody, headers: webhook.headers, query: {} }, connection)).not.toThrow();
      const outcome = normalizeMkio(webhook.body, { connection, receivedAt: new Date() });
      expect(outcome).toMatchObject({ outcome: 'events', events: [{ kind: 'job', id: `${T}/job-1`, account: P }] });
    }
  });

  it('puts outputs[].error on a job that ends in Error', async () => {
    const { fake, receiver, call } = await setup({ outcome: ({ name }) => (name === 'bad' ? 'Error' : 'Finished') });
    fake.createJob(P, T, 'bad', jobBody);
    await fake.idle();
    const job = (await call('GET', jobPath('bad'))).body;
    expect(job.properties.state).toBe('Error');
    expect(job.properties.outputs).toEqual([
      expect.objectContaining({ assetName: 'out-1', state: 'Error', error: { code: expect.any(String), message: expect.any(String), category: expect.any(String), retry: 'DoNotRetry' } }),
    ]);
    expect(receiver.received[1]!.body.data).toMatchObject({ state: 'Error', resource: job });
  });

  it('adds query params and sends only to enabled rules subscribed to the type', async () => {
    const { fake, receiver } = await setup({}, { events: ['MediaKind.JobFinished'], queryParams: { from: 'mkio' }, authentication: { queryParams: { secret: SECRET } } });
    fake.putRule(P, 'paused', { url: receiver.url, enabled: false, events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'] });
    fake.putRule('other-project', 'theirs', { url: receiver.url, enabled: true, events: ['MediaKind.JobFinished'] });
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['MediaKind.JobFinished']);
    expect(receiver.received[0]!.url).toBe(`/webhooks/mkio/main?from=mkio&secret=${SECRET}`);
    expect(fake.counters.webhooksGenerated).toBe(1);
  });

  it('lets a test drive a job by hand, off the clock', async () => {
    const { fake, receiver } = await setup({ timing: { queuedMs: 60_000 } });
    fake.createJob(P, T, 'job-1');
    fake.setJobState(P, T, 'job-1', 'Processing');
    fake.setJobState(P, T, 'job-1', 'Canceled');
    await fake.idle(); // would wait a minute if the clock were still running
    expect(receiver.received.map((webhook) => [webhook.body.data.previousState, webhook.body.data.state])).toEqual([
      ['Queued', 'Processing'],
      ['Processing', 'Canceled'],
    ]);
    expect(fake.job(P, T, 'job-1')).toMatchObject({ state: 'Canceled', endTime: expect.any(String) });
  });

  it('announces a new streaming locator to rules subscribed to StreamingLocatorCreated', async () => {
    const { fake, receiver, call } = await setup({}, { events: ['MediaKind.StreamingLocatorCreated'] });
    const created = await call('PUT', locatorPath('loc-1'), { properties: { assetName: 'out-1', streamingPolicyName: 'Predefined_ClearStreamingOnly' } });
    await call('PUT', locatorPath('loc-1'), { properties: { assetName: 'out-1', streamingPolicyName: 'Predefined_ClearStreamingOnly' } });
    await fake.idle();
    expect(receiver.received.map((webhook) => webhook.body)).toEqual([
      expect.objectContaining({
        type: 'MediaKind.StreamingLocatorCreated',
        source: locatorPath('loc-1'),
        data: { projectName: P, previousState: 'Creating', state: 'Created', resource: created.body },
      }),
    ]);
  });
});

describe('fake MK.IO: delivery faults', () => {
  it('retries a failing receiver, then records Failed; a later success records Sent', async () => {
    const { fake, receiver, call } = await setup({ faults: { retry: { attempts: 2, backoffMs: 5 } } });
    receiver.answer(500);
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect(receiver.received).toHaveLength(6); // 2 events × (1 + 2 retries)
    expect((await call('GET', `${rulePath('reelflow')}/events`)).body.value.map((record: any) => record.status)).toEqual(['Failed', 'Failed']);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 2, deliveryAttempts: 6, deliveriesSucceeded: 0 });

    receiver.answer(204);
    fake.createJob(P, T, 'job-2');
    await fake.idle();
    expect((await call('GET', `${rulePath('reelflow')}/events`)).body.value.map((record: any) => record.status)).toEqual(['Failed', 'Failed', 'Sent', 'Sent']);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 4, deliveryAttempts: 8, deliveriesSucceeded: 2 });
  });

  it('survives a receiver that is not listening', async () => {
    const { fake, receiver, call } = await setup({ faults: { retry: { attempts: 1, backoffMs: 1 } } });
    await receiver.close();
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect(fake.counters).toMatchObject({ deliveryAttempts: 4, deliveriesSucceeded: 0 });
    expect((await call('GET', `${rulePath('reelflow')}/events`)).body.value.map((record: any) => record.status)).toEqual(['Failed', 'Failed']);
  });

  it('drop=1 delivers nothing, still counts the events as generated, and records them Failed', async () => {
    const { fake, receiver, call } = await setup({ faults: { drop: 1 } });
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect(receiver.received).toHaveLength(0);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 2, deliveriesDropped: 2, deliveryAttempts: 0 });
    expect((await call('GET', `${rulePath('reelflow')}/events`)).body.value.map((record: any) => record.status)).toEqual(['Failed', 'Failed']);
  });

  it('drop=0.5 is repeatable for a given seed', async () => {
    const dropped = async () => {
      const { fake } = await setup({ faults: { drop: 0.5 }, seed: 42 });
      for (let i = 0; i < 8; i++) fake.createJob(P, T, `job-${i}`);
      await fake.idle();
      return fake.counters.deliveriesDropped;
    };
    const first = await dropped();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(16);
    expect(await dropped()).toBe(first);
  });

  it('duplicate=2 posts every event three times with the same id', async () => {
    const { fake, receiver } = await setup({ faults: { duplicate: 2 } });
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['MediaKind.JobStarted', 'MediaKind.JobStarted', 'MediaKind.JobStarted', 'MediaKind.JobFinished', 'MediaKind.JobFinished', 'MediaKind.JobFinished']);
    expect(new Set(receiver.received.map((webhook) => webhook.body.id)).size).toBe(2);
    expect(fake.counters).toMatchObject({ webhooksGenerated: 2, deliveryAttempts: 6, deliveriesSucceeded: 6 });
  });

  it('reorder delivers JobFinished before JobStarted', async () => {
    const { fake, receiver } = await setup({ faults: { reorder: true } });
    fake.createJob(P, T, 'job-1');
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['MediaKind.JobFinished', 'MediaKind.JobStarted']);
  });

  it('reorder releases what it holds once nothing else can happen', async () => {
    const { fake, receiver } = await setup({ faults: { reorder: true }, timing: { queuedMs: 5, processingMs: 60_000 } });
    fake.createJob(P, T, 'job-1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(receiver.received).toHaveLength(0); // JobStarted is held until the job finishes
    fake.setJobState(P, T, 'job-1', 'Processing'); // takes it off the clock: it will never finish by itself
    await fake.idle();
    expect(typesOf(receiver)).toEqual(['MediaKind.JobStarted']);
  });

  it('delayMs holds each delivery back', async () => {
    const { fake, receiver } = await setup({ faults: { delayMs: 50 }, timing: { queuedMs: 0, processingMs: 0 } });
    fake.createJob(P, T, 'job-1');
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(receiver.received).toHaveLength(0);
    await fake.idle();
    expect(receiver.received).toHaveLength(2);
  });

  it('close() stops timers and pending deliveries', async () => {
    const { fake, receiver } = await setup({ timing: { queuedMs: 20, processingMs: 20 }, faults: { delayMs: 60_000 } });
    fake.createJob(P, T, 'job-1');
    await fake.close();
    await fake.idle();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(receiver.received).toHaveLength(0);
    expect(fake.job(P, T, 'job-1')!.state).toBe('Queued');
  });
});
