import { ProviderApiError } from '../../src/providers/apiError';
import { KinescopeConnection } from '../../src/providers/kinescope/connection';
import { fetchKinescopeState } from '../../src/providers/kinescope/fetchState';
import { kinescopeAdapter } from '../../src/providers/kinescope';
import type { ResourceRef } from '../../src/domain/resourceKey';

const connection = KinescopeConnection.parse({
  name: 'main',
  provider: 'kinescope',
  username: 'u',
  password: 'p',
  apiBaseUrl: 'https://api.kinescope.test',
  apiToken: 'tok-123',
});

interface Call {
  url: string;
  method: string;
  authorization: string | null;
}

/** A scripted Kinescope API: answers every request with `status` and `body`, and records it. */
function scripted(status: number, body: unknown) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    calls.push({ url: String(input), method: init?.method ?? 'GET', authorization: new Headers(init?.headers).get('authorization') });
    return new Response(body === undefined ? '' : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const media = (id = 'nDs18x14cTkxSKnBPbpEi3'): ResourceRef => ({ provider: 'kinescope', account: 'main', kind: 'media', id });
const live = (id = '088105cf-efc8-4446-81af-8d5347d858d5'): ResourceRef => ({ provider: 'kinescope', account: 'main', kind: 'live', id });

describe('Kinescope polling: videos', () => {
  it.each([
    ['pending', 'pending'],
    ['uploading', 'pending'],
    ['pre-processing', 'processing'],
    ['processing', 'processing'],
    ['aborted', 'canceled'],
    ['done', 'ready'],
    ['error', 'failed'],
    ['suspended', 'pending'],
    ['something-new', 'processing'],
  ])('GET /v1/videos/{id} with status %s → phase %s, in one Bearer request', async (status, phase) => {
    const data = { id: 'nDs18x14cTkxSKnBPbpEi3', status, title: 'archive' };
    const { calls, fetchImpl } = scripted(200, { data });
    expect(await fetchKinescopeState(media(), connection, fetchImpl)).toEqual({ outcome: 'state', state: status, phase, resource: data });
    expect(calls).toEqual([{ url: 'https://api.kinescope.test/v1/videos/nDs18x14cTkxSKnBPbpEi3', method: 'GET', authorization: 'Bearer tok-123' }]);
  });

  it('an answer without a status tells nothing: unknown', async () => {
    const { fetchImpl } = scripted(200, { data: { id: 'v1' } });
    expect(await fetchKinescopeState(media('v1'), connection, fetchImpl)).toMatchObject({ outcome: 'unknown', detail: expect.stringContaining('data.status') });
    expect(await fetchKinescopeState(media('v1'), connection, scripted(200, {}).fetchImpl)).toMatchObject({ outcome: 'unknown' });
  });

  it("a 404 is a ProviderApiError 404 (the poll activity makes it `gone`), with Kinescope's message", async () => {
    const { fetchImpl } = scripted(404, { error: { code: 404001, message: 'object not found', detail: 'video v1 not found' } });
    const error = await fetchKinescopeState(media('v1'), connection, fetchImpl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ status: 404, message: expect.stringContaining('404001: video v1 not found') });
  });

  it('never requests an id that could leave the path, nor a kind Kinescope has no GET for', async () => {
    const { calls, fetchImpl } = scripted(200, { data: { status: 'done' } });
    await expect(fetchKinescopeState(media('../webhooks'), connection, fetchImpl)).rejects.toMatchObject({ status: 400 });
    await expect(fetchKinescopeState({ ...media(), kind: 'job' }, connection, fetchImpl)).rejects.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(0);
  });

  it('without an apiToken: a 401 before any request, and canPoll says no', async () => {
    const tokenless = KinescopeConnection.parse({ name: 'main', provider: 'kinescope', username: 'u', password: 'p' });
    const { calls, fetchImpl } = scripted(200, { data: { status: 'done' } });
    await expect(fetchKinescopeState(media(), tokenless, fetchImpl)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('has no apiToken') });
    expect(calls).toHaveLength(0);
    expect(kinescopeAdapter.canPoll!(tokenless)).toBe(false);
    expect(kinescopeAdapter.canPoll!(connection)).toBe(true);
  });
});

describe('Kinescope polling: live events (status undocumented)', () => {
  it.each([
    ['created', 'live.created', 'idle'],
    ['enabled', 'live.enabled', 'pending'],
    ['connected', 'live.connected', 'live'],
    ['live', 'live.connected', 'live'],
    ['active', 'live.connected', 'live'],
    ['disconnected', 'live.disconnected', 'pending'],
    ['finished', 'live.finished', 'idle'],
    ['completed', 'live.finished', 'idle'],
    ['cancelled', 'live.cancelled', 'canceled'],
    ['Active', 'live.connected', 'live'],
  ])("status %s → state %s (the webhook's word), phase %s", async (status, state, phase) => {
    const data = { id: live().id, status, name: 'Town hall' };
    const { calls, fetchImpl } = scripted(200, { data });
    expect(await fetchKinescopeState(live(), connection, fetchImpl)).toEqual({ outcome: 'state', state, phase, resource: data });
    expect(calls.map((c) => c.url)).toEqual([`https://api.kinescope.test/v2/live/events/${live().id}`]);
  });

  it.each([[{ id: 'x' }], [{ id: 'x', status: 'scheduled' }], [{ id: 'x', status: 42 }]])('an absent or unknown status (%j) is unknown, never a guess', async (data) => {
    const { fetchImpl } = scripted(200, { data });
    expect(await fetchKinescopeState(live(), connection, fetchImpl)).toMatchObject({ outcome: 'unknown' });
  });
});
