import { CloudEvent, CONSTANTS, emitterFor, HTTP, httpTransport, Mode, type Message } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { CloudEventsConnection } from '../../src/providers/cloudevents/connection';
import type { StandardWebhooksConnection } from '../../src/providers/standardWebhooks/connection';
import { awaitExpectations } from '../../src/simulators/simulate';
import { startFakeTranscoder, type FakeTranscoder } from '../../src/simulators/cloudevents/fakeTranscoder';
import { transcoderScenarios } from '../../src/simulators/cloudevents/scenarios';
import { FakeTranscoderSettings } from '../../src/simulators/cloudevents/settings';
import { startStack, type Stack } from '../support/stack';
import { stateWhen, unique } from '../support/temporal';

/**
 * Generic sources end to end: events emitted by the `cloudevents` SDK's own HTTP transport, and
 * deliveries signed by the `standardwebhooks` library, through the real ingress and worker to the
 * entity workflows on the test dev server, mapped by the connection's `mapping`.
 */
const phasesOf = (s: ResourceSnapshot) => s.transitions.map((t) => [t.state, t.phase]);

describe('CloudEvents source', () => {
  let stack: Stack;
  let url: string;
  let proof: Record<string, string>;
  const keyOf = (job: string) => `cloudevents:${stack.account}:job:${job}`;
  const jobEvent = (job: string, status: string, data: Record<string, unknown> = {}) =>
    new CloudEvent({ type: `com.acme.transcode.job.${status}`, source: '//transcoder.acme.example', subject: job, data: { status, ...data } });

  beforeAll(async () => {
    stack = await startStack({ provider: 'cloudevents', listen: true });
    url = `${stack.url}/webhooks/cloudevents/test`;
    const verify = (stack.connection as unknown as CloudEventsConnection).verify;
    if (verify.scheme !== 'shared-secret') throw new Error('the test kit connection verifies by shared secret');
    proof = { [verify.secretHeader]: verify.secret[0]! };
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([Mode.BINARY, Mode.STRUCTURED] as const)('%s mode: a job through the SDK emitter reaches its workflow, mapped', async (mode) => {
    const emit = emitterFor(httpTransport(url), { binding: HTTP, mode });
    const job = unique(`job-${mode}`);
    const answers: unknown[] = [];
    for (const status of ['queued', 'transcoding', 'complete']) {
      const response = (await emit(jobEvent(job, status, { progress: 1 }), { headers: proof })) as { body: string };
      answers.push(JSON.parse(response.body));
    }
    expect(answers).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ status: 'accepted', workflowId: keyOf(job) })));
    const state = await stateWhen(stack.client, keyOf(job), (s) => s.phase === 'ready');
    expect(state).toMatchObject({ provider: 'cloudevents', account: stack.account, kind: 'job', id: job, state: 'complete', terminal: true, resource: { status: 'complete', progress: 1 } });
    expect(phasesOf(state)).toEqual([
      ['queued', 'pending'],
      ['transcoding', 'processing'],
      ['complete', 'ready'],
    ]);
  });

  it('batch mode: one request of several events, each to its own workflow', async () => {
    const [done, failed] = [unique('job-batch'), unique('job-batch')];
    const events = [jobEvent(done, 'queued'), jobEvent(failed, 'queued'), jobEvent(done, 'complete'), jobEvent(failed, 'error')];
    // The SDK's emitter serializes binary and structured only: its HTTP transport carries the batch.
    const batch: Message = { headers: { [CONSTANTS.HEADER_CONTENT_TYPE]: CONSTANTS.MIME_CE_BATCH }, body: JSON.stringify(events) };
    const response = (await httpTransport(url)(batch, { headers: proof })) as { body: string };
    expect(JSON.parse(response.body)).toMatchObject({ status: 'accepted', eventId: `//transcoder.acme.example#${events[0]!.id}` });
    const [ready, error] = await Promise.all([stateWhen(stack.client, keyOf(done), (s) => s.phase === 'ready'), stateWhen(stack.client, keyOf(failed), (s) => s.phase === 'failed')]);
    expect(ready).toMatchObject({ kind: 'job', state: 'complete', terminal: true });
    expect(error).toMatchObject({ kind: 'job', state: 'error', terminal: true });
    expect(ready.transitions.map((t) => t.eventId)).toContain(`//transcoder.acme.example#${events[2]!.id}`);
  });

  it('the same CloudEvent id from two sources is two events, not a duplicate', async () => {
    const job = unique('job-two-sources');
    const id = unique('evt');
    const post = async (event: CloudEvent<unknown>) => {
      const message = HTTP.structured(event);
      const response = await fetch(url, { method: 'POST', headers: { ...(message.headers as Record<string, string>), ...proof }, body: String(message.body) });
      return response.json();
    };
    const queued = new CloudEvent({ id, type: 'com.acme.transcode.job.queued', source: '//encoder-a.example', subject: job, data: { status: 'queued' } });
    const complete = new CloudEvent({ id, type: 'com.acme.transcode.job.complete', source: '//encoder-b.example', subject: job, data: { status: 'complete' } });
    expect(await post(queued)).toMatchObject({ status: 'accepted', eventId: `//encoder-a.example#${id}` });
    expect(await post(complete)).toMatchObject({ status: 'accepted', eventId: `//encoder-b.example#${id}` });
    // A true repeat (same source, same id) is still a duplicate.
    expect(await post(complete)).toMatchObject({ status: 'duplicate' });
    expect(await stateWhen(stack.client, keyOf(job), (s) => s.phase === 'ready')).toMatchObject({ state: 'complete' });
  });

  it('the fake transcoder in batch mode: jobs end as it ended them', async () => {
    // A window longer than it takes to submit both jobs of a scenario: each step of the two goes in one request.
    const options = FakeTranscoderSettings.parse({ port: 0, mode: 'batch', batchWindowMs: 400, timing: { queuedMs: 600, transcodingMs: 600 } });
    const fake: FakeTranscoder = await startFakeTranscoder(options);
    try {
      stack.connectFake(fake);
      const context = { connection: stack.connection as unknown as CloudEventsConnection, options, fakeUrl: fake.url, count: 2, log: () => {} };
      const expectations = [...(await transcoderScenarios['vod-happy']!(context)), ...(await transcoderScenarios['vod-error']!(context))];
      const snapshots = await awaitExpectations(stack.client, expectations, 30_000);
      expect(snapshots.map((s) => s?.phase)).toEqual(['ready', 'ready', 'failed', 'failed']);
      await fake.idle();
      // 4 jobs × 3 events went out in fewer requests than events, and every request was taken.
      expect(fake.counters.webhooksGenerated).toBeLessThan(12);
      expect(fake.counters.deliveriesSucceeded).toBe(fake.counters.webhooksGenerated);
    } finally {
      await fake.close();
    }
  });

  it('a bad mapping is 400 naming the event field, in each mode', async () => {
    const post = async (message: Message) => {
      const response = await fetch(url, { method: 'POST', headers: { ...(message.headers as Record<string, string>), ...proof }, body: String(message.body) });
      return { status: response.status, body: await response.json() };
    };
    const noStatus = new CloudEvent({ type: 'com.acme.transcode.job.updated', source: '//t', subject: 'job-x', data: { progress: 5 } });
    expect(await post(HTTP.structured(noStatus))).toEqual({ status: 400, body: { error: 'invalid_payload', field: 'data.status', detail: 'data.status: required by mapping.state, absent' } });
    const { 'ce-subject': _dropped, ...binaryHeaders } = HTTP.binary(jobEvent('job-x', 'queued')).headers;
    expect(await post({ headers: binaryHeaders, body: JSON.stringify({ status: 'queued' }) })).toMatchObject({ status: 400, body: { field: 'ce-subject' } });
    const batch = { headers: { 'content-type': CONSTANTS.MIME_CE_BATCH }, body: JSON.stringify([jobEvent('job-x', 'queued'), noStatus]) };
    expect(await post(batch)).toMatchObject({ status: 400, body: { field: '[1].data.status' } });
  });

  it('a wrong shared secret is 401', async () => {
    const message = HTTP.structured(jobEvent('job-y', 'queued'));
    const response = await fetch(url, { method: 'POST', headers: { ...(message.headers as Record<string, string>), 'x-source-secret': 'guess' }, body: String(message.body) });
    expect(response.status).toBe(401);
  });
});

