import { MkioConnection } from '../../src/providers/mkio/connection';
import { MKIO_EVENT_TYPES } from '../../src/providers/mkio/eventTypes';
import { normalizeMkio } from '../../src/providers/mkio/normalize';
import { startFakeMkio, type FakeMkioOptions } from '../../src/simulators/mkio';
import { waitUntil } from '../../src/simulators/kit/scenarioTools';
import { apiCaller, bearer, closedAfterEach, type Answer } from '../support/fakeApi';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

const TOKEN = 'fake-mkio-live-token';
const SECRET = 'shh-live-secret';
const P = 'acme';
const FAST = { liveStartingMs: 30, liveStoppingMs: 20, operationStepMs: 30 };

const mediaPath = (name: string) => `/api/v1/projects/${P}/media/liveEvents/${name}`;
const livePath = (name: string, type = 'liveChannels') => `/api/v1/projects/${P}/live/${type}/${name}`;
const opPath = (channel: string, op: string, type = 'liveChannels') => `${livePath(channel, type)}/scheduledOperations/${op}`;
const liveBody = { metadata: { displayName: 'Main' }, spec: { state: 'Stopped', inputs: [], transform: { type: 'LiveChannel', assetName: 'archive' } } };
const opBody = (correlationData: Record<string, string> = {}) => ({
  spec: { type: 'MediaKind.ScheduledOperation.StartStop', startTime: '2026-12-01T10:00:00Z', endTime: '2026-12-01T11:00:00Z', correlationData },
});

const closeAfterEach = closedAfterEach();

async function setup(options: Partial<FakeMkioOptions> = {}) {
  const receiver = await startWebhookReceiver();
  const fake = await startFakeMkio({ token: TOKEN, timing: FAST, ...options });
  closeAfterEach(fake, receiver);
  fake.putRule(P, 'reelflow', { url: receiver.url, enabled: true, events: [...MKIO_EVENT_TYPES], authentication: { headers: { 'X-Webhook-Secret': SECRET } } });
  const api = apiCaller(() => fake.url, `Bearer ${TOKEN}`);
  const call = (method: string, path: string, body?: unknown, token: string | null = TOKEN) => api(method, path, body, bearer(token));
  const stateOf = async (path: string) => ((await call('GET', `${path}/state`)).body as { status: { state: string } }).status.state;
  const reach = async (path: string, state: string) => expect(await waitUntil(async () => (await stateOf(path)) === state, 5_000, 10)).toBe(true);
  return { fake, receiver, call, stateOf, reach };
}

const received = (receiver: WebhookReceiver) => receiver.received.map((w) => [w.body.type.replace('MediaKind.', ''), w.body.data.previousState, w.body.data.state]);

function expectMkioError(answer: Answer, status: number, detail?: RegExp) {
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ error: { code: expect.any(String), detail: detail ?? expect.any(String) }, status });
}

