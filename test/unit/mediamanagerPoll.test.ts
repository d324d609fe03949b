import { validateConfig } from '../../src/config/load';
import { ProviderApiError } from '../../src/providers/apiError';
import { mediaManagerAdapter } from '../../src/providers/mediamanager';
import { MediaManagerConnection } from '../../src/providers/mediamanager/connection';
import { fetchMediaManagerState } from '../../src/providers/mediamanager/fetchState';
import { lifecycleInput, waitPolicyFor } from '../../src/temporal/lifecycleInput';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';

const TOKEN = 'fa9ef782-4e41-428f-8add-8440878790ec';
const item = (token: string, extra: Record<string, unknown> = {}) => ({ id: 123, token, team_id: 7, title: 'Q3', published: true, live: false, ...extra });
const page = (data: unknown[]) => ({ data, links: { first: 'x', last: 'x', prev: null, next: null }, meta: { current_page: 1, total: data.length } });

describe('polling Media Manager: one GET of the published media list', () => {
  let api: HttpRecorder;
  let connection: MediaManagerConnection;
  beforeEach(async () => {
    api = await startHttpRecorder();
    connection = MediaManagerConnection.parse({ name: 'main', provider: 'mediamanager', secret: 's', apiBaseUrl: `${api.url}/api/v1`, apiToken: 'api-token', teamId: 7 });
  });
  afterEach(async () => api.close());

  const poll = (kind: 'media' | 'live' = 'media', id = TOKEN, c = connection) => fetchMediaManagerState({ provider: 'mediamanager', account: 'main', kind, id }, c);

  it('asks for the token in the team, with the Bearer token, and reads a listed media as published and ready', async () => {
    api.respond(() => ({ status: 200, body: page([item(TOKEN)]) }));
    expect(await poll()).toEqual({ outcome: 'state', state: 'published', phase: 'ready', resource: item(TOKEN) });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: 'GET', url: `/api/v1/media?team_id=7&filter%5Btoken%5D=${TOKEN}` });
    expect(api.requests[0]!.headers.authorization).toBe('Bearer api-token');
  });

  it('an absent media is unknown, never deleted (the list shows published media only)', async () => {
    api.respond(() => ({ status: 200, body: page([]) }));
    expect(await poll()).toEqual({ outcome: 'unknown', detail: expect.stringContaining('not in the published media list') });
  });

  it('ignores other items the list might return', async () => {
    api.respond(() => ({ status: 200, body: page([item('another-token')]) }));
    expect((await poll()).outcome).toBe('unknown');
  });

  it('a livestream is unknown without a GET: listed or not, the list does not tell live from idle', async () => {
    api.respond(() => ({ status: 200, body: page([item(TOKEN, { live: true })]) }));
    expect(await poll('live')).toEqual({ outcome: 'unknown', detail: expect.stringContaining('livestream') });
    expect(api.requests).toHaveLength(0);
  });

  it('an answer without a data list is a 502 (retried), a refusal keeps its status', async () => {
    api.respond(() => ({ status: 200, body: { message: 'hello' } }));
    await expect(poll()).rejects.toMatchObject({ status: 502 });
    api.respond(() => ({ status: 401, body: { message: 'Unauthenticated.' } }));
    await expect(poll()).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Unauthenticated.') });
    api.respond(() => ({ status: 429, headers: { 'retry-after': '2' }, body: { message: 'Too Many Attempts.' } }));
    await expect(poll()).rejects.toMatchObject({ status: 429, retryAfterMs: 2000 });
  });

  it('sends nothing for a media known only by its numeric id, or without a team or token', async () => {
    expect(await poll('media', '123')).toMatchObject({ outcome: 'unknown' });
    const noTeam = MediaManagerConnection.parse({ ...connection, teamId: undefined });
    await expect(poll('media', TOKEN, noTeam)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('no teamId') });
    const noToken = MediaManagerConnection.parse({ ...connection, apiToken: undefined });
    await expect(poll('media', TOKEN, noToken)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('no apiToken') });
    await expect(poll('media', '../x')).rejects.toBeInstanceOf(ProviderApiError);
    expect(api.requests).toHaveLength(0);
  });
});

describe('Media Manager adapter: how its resources are waited for', () => {
  const config = (connection: Record<string, unknown>) =>
    validateConfig(
      {
        polling: { quietFor: '300ms', maxPollInterval: '2s', maxWait: '1h' },
        connections: [{ name: 'main', provider: 'mediamanager', secret: 's', ...connection }],
      },
      'test',
    );

  it('can poll only with an API token and a team', () => {
    expect(waitPolicyFor(config({ apiToken: 't', teamId: 1 }), 'mediamanager', 'media', 'main')).toBeDefined();
    expect(waitPolicyFor(config({ apiToken: 't' }), 'mediamanager', 'media', 'main')).toBeUndefined();
    expect(waitPolicyFor(config({ teamId: 1 }), 'mediamanager', 'media', 'main')).toBeUndefined();
  });

  it('never polls faster than every 60 s, whatever the config says (GETs are cached that long)', () => {
    expect(waitPolicyFor(config({ apiToken: 't', teamId: 1 }), 'mediamanager', 'media', 'main')).toMatchObject({ quietForMs: 60_000, maxPollIntervalMs: 60_000 });
    expect(mediaManagerAdapter.minPollIntervalMs).toBe(60_000);
    expect(mediaManagerAdapter.defaultPollRatePerSecond).toBe(20);
  });

  it('gives media and livestreams a 14-day undoable delete', () => {
    const input = lifecycleInput(config({}), { key: `mediamanager:main:media:${TOKEN}`, provider: 'mediamanager', connection: 'main', kind: 'media' });
    expect(input.policy).toMatchObject({ ordering: 'rank', undoableDeleteMs: 14 * 86_400_000 });
    const live = lifecycleInput(config({}), { key: `mediamanager:main:live:${TOKEN}`, provider: 'mediamanager', connection: 'main', kind: 'live' });
    expect(live.policy).toMatchObject({ ordering: 'time', terminal: ['deleted'], undoableDeleteMs: 14 * 86_400_000 });
    expect(mediaManagerAdapter.policy?.('job')).toBeUndefined();
  });
});