describe('CloudEvents source verified by Standard Webhooks signatures', () => {
  const KEY = `whsec_${Buffer.from('the transcoder signs, 24b').toString('base64')}`;
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ provider: 'cloudevents', listen: true, connection: { verify: { standardWebhooks: KEY } } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('structured events signed over their exact bytes are taken; a stale signature is not', async () => {
    const url = `${stack.url}/webhooks/cloudevents/test`;
    const signedTransport = (at: () => Date) => (message: Message) => {
      const id = unique('msg');
      const when = at();
      const signature = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(when.getTime() / 1000)), 'webhook-signature': new Webhook(KEY).sign(id, when, String(message.body)) };
      return httpTransport(url)(message, { headers: signature });
    };
    const emit = emitterFor(
      signedTransport(() => new Date()),
      { binding: HTTP, mode: Mode.STRUCTURED },
    );
    const job = unique('job-signed');
    const answer = (await emit(new CloudEvent({ type: 'com.acme.transcode.job.completed', source: '//t', subject: job, data: { status: 'complete' } }))) as { body: string };
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'accepted', workflowId: `cloudevents:${stack.account}:job:${job}` });
    expect(await stateWhen(stack.client, `cloudevents:${stack.account}:job:${job}`, (s) => s.phase === 'ready')).toMatchObject({ state: 'complete' });

    const stale = emitterFor(
      signedTransport(() => new Date(Date.now() - 6 * 60_000)),
      { binding: HTTP, mode: Mode.STRUCTURED },
    );
    const refused = (await stale(new CloudEvent({ type: 'com.acme.transcode.job.completed', source: '//t', subject: job, data: { status: 'complete' } }))) as { body: string };
    expect(JSON.parse(refused.body)).toEqual({ error: 'unauthorized', detail: 'Standard Webhooks: message timestamp too old' });
  });

  it('binary mode is refused (401): its ce-* attributes are not covered by the signature', async () => {
    const url = `${stack.url}/webhooks/cloudevents/test`;
    const job = unique('job-binary');
    const message = HTTP.binary(new CloudEvent({ type: 'com.acme.transcode.job.completed', source: '//t', subject: job, data: { status: 'complete' } }));
    const id = unique('msg');
    const when = new Date();
    const signature = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(when.getTime() / 1000)), 'webhook-signature': new Webhook(KEY).sign(id, when, String(message.body)) };
    // Correctly signed, retargeted at another job with a fresh ce-id: nothing of it may be taken.
    const headers = { ...(message.headers as Record<string, string>), ...signature, 'ce-subject': unique('victim-job'), 'ce-id': unique('fresh') };
    const response = await fetch(url, { method: 'POST', headers, body: String(message.body) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'unauthorized',
      detail: 'Standard Webhooks: binary mode refused, its attributes travel in unsigned ce-* headers; send structured or batch mode',
    });
  });
});

