import { DefaultLogger } from '@temporalio/worker';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createPollActivities } from '../../activities/poll';
import { validateConfig } from '../../src/config/load';
import type { ResourceRef } from '../../src/domain/resourceKey';
import { ProviderApiError } from '../../src/providers/apiError';
import { MkioConnection } from '../../src/providers/mkio/connection';
import { fetchMkioResource, fetchMkioState } from '../../src/providers/mkio/fetchState';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { waitUntil } from '../../src/simulators/kit/scenarioTools';

const TOKEN = 'mkio-poll-token';
const P = 'acme';
const liveBody = { spec: { state: 'Stopped', transform: { type: 'LiveChannel', assetName: 'archive' } } };

const ref = (kind: ResourceRef['kind'], id: string): ResourceRef => ({ provider: 'mkio', account: P, kind, id });

/**
 * Polling MK.IO's live resources, scheduled operations and locators against the fake: the path
 * each kind is read through, the state word and phase it gives, and a 404 as `gone`.
 */
describe('MK.IO fetchState against the fake', () => {
  let fake: FakeMkio;
  const connection = (extra: Record<string, unknown> = {}) => MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: fake.url, apiToken: TOKEN, ...extra });
  const until = async (probe: () => boolean) => expect(await waitUntil(async () => probe(), 5_000, 10)).toBe(true);

  beforeAll(async () => {
    fake = await startFakeMkio({ token: TOKEN, timing: { liveStartingMs: 60_000, liveStoppingMs: 10, operationStepMs: 60_000 } });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('a Media API live event (the default) through /media/liveEvents/{name}/state', async () => {
    fake.createLiveChannel(P, 'le1');
    const before = fake.counters.byRoute['GET live event state'] ?? 0;
    expect(await fetchMkioState(ref('live', 'le1'), connection())).toEqual({ outcome: 'state', state: 'Stopped', phase: 'idle' });
    fake.startLive(P, 'le1');
    expect(await fetchMkioState(ref('live', 'le1'), connection({ liveApi: 'media' }))).toEqual({ outcome: 'state', state: 'Starting', phase: 'pending' });
    expect(fake.counters.byRoute['GET live event state']).toBe(before + 2);
    expect(await fetchMkioResource(ref('live', 'le1'), connection())).toMatchObject({ name: 'le1', properties: { resourceState: 'Starting' } });
  });

  it.each(['liveChannels', 'liveEvents'] as const)('a Live API %s resource through /live/%s/{name}/state, UnableToStart as failed', async (api) => {
    const name = `ch-${api}`;
    fake.createLiveChannel(P, name, { api, body: liveBody });
    fake.setTiming({ liveStartingMs: 10 });
    try {
      fake.failNextStart(P, name);
      fake.startLive(P, name);
      await until(() => fake.liveChannel(P, name)!.state === 'UnableToStart');
    } finally {
      fake.setTiming({ liveStartingMs: 60_000 });
    }
    const before = fake.counters.byRoute['GET live state'] ?? 0;
    expect(await fetchMkioState(ref('live', name), connection({ liveApi: api }))).toEqual({ outcome: 'state', state: 'UnableToStart', phase: 'failed' });
    expect(fake.counters.byRoute['GET live state']).toBe(before + 1);
    expect(await fetchMkioResource(ref('live', name), connection({ liveApi: api }))).toMatchObject({ metadata: { name }, status: { state: 'UnableToStart' } });
  });

  it('a scheduled operation of a live resource that is not there is gone', async () => {
    const config = validateConfig({ connections: [{ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: fake.url, apiToken: TOKEN }] }, 'test');
    const { pollResource } = createPollActivities(config);
    expect(await pollResource({ key: `mkio:${P}:scheduled-operation:liveChannels/nowhere/none`, connection: 'main' })).toEqual({ outcome: 'gone' });
  });

  it('a scheduled operation through its GET (spec + status), its id `<resource_type>/<name>/<op>`', async () => {
    fake.createLiveChannel(P, 'ev1', { api: 'liveEvents', body: liveBody });
    fake.createScheduledOperation(P, 'liveEvents', 'ev1', 'window');
    const before = fake.counters.byRoute['GET scheduled operation'] ?? 0;
    const fetched = await fetchMkioState(ref('scheduled-operation', 'liveEvents/ev1/window'), connection());
    expect(fetched).toEqual({
      outcome: 'state',
      state: 'Pending',
      phase: 'pending',
      resource: expect.objectContaining({ metadata: expect.objectContaining({ name: 'window' }), status: { state: 'Pending' } }),
    });
    expect(fake.counters.byRoute['GET scheduled operation']).toBe(before + 1);
    await expect(fetchMkioState(ref('scheduled-operation', 'liveThings/ev1/window'), connection())).rejects.toMatchObject({ status: 400 });
    await expect(fetchMkioState(ref('scheduled-operation', 'liveEvents/ev1'), connection())).rejects.toBeInstanceOf(ProviderApiError);
  });

  it('a streaming locator, as before', async () => {
    const put = await fetch(`${fake.url}/api/v1/projects/${P}/media/streamingLocators/loc1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { assetName: 'a1' } }),
    });
    expect(put.status).toBe(201);
    expect(await fetchMkioState(ref('locator', 'loc1'), connection())).toMatchObject({ outcome: 'state', state: 'Created', phase: 'ready' });
  });
});

describe('MK.IO live /state answers', () => {
  const scripted = (body: unknown) => (async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
  const connection = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: 'https://mkio.test', apiToken: TOKEN });

  it.each([
    [{ status: { state: 'Running' } }, { outcome: 'state', state: 'Running', phase: 'live' }],
    [{ properties: { resourceState: 'StandBy' } }, { outcome: 'state', state: 'StandBy', phase: 'idle' }],
    [{ status: { state: '' } }, { outcome: 'state', state: '""', phase: 'pending' }],
    [{ status: { state: 'Warming' } }, { outcome: 'unknown', detail: 'undocumented MK.IO live state "Warming"' }],
  ])('%j → %j', async (body, expected) => {
    expect(await fetchMkioState(ref('live', 'le1'), connection, scripted(body))).toEqual(expected);
  });

  it('an answer without a state is a 502', async () => {
    await expect(fetchMkioState(ref('live', 'le1'), connection, scripted({}))).rejects.toMatchObject({ status: 502 });
  });
});

/**
 * A live key carries the name only: a 404 through `liveApi` looks in the other live APIs before
 * the poll calls the resource gone, and any other error stops there. Counted by the fake's routes
 * and by the paths Reelflow asked for, in order.
 */
describe('MK.IO live resources outside the configured liveApi', () => {
  let fake: FakeMkio;
  let limited: FakeMkio;
  const asked: string[] = [];
  const recorded = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    asked.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
    return fetch(input, init);
  }) as typeof fetch;
  const connection = (extra: Record<string, unknown> = {}, base = fake.url) =>
    MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: base, apiToken: TOKEN, ...extra });
  const configOf = (extra: Record<string, unknown> = {}, base = fake.url) =>
    validateConfig({ connections: [{ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: base, apiToken: TOKEN, ...extra }] }, 'test');
  const gets = (target: FakeMkio) => ({ media: target.counters.byRoute['GET live event state'] ?? 0, live: target.counters.byRoute['GET live state'] ?? 0 });
  const media = (project: string, name: string) => `/api/v1/projects/${project}/media/liveEvents/${name}/state`;
  const live = (project: string, api: string, name: string) => `/api/v1/projects/${project}/live/${api}/${name}/state`;

  beforeAll(async () => {
    fake = await startFakeMkio({ token: TOKEN, timing: { liveStartingMs: 60_000, liveStoppingMs: 10 } });
    limited = await startFakeMkio({ token: TOKEN, rateLimit: { getsPerMinute: 1 } });
  });
  afterAll(async () => {
    await fake?.close();
    await limited?.close();
  });
  beforeEach(() => {
    asked.length = 0;
  });

  it('a Live API channel polled by a connection that says media is found (not gone): one 404, then the Live API', async () => {
    fake.createLiveChannel(P, 'lc-only', { api: 'liveChannels', body: liveBody });
    fake.startLive(P, 'lc-only');
    const before = gets(fake);
    expect(await fetchMkioState(ref('live', 'lc-only'), connection(), recorded)).toEqual({
      outcome: 'state',
      state: 'Starting',
      phase: 'pending',
      note: "live lc-only: not in the Media API (this connection's liveApi) but in Live API liveChannels; set liveApi: liveChannels",
    });
    expect(asked).toEqual([media(P, 'lc-only'), live(P, 'liveChannels', 'lc-only')]);
    expect(gets(fake)).toEqual({ media: before.media + 1, live: before.live + 1 });

    const { pollResource, fetchResource } = createPollActivities(configOf(), recorded);
    // An activity: the note goes to the worker's log (quiet here), the outcome to the workflow.
    const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
    expect(await env.run(pollResource, { key: `mkio:${P}:live:lc-only`, connection: 'main' })).toMatchObject({ outcome: 'state', state: 'Starting', phase: 'pending' });
    expect(await fetchResource({ key: `mkio:${P}:live:lc-only`, connection: 'main' })).toMatchObject({ metadata: { name: 'lc-only' }, status: { state: 'Starting' } });
    expect(asked.slice(2)).toEqual([media(P, 'lc-only'), live(P, 'liveChannels', 'lc-only'), media(P, 'lc-only').replace(/\/state$/, ''), `/api/v1/projects/${P}/live/liveChannels/lc-only`]);
  });

  it.each([
    // [where it lives, the connection's liveApi, the paths asked, in order]
    ['media', 'liveChannels', ['liveChannels', 'media']],
    ['liveEvents', 'liveChannels', ['liveChannels', 'media', 'liveEvents']],
    ['staticMultiviewEvents', 'media', ['media', 'liveChannels', 'liveEvents', 'staticMultiviewChannels', 'staticMultiviewEvents']],
    ['staticMultiviewChannels', 'staticMultiviewChannels', ['staticMultiviewChannels']],
  ] as const)('in %s, liveApi %s: looks through %j', async (api, liveApi, order) => {
    const name = `in-${api}-${liveApi}`;
    fake.createLiveChannel(P, name, { api, body: api === 'media' ? {} : liveBody });
    const fetched = await fetchMkioState(ref('live', name), connection({ liveApi }), recorded);
    // Found where liveApi says: nothing to note; anywhere else: where, for the operator.
    expect(fetched).toEqual({ outcome: 'state', state: 'Stopped', phase: 'idle', ...(api === liveApi ? {} : { note: expect.stringContaining(`set liveApi: ${api}`) }) });
    expect(asked).toEqual(order.map((where) => (where === 'media' ? media(P, name) : live(P, where, name))));
  });

  it('a deleted channel is gone once every API answered 404 (five GETs), and a name no API knows likewise', async () => {
    fake.createLiveChannel(P, 'doomed', { api: 'liveChannels', body: liveBody });
    const { pollResource } = createPollActivities(configOf({ liveApi: 'liveChannels' }), recorded);
    expect(await pollResource({ key: `mkio:${P}:live:doomed`, connection: 'main' })).toMatchObject({ outcome: 'state', state: 'Stopped' });
    const deleted = await fetch(`${fake.url}/api/v1/projects/${P}/live/liveChannels/doomed`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(deleted.status).toBe(200);

    asked.length = 0;
    const before = gets(fake);
    expect(await pollResource({ key: `mkio:${P}:live:doomed`, connection: 'main' })).toEqual({ outcome: 'gone' });
    expect(gets(fake)).toEqual({ media: before.media + 1, live: before.live + 4 });
    expect(asked[0]).toBe(live(P, 'liveChannels', 'doomed'));
    // The configured API's 404 is what is thrown: it names where liveApi said to look.
    await expect(fetchMkioState(ref('live', 'doomed'), connection({ liveApi: 'liveChannels' }))).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('/live/liveChannels/doomed/state'),
    });
    await expect(fetchMkioResource(ref('live', 'never-was'), connection())).rejects.toMatchObject({ status: 404, message: expect.stringContaining('/media/liveEvents/never-was →') });
  });

  it.each([401, 403, 429, 500, 503])('a %i from the configured API is thrown as it is: no other API is asked', async (status) => {
    let calls = 0;
    const refusing = (async () => {
      calls++;
      return new Response(JSON.stringify({ error: { code: 'X', detail: 'no' } }), { status, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    await expect(fetchMkioState(ref('live', `probe-${status}`), connection(), refusing)).rejects.toMatchObject({ status });
    await expect(fetchMkioResource(ref('live', `probe-${status}`), connection(), refusing)).rejects.toMatchObject({ status });
    expect(calls).toBe(2);
  });

  it('the fake’s own 401 (a wrong token) stops at the first GET, and the poll needs attention rather than calling it gone', async () => {
    fake.createLiveChannel(P, 'lc-401', { api: 'liveChannels', body: liveBody });
    const before = gets(fake);
    const wrong = { apiToken: 'not-the-token' };
    await expect(fetchMkioState(ref('live', 'lc-401'), connection(wrong), recorded)).rejects.toMatchObject({ status: 401 });
    expect(asked).toEqual([media(P, 'lc-401')]);
    expect(gets(fake)).toEqual({ media: before.media + 1, live: before.live });
    const { pollResource } = createPollActivities(configOf(wrong));
    expect(await pollResource({ key: `mkio:${P}:live:lc-401`, connection: 'main' })).toMatchObject({ outcome: 'needs-attention', status: 401 });
  });

  it('the fake’s 429, on the configured API or on one looked in after a 404, is thrown: never gone', async () => {
    // One GET per minute per project: `first` spends it beforehand, `second` spends it on the 404.
    limited.createLiveChannel('first', 'ch', { api: 'liveChannels', body: liveBody });
    limited.createLiveChannel('second', 'ch', { api: 'liveChannels', body: liveBody });
    expect((await fetch(`${limited.url}${live('first', 'liveChannels', 'ch')}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    await expect(fetchMkioState({ ...ref('live', 'ch'), account: 'first' }, connection({}, limited.url), recorded)).rejects.toMatchObject({ status: 429 });
    expect(asked).toEqual([media('first', 'ch')]);

    asked.length = 0;
    await expect(fetchMkioState({ ...ref('live', 'ch'), account: 'second' }, connection({}, limited.url), recorded)).rejects.toMatchObject({ status: 429 });
    expect(asked).toEqual([media('second', 'ch'), live('second', 'liveChannels', 'ch')]);
    expect(limited.counters.rateLimited).toBe(2);

    const { pollResource } = createPollActivities(configOf({}, limited.url));
    await expect(pollResource({ key: `mkio:second:live:ch`, connection: 'main' })).rejects.toThrow();
  });

  it('in a worker, finding it elsewhere logs which API answered, for the operator to set liveApi', async () => {
    fake.createLiveChannel(P, 'lc-noted', { api: 'liveEvents', body: liveBody });
    const warnings: Array<{ message: string; meta?: Record<string, unknown> }> = [];
    const logger = {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string, meta?: Record<string, unknown>) => void warnings.push({ message, meta }),
      error: () => undefined,
    };
    const { pollResource } = createPollActivities(configOf());
    const env = new MockActivityEnvironment(undefined, { logger });
    expect(await env.run(pollResource, { key: `mkio:${P}:live:lc-noted`, connection: 'main' })).toMatchObject({ outcome: 'state', state: 'Stopped', phase: 'idle' });
    expect(warnings).toEqual([
      expect.objectContaining({
        message: 'MK.IO read worked around the config',
        meta: expect.objectContaining({ note: "live lc-noted: not in the Media API (this connection's liveApi) but in Live API liveEvents; set liveApi: liveEvents" }),
      }),
    ]);
    // Found where liveApi says: nothing to tell.
    const { pollResource: configured } = createPollActivities(configOf({ liveApi: 'liveEvents' }));
    await env.run(configured, { key: `mkio:${P}:live:lc-noted`, connection: 'main' });
    expect(warnings).toHaveLength(1);
  });
});