describe('fake MK.IO: live resources', () => {
  it('Live API: PUT, PATCH spec.state to start and stop, /state on a clock; each move announced with the resource as GET serves it', async () => {
    const { fake, receiver, call, reach } = await setup();
    const created = await call('PUT', livePath('ch1'), liveBody);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ metadata: { name: 'ch1', displayName: 'Main' }, spec: { state: 'Stopped', transform: { assetName: 'archive' } }, status: { state: 'Stopped' } });

    // The PATCH answer is read in the same tick as the move; a GET after it may already see the clock's next state on a loaded machine.
    expect(await call('PATCH', livePath('ch1'), { spec: { state: 'Running' } })).toMatchObject({ status: 200, body: { status: { state: 'Starting' } } });
    await reach(livePath('ch1'), 'Running');
    expect(await call('PATCH', livePath('ch1'), { spec: { state: 'Stopped' } })).toMatchObject({ status: 200, body: { status: { state: 'Stopping' } } });
    await reach(livePath('ch1'), 'Stopped');
    await fake.idle();

    expect(received(receiver)).toEqual([
      ['ChannelInstanceStarted', 'Starting', 'Running'],
      ['ChannelInstanceStopped', 'Stopping', 'Stopped'],
    ]);
    const started = receiver.received[0]!.body;
    expect(started.source).toBe(livePath('ch1'));
    expect(started.data.resource).toMatchObject({ metadata: { name: 'ch1' }, spec: { state: 'Running' }, status: { state: 'Running' } });
    expect(receiver.received[0]!.headers['x-webhook-secret']).toBe(SECRET);
    expect((await call('GET', livePath('ch1'))).body).toEqual(receiver.received[1]!.body.data.resource);
    expect(fake.counters).toMatchObject({ liveChannelsCreated: 1, byRoute: { 'PUT live': 1, 'PATCH live': 2 } });
    expect(fake.counters.getsByLive[`${P}/ch1`]).toBeGreaterThanOrEqual(3);
  });

  it('Media API: PUT, POST start / stop, `{status:{state}}` from /state and properties.resourceState from GET, the AMS path too', async () => {
    const { fake, receiver, call, reach } = await setup();
    expect((await call('PUT', mediaPath('le1'), { properties: { encoding: { encodingType: 'PassthroughBasic' } } })).status).toBe(201);
    expect((await call('POST', `${mediaPath('le1')}/start`)).status).toBe(202);
    await reach(mediaPath('le1'), 'Running');
    const full = await call('GET', mediaPath('le1'));
    expect(full.body).toMatchObject({ name: 'le1', id: `/api/ams/${P}/liveEvents/le1`, properties: { resourceState: 'Running', encoding: { encodingType: 'PassthroughBasic' } } });
    expect((await call('GET', `/api/ams/${P}/liveEvents/le1`)).body).toEqual(full.body);
    await call('POST', `${mediaPath('le1')}/stop`);
    await reach(mediaPath('le1'), 'Stopped');
    await fake.idle();
    expect(received(receiver)).toEqual([
      ['ChannelInstanceStarted', 'Starting', 'Running'],
      ['ChannelInstanceStopped', 'Stopping', 'Stopped'],
    ]);
    expect(receiver.received[0]!.body.source).toBe(mediaPath('le1'));
    // The two APIs keep their own resources.
    expectMkioError(await call('GET', livePath('le1', 'liveEvents')), 404);
  });

  it('a start asked to fail: UnableToStart with ChannelInstanceError (Live API); a stop winds it down', async () => {
    const { fake, receiver, call, reach } = await setup();
    fake.createLiveChannel(P, 'ch2', { api: 'liveEvents', body: liveBody });
    fake.failNextStart(P, 'ch2');
    fake.startLive(P, 'ch2');
    await reach(livePath('ch2', 'liveEvents'), 'UnableToStart');
    expect(fake.liveChannel(P, 'ch2')).toMatchObject({ state: 'UnableToStart', desired: 'Running', failNextStart: false });
    await call('PATCH', livePath('ch2', 'liveEvents'), { spec: { state: 'Stopped' } });
    await reach(livePath('ch2', 'liveEvents'), 'Stopped');
    // Only the next start failed.
    fake.startLive(P, 'ch2');
    await reach(livePath('ch2', 'liveEvents'), 'Running');
    await fake.idle();
    expect(received(receiver)).toEqual([
      ['ChannelInstanceError', 'Starting', 'UnableToStart'],
      ['ChannelInstanceStopped', 'Stopping', 'Stopped'],
      ['ChannelInstanceStarted', 'Starting', 'Running'],
    ]);
  });

  it('a Media API live event that fails to start reads Stopped (that API has no error state); POST /_fake/... asks for it over HTTP', async () => {
    const { fake, receiver, call, reach } = await setup();
    await call('PUT', mediaPath('le2'), {});
    const control = await fetch(`${fake.url}/_fake/projects/${P}/live/le2/fail-next-start`, { method: 'POST' });
    expect(control.status).toBe(204);
    await call('POST', `${mediaPath('le2')}/start`);
    await waitUntil(async () => fake.liveChannel(P, 'le2')?.state === 'Stopped', 5_000, 10);
    await reach(mediaPath('le2'), 'Stopped');
    await fake.idle();
    expect(received(receiver)).toEqual([['ChannelInstanceError', 'Starting', 'Stopped']]);
    expect((await fetch(`${fake.url}/_fake/projects/${P}/live/nope/fail-next-start`, { method: 'POST' })).status).toBe(404);
  });

  it("its webhooks normalize to the channel's key and phases", async () => {
    const { fake, receiver, reach } = await setup();
    fake.createLiveChannel(P, 'ch3', { api: 'liveChannels', body: liveBody });
    fake.startLive(P, 'ch3');
    await reach(livePath('ch3'), 'Running');
    fake.failNextStart(P, 'ch3');
    fake.stopLive(P, 'ch3');
    await reach(livePath('ch3'), 'Stopped');
    fake.startLive(P, 'ch3');
    await reach(livePath('ch3'), 'UnableToStart');
    await fake.idle();
    const connection = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: SECRET, project: P });
    const events = receiver.received.map((w) => {
      const outcome = normalizeMkio(w.body, { connection, receivedAt: new Date() });
      if (outcome.outcome !== 'events') throw new Error('expected events');
      return [outcome.events[0]!.key, outcome.events[0]!.phase];
    });
    expect(events).toEqual([
      [`mkio:${P}:live:ch3`, 'live'],
      [`mkio:${P}:live:ch3`, 'idle'],
      [`mkio:${P}:live:ch3`, 'failed'],
    ]);
  });

  it('refuses what MK.IO refuses: a bad spec.state, an unknown Live API collection, deleting a running channel', async () => {
    const { fake, call, reach } = await setup();
    expectMkioError(await call('PUT', livePath('x'), { spec: { state: 'Paused' } }), 400, /spec\.state/);
    expectMkioError(await call('PUT', livePath('x'), {}), 400, /spec is required/);
    expectMkioError(await call('PUT', `/api/v1/projects/${P}/live/liveThings/x`, liveBody), 404);
    fake.createLiveChannel(P, 'ch4', { api: 'liveChannels', body: liveBody });
    fake.startLive(P, 'ch4');
    await reach(livePath('ch4'), 'Running');
    expectMkioError(await call('DELETE', livePath('ch4')), 409, /stop it before deleting/);
    fake.stopLive(P, 'ch4');
    await reach(livePath('ch4'), 'Stopped');
    expect((await call('DELETE', livePath('ch4'))).status).toBe(200);
    expectMkioError(await call('GET', `${livePath('ch4')}/state`), 404);
    expect((await call('DELETE', livePath('ch4'))).status).toBe(204);
  });
});