describe('Standard Webhooks source', () => {
  let stack: Stack;
  let secret: string;
  const keyOf = (video: string) => `standard-webhooks:${stack.account}:media:${video}`;

  beforeAll(async () => {
    stack = await startStack({ provider: 'standard-webhooks' });
    secret = (stack.connection as unknown as StandardWebhooksConnection).secret[0]!;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** A delivery as the SaaS makes it: the spec's body, signed by the library. */
  const delivery = (type: string, data: Record<string, unknown>, options: { at?: Date; id?: string; key?: string } = {}) => {
    const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
    const { at = new Date(), id = unique('msg'), key = secret } = options;
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(key).sign(id, at, body) };
    return { body, headers };
  };
  const send = async ({ body, headers }: { body: string; headers: Record<string, string> }) => {
    const answer = await stack.app.inject({ method: 'POST', url: '/webhooks/standard-webhooks/test', headers, payload: body });
    return { status: answer.statusCode, body: answer.json() };
  };

  it('a video through created → processing → ready, mapped with the event type as its state', async () => {
    const video = unique('vid');
    for (const type of ['video.created', 'video.processing', 'video.ready']) {
      expect(await send(delivery(type, { id: video, status: type.slice(6) }))).toMatchObject({ status: 200, body: { status: 'accepted', workflowId: keyOf(video) } });
    }
    const state = await stateWhen(stack.client, keyOf(video), (s) => s.phase === 'ready');
    expect(state).toMatchObject({ provider: 'standard-webhooks', kind: 'media', id: video, state: 'video.ready', terminal: true });
    expect(phasesOf(state)).toEqual([
      ['video.created', 'pending'],
      ['video.processing', 'processing'],
      ['video.ready', 'ready'],
    ]);
  });

  it('the same delivery twice within the tolerance is an inbox duplicate', async () => {
    const once = delivery('video.created', { id: unique('vid') });
    const first = await send(once);
    expect(first).toMatchObject({ status: 200, body: { status: 'accepted' } });
    expect(await send(once)).toMatchObject({ status: 200, body: { status: 'duplicate', eventId: once.headers['webhook-id'] } });
  });

  it('an expired timestamp, a tampered body or a stranger key is 401', async () => {
    const old = delivery('video.created', { id: unique('vid') }, { at: new Date(Date.now() - 6 * 60_000) });
    expect(await send(old)).toEqual({ status: 401, body: { error: 'unauthorized', detail: 'Standard Webhooks: message timestamp too old' } });
    const good = delivery('video.ready', { id: unique('vid') });
    expect(await send({ ...good, body: good.body.replace('video.ready', 'video.failed') })).toMatchObject({ status: 401 });
    const stranger = new Webhook(`whsec_${Buffer.from('someone else entirely, 24b').toString('base64')}`);
    const forged = { ...good, headers: { ...good.headers, 'webhook-signature': stranger.sign(good.headers['webhook-id'], new Date(), good.body) } };
    expect(await send(forged)).toMatchObject({ status: 401 });
  });

  it('a bad mapping is 400 naming the event field', async () => {
    expect(await send(delivery('video.ready', { title: 'no id' }))).toEqual({
      status: 400,
      body: { error: 'invalid_payload', field: 'data.id', detail: 'data.id: required by mapping.id, absent' },
    });
  });

  it('an event type of a kind the mapping does not make is answered ignored', async () => {
    const live = await startStack({
      provider: 'standard-webhooks',
      noWorker: true,
      connection: { mapping: { kind: { from: 'type', map: { 'video.*': 'media' } }, id: 'data.id', state: 'type', phases: { media: { 'video.ready': 'ready' } } } },
    });
    try {
      const { body, headers } = delivery('invoice.paid', { id: 'inv_1' }, { key: (live.connection as unknown as StandardWebhooksConnection).secret[0]! });
      const answer = await live.app.inject({ method: 'POST', url: '/webhooks/standard-webhooks/test', headers, payload: body });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ status: 'ignored', type: 'invoice.paid', reason: 'type "invoice.paid" is not in mapping.kind.map' });
    } finally {
      await live.stop();
    }
  });
});
