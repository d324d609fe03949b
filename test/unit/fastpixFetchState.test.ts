import { ProviderApiError } from '../../src/providers/apiError';
import { FastpixConnection } from '../../src/providers/fastpix/connection';
import { fetchFastpixResource, fetchFastpixState } from '../../src/providers/fastpix/fetchState';
import { fastpix } from '../../src/providers/fastpix';
import type { ResourceRef } from '../../src/domain/resourceKey';

const WS = '6dc2b4e0-0615-42fd-a580-1f4aad932dfe';
const MEDIA = 'cfeec1a3-6cbd-40df-a425-2ed7f8f72ced';
const STREAM = '61a264dcc447b63da6fb79ef925cd76d';
const connection = FastpixConnection.parse({
  name: 'main',
  provider: 'fastpix',
  signingSecret: 'c2VjcmV0',
  workspace: WS,
  apiBaseUrl: 'https://api.fastpix.test',
  accessTokenId: 'token-id',
  secretKey: 'secret-key',
});
const mediaRef: ResourceRef = { provider: 'fastpix', account: WS, kind: 'media', id: MEDIA };
const liveRef: ResourceRef = { provider: 'fastpix', account: WS, kind: 'live', id: STREAM };

interface Call {
  url: string;
  headers: Record<string, string>;
}

/** A scripted FastPix API: one answer, every request recorded. */
function scripted(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), headers: init?.headers as Record<string, string> });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  }) as typeof fetch;
  return { calls, fetchImpl };
}

describe('FastPix polling: one GET per poll', () => {
  it.each([
    ['Created', 'pending'],
    ['Downloading', 'processing'],
    ['Downloaded', 'processing'],
    ['Validating', 'processing'],
    ['In Queue', 'processing'],
    ['Processing', 'processing'],
    ['Ready', 'ready'],
    ['Failed', 'failed'],
    ['Transcribing', 'processing'],
    ['__proto__', 'processing'],
  ])('media status %s → %s', async (status, phase) => {
    const data = { id: MEDIA, status, workspaceId: WS };
    const { calls, fetchImpl } = scripted(200, { success: true, data });
    expect(await fetchFastpixState(mediaRef, connection, fetchImpl)).toEqual({ outcome: 'state', state: status, phase, resource: data });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`https://api.fastpix.test/v1/on-demand/${MEDIA}`);
    expect(calls[0]!.headers.authorization).toBe(`Basic ${Buffer.from('token-id:secret-key').toString('base64')}`);
  });

  it.each([
    ['idle', 'idle'],
    ['preparing', 'pending'],
    ['active', 'live'],
    ['disabled', 'idle'],
  ])('live stream status %s → %s', async (status, phase) => {
    const { calls, fetchImpl } = scripted(200, { success: true, data: { streamId: STREAM, status } });
    expect(await fetchFastpixState(liveRef, connection, fetchImpl)).toMatchObject({ outcome: 'state', state: status, phase });
    expect(calls[0]!.url).toBe(`https://api.fastpix.test/v1/live/streams/${STREAM}`);
  });

  it('drops the stream key and SRT secret from the live stream it keeps', async () => {
    const { fetchImpl } = scripted(200, { success: true, data: { streamId: STREAM, status: 'active', streamKey: 'sk-secret', srtSecret: 'srt-secret', reconnectWindow: 60 } });
    expect(await fetchFastpixState(liveRef, connection, fetchImpl)).toEqual({
      outcome: 'state',
      state: 'active',
      phase: 'live',
      resource: { streamId: STREAM, status: 'active', reconnectWindow: 60 },
    });
  });

  it('an undocumented live stream status tells nothing: unknown', async () => {
    const { fetchImpl } = scripted(200, { success: true, data: { streamId: STREAM, status: 'reconnecting' } });
    expect(await fetchFastpixState(liveRef, connection, fetchImpl)).toEqual({ outcome: 'unknown', detail: expect.stringContaining('"reconnecting"') });
  });

  it('an answer without data.status is unknown, not a failure', async () => {
    const { fetchImpl } = scripted(200, { success: true });
    expect(await fetchFastpixState(mediaRef, connection, fetchImpl)).toMatchObject({ outcome: 'unknown' });
  });

  it('an answer from another workspace (wrong token) is unknown, never taken for this media', async () => {
    const { fetchImpl } = scripted(200, { success: true, data: { id: MEDIA, status: 'Ready', workspaceId: 'another-workspace' } });
    expect(await fetchFastpixState(mediaRef, connection, fetchImpl)).toEqual({ outcome: 'unknown', detail: expect.stringContaining('another-workspace') });
  });

  it('a simulcast target has no GET: unknown, without a request', async () => {
    const { calls, fetchImpl } = scripted(200, {});
    const ref: ResourceRef = { provider: 'fastpix', account: WS, kind: 'simulcast-target', id: `${STREAM}/abc` };
    expect(await fetchFastpixState(ref, connection, fetchImpl)).toMatchObject({ outcome: 'unknown' });
    expect(calls).toHaveLength(0);
  });

  it.each([
    [404, 'media workspace relation not found'],
    [401, 'unauthorized'],
    [429, 'too many requests'],
    [503, 'unavailable'],
  ])('a %i is a ProviderApiError carrying FastPix’s message', async (status, message) => {
    const { fetchImpl } = scripted(status, { success: false, error: { code: status, message, description: 'details' } }, status === 429 ? { 'retry-after': '3' } : {});
    const error = await fetchFastpixState(mediaRef, connection, fetchImpl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ status, message: expect.stringContaining(message) });
    if (status === 429) expect((error as ProviderApiError).retryAfterMs).toBe(3000);
    expect((error as Error).message).not.toContain('secret-key');
  });

  it('never sends an id that would leave its path segment', async () => {
    const { calls, fetchImpl } = scripted(200, {});
    await expect(fetchFastpixState({ ...mediaRef, id: '../live/streams/x' }, connection, fetchImpl)).rejects.toMatchObject({ status: 400 });
    expect(calls).toHaveLength(0);
  });

  it('without credentials every poll is a 401 (needs attention), and canPoll says so', async () => {
    const bare = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: 'c2VjcmV0' });
    await expect(fetchFastpixState(mediaRef, bare)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('accessTokenId') });
    expect(fastpix.adapter.canPoll!(bare)).toBe(false);
    expect(fastpix.adapter.canPoll!(connection)).toBe(true);
  });

  it('reads the full resource for actions', async () => {
    const data = { id: MEDIA, status: 'Ready', playbackIds: [{ id: 'p1', accessPolicy: 'public' }] };
    const { fetchImpl } = scripted(200, { success: true, data });
    expect(await fetchFastpixResource(mediaRef, connection, fetchImpl)).toEqual(data);
  });
});