describe('fake MK.IO: scheduled operations', () => {
  it('Pending → Accepted → Ongoing (starts its channel) → Completed (stops it), each announced', async () => {
    const { fake, receiver, call } = await setup();
    await call('PUT', livePath('ch5', 'liveEvents'), liveBody);
    const created = await call('PUT', opPath('ch5', 'window', 'liveEvents'), opBody({ eventId: 'finale' }));
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      metadata: { name: 'window', created: expect.any(String), updated: expect.any(String) },
      spec: opBody({ eventId: 'finale' }).spec,
      status: { state: 'Pending' },
    });
    expect(await waitUntil(async () => fake.scheduledOperation(P, 'liveEvents', 'ch5', 'window')?.state === 'Completed', 5_000, 10)).toBe(true);
    await waitUntil(async () => fake.liveChannel(P, 'ch5')?.state === 'Stopped', 5_000, 10);
    await fake.idle();
    const ops = receiver.received.filter((w) => w.body.type.startsWith('MediaKind.ScheduledOperation'));
    expect(ops.map((w) => [w.body.type, w.body.data.previousState, w.body.data.state])).toEqual([
      ['MediaKind.ScheduledOperationAccepted', 'Pending', 'Accepted'],
      ['MediaKind.ScheduledOperationOngoing', 'Accepted', 'Ongoing'],
      ['MediaKind.ScheduledOperationCompleted', 'Ongoing', 'Completed'],
    ]);
    expect(ops[0]!.body.source).toBe(opPath('ch5', 'window', 'liveEvents'));
    expect((await call('GET', opPath('ch5', 'window', 'liveEvents'))).body).toEqual(ops[2]!.body.data.resource);
    expect(received(receiver).filter(([type]) => type!.startsWith('ChannelInstance'))).toEqual([
      ['ChannelInstanceStarted', 'Starting', 'Running'],
      ['ChannelInstanceStopped', 'Stopping', 'Stopped'],
    ]);
    expect((await call('GET', `${livePath('ch5', 'liveEvents')}/scheduledOperations`)).body).toEqual({ value: [ops[2]!.body.data.resource] });
  });

  it('correlationData asking for an error ends it in Error (ScheduledOperationError); its channel is left alone', async () => {
    const { fake, receiver } = await setup();
    fake.createLiveChannel(P, 'ch6', { api: 'liveChannels', body: liveBody });
    fake.createScheduledOperation(P, 'liveChannels', 'ch6', 'broken', { correlationData: { 'reelflow-fake-outcome': 'Error' } });
    expect(await waitUntil(async () => fake.scheduledOperation(P, 'liveChannels', 'ch6', 'broken')?.state === 'Error', 5_000, 10)).toBe(true);
    await fake.idle();
    expect(received(receiver)).toEqual([
      ['ScheduledOperationAccepted', 'Pending', 'Accepted'],
      ['ScheduledOperationError', 'Accepted', 'Error'],
    ]);
    expect(fake.liveChannel(P, 'ch6')!.state).toBe('Stopped');
  });

  it('validates the spec, names the field, and needs its live resource first', async () => {
    const { call } = await setup();
    await call('PUT', livePath('ch7'), liveBody);
    expectMkioError(await call('PUT', opPath('ch7', 'x'), { spec: { ...opBody().spec, type: 'Other' } }), 400, /spec\.type/);
    expectMkioError(await call('PUT', opPath('ch7', 'x'), { spec: { ...opBody().spec, endTime: 'later' } }), 400, /spec\.endTime/);
    expectMkioError(await call('PUT', opPath('ch7', 'x'), { spec: { ...opBody().spec, correlationData: undefined } }), 400, /spec\.correlationData/);
    expectMkioError(await call('PUT', opPath('nope', 'x'), opBody()), 404, /create it before/);
    expectMkioError(await call('GET', opPath('ch7', 'missing')), 404);
    expect((await call('DELETE', opPath('ch7', 'missing'))).status).toBe(204);
  });
});
