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
  const connection = (extra: Record<string, unknown> = {}) =>
    MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: fake.url, apiToken: TOKEN, ...extra });
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

  it('a live resource read through the wrong API is a 404, which the poll activity maps to gone', async () => {
    fake.createLiveChannel(P, 'only-live-api', { api: 'liveChannels', body: liveBody });
    await expect(fetchMkioState(ref('live', 'only-live-api'), connection())).rejects.toMatchObject({ status: 404 });
    const config = validateConfig({ connections: [{ name: 'main', provider: 'mkio', secret: 's', project: P, apiBaseUrl: fake.url, apiToken: TOKEN }] }, 'test');
    const { pollResource } = createPollActivities(config);
    expect(await pollResource({ key: `mkio:${P}:live:only-live-api`, connection: 'main' })).toEqual({ outcome: 'gone' });
    expect(await pollResource({ key: `mkio:${P}:scheduled-operation:liveChannels/only-live-api/none`, connection: 'main' })).toEqual({ outcome: 'gone' });
  });

  it('a scheduled operation through its GET (spec + status), its id `<resource_type>/<name>/<op>`', async () => {
    fake.createLiveChannel(P, 'ev1', { api: 'liveEvents', body: liveBody });
    fake.createScheduledOperation(P, 'liveEvents', 'ev1', 'window');
    const before = fake.counters.byRoute['GET scheduled operation'] ?? 0;
    const fetched = await fetchMkioState(ref('scheduled-operation', 'liveEvents/ev1/window'), connection());
    expect(fetched).toEqual({ outcome: 'state', state: 'Pending', phase: 'pending', resource: expect.objectContaining({ metadata: expect.objectContaining({ name: 'window' }), status: { state: 'Pending' } }) });
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
