import { providerModule } from '../../src/providers/registry';
import { ProviderApiError } from '../../src/providers/apiError';
import { MkioConnection } from '../../src/providers/mkio/connection';
import { MKIO_EVENT_TYPES } from '../../src/providers/mkio/eventTypes';
import { verifyMkio } from '../../src/providers/mkio/verify';
import type { WebhookRegistrar } from '../../src/providers/types';
import { WebhookSyncError } from '../../src/providers/webhookSyncError';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { mkioSimulator } from '../../src/simulators/mkio/module';
import { apiCaller } from '../support/fakeApi';
import { startHttpRecorder } from '../support/httpRecorder';

/** `reelflow webhooks sync|events mkio/<connection>` against the fake MK.IO's Management API. */
const TOKEN = 'sync-token';
const SECRET = 'first-of-rotation';
const P = 'acme';
const URL_A = 'https://reelflow.example.com/webhooks/mkio/main';
const URL_B = 'https://reelflow2.example.com/webhooks/mkio/main';
const ALL_EVENTS = `[${[...MKIO_EVENT_TYPES].sort().join(', ')}]`;
const RULE_PATH = `/api/v1/projects/${P}/webhook/rules/reelflow-main`;

let fake: FakeMkio;
beforeEach(async () => {
  fake = await startFakeMkio({ token: TOKEN, timing: { queuedMs: 5, processingMs: 5 } });
});
afterEach(async () => fake.close());

const connectionFor = (fields: Record<string, unknown> = {}) =>
  MkioConnection.parse({ name: 'main', provider: 'mkio', project: P, secret: [SECRET, 'older'], apiBaseUrl: fake.url, apiToken: TOKEN, ...fields });
// Through the registry, as the CLI finds it (importing the mkio module first would start an import cycle).
const registrar = providerModule('mkio')!.webhooks! as WebhookRegistrar<MkioConnection>;
const sync = (webhookUrl: string, dryRun = false, connection = connectionFor(), fetchImpl?: typeof fetch) => registrar.sync(connection, { webhookUrl, dryRun, fetch: fetchImpl });
const puts = () => fake.counters.byRoute['PUT rule'] ?? 0;
const readRule = async () => (await apiCaller(() => fake.url, `Bearer ${TOKEN}`)('GET', RULE_PATH)).body;

describe('MK.IO webhook rule sync', () => {
  it('creates reelflow-<connection> with every event and the secret header (a dry run writes nothing); the secret is never shown', async () => {
    const dry = await sync(URL_A, true);
    expect(dry).toEqual({
      action: 'created',
      diff: [`url: "${URL_A}"`, 'enabled: true', `events: ${ALL_EVENTS}`, 'authentication.headers.X-Webhook-Secret: *****'],
    });
    expect(puts()).toBe(0);
    expect((await apiCaller(() => fake.url, `Bearer ${TOKEN}`)('GET', RULE_PATH)).status).toBe(404);

    expect(await sync(URL_A)).toEqual(dry);
    expect(puts()).toBe(1);
    expect(await readRule()).toMatchObject({ spec: { url: URL_A, enabled: true, events: [...MKIO_EVENT_TYPES], authentication: { headers: { 'X-Webhook-Secret': '*****' } } } });
    expect(JSON.stringify(dry)).not.toContain(SECRET);
  });

  it('is idempotent: a second run (or dry run) is unchanged and makes no PUT', async () => {
    await sync(URL_A);
    expect(await sync(URL_A)).toEqual({ action: 'unchanged', diff: [] });
    expect(await sync(URL_A, true)).toEqual({ action: 'unchanged', diff: [] });
    expect(puts()).toBe(1);
  });

  it('keeps what the operator added (headers, query params) when it rewrites the URL, and re-sends the secret', async () => {
    fake.putRule(P, 'reelflow-main', {
      url: URL_A,
      enabled: false,
      events: ['MediaKind.JobFinished'],
      headers: { 'X-Source': 'mkio', 'X-Team': 'video' },
      queryParams: { env: 'prod' },
      authentication: { headers: { 'x-webhook-secret': 'stale' } },
    });
    const result = await sync(URL_B);
    expect(result).toEqual({
      action: 'updated',
      diff: [
        `url: "${URL_A}" → "${URL_B}"`,
        'enabled: false → true',
        `events: [MediaKind.JobFinished] → ${ALL_EVENTS}`,
        'authentication.headers.X-Webhook-Secret: (none) → *****',
        'authentication.headers.x-webhook-secret: ***** → (none)',
      ],
    });
    expect(await readRule()).toMatchObject({
      spec: { url: URL_B, enabled: true, headers: { 'X-Source': 'mkio', 'X-Team': 'video' }, queryParams: { env: 'prod' }, authentication: { headers: { 'X-Webhook-Secret': '*****' } } },
    });
    expect(await sync(URL_B)).toEqual({ action: 'unchanged', diff: [] });
    expect(puts()).toBe(1);

    const moved = await sync(URL_A);
    expect(moved.diff).toEqual([`url: "${URL_B}" → "${URL_A}"`, 'authentication.headers.X-Webhook-Secret: ***** (write-only: sent again)']);
    expect((await readRule()).spec.headers).toEqual({ 'X-Source': 'mkio', 'X-Team': 'video' });
  });

  it('--dry-run on an existing rule says what would change and changes nothing', async () => {
    await sync(URL_A);
    const before = await readRule();
    expect(await sync(URL_B, true)).toEqual({ action: 'updated', diff: [`url: "${URL_A}" → "${URL_B}"`, 'authentication.headers.X-Webhook-Secret: ***** (write-only: sent again)'] });
    expect(await readRule()).toEqual(before);
    expect(puts()).toBe(1);
  });

  it('refuses to touch a rule carrying authentication that is not Reelflow’s, naming it, dry run or not', async () => {
    fake.putRule(P, 'reelflow-main', {
      url: URL_A,
      enabled: true,
      events: ['MediaKind.JobFinished'],
      authentication: { headers: { 'X-Webhook-Secret': SECRET, Authorization: 'Bearer theirs-1234' }, queryParams: { sig: 'theirs-5678' } },
    });
    for (const dryRun of [true, false]) {
      const refused = await sync(URL_B, dryRun).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WebhookSyncError);
      expect((refused as Error).message).toContain('authentication.headers.Authorization, authentication.queryParams.sig');
      expect((refused as Error).message).toContain('reads authentication values back masked');
      expect((refused as Error).message).not.toMatch(/theirs-|first-of-rotation/);
    }
    expect(puts()).toBe(0);
    expect((await readRule()).spec.url).toBe(URL_A);
  });

  it('accepts the secret query parameter when the connection configures one', async () => {
    const connection = connectionFor({ secretQueryParam: 'token' });
    expect((await sync(URL_A, false, connection)).diff).toContain('authentication.queryParams.token: *****');
    expect(await readRule()).toMatchObject({ spec: { authentication: { headers: { 'X-Webhook-Secret': '*****' }, queryParams: { token: '*****' } } } });
    expect(await sync(URL_A, false, connection)).toEqual({ action: 'unchanged', diff: [] });
  });

  it('reports a rule that does not read back as written, naming the field', async () => {
    let wrote = false;
    // MK.IO accepts the PUT, then answers GETs without one of the events (as if it had dropped it).
    const altering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'PUT') wrote = true;
      if (!wrote || init?.method !== 'GET') return response;
      const body = (await response.json()) as { spec: { events: string[] } };
      body.spec.events = body.spec.events.filter((type: string) => type !== 'MediaKind.ScheduledOperationError');
      return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
    };
    const failed = await sync(URL_A, false, connectionFor(), altering).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(WebhookSyncError);
    expect((failed as Error).message).toMatch(/^MK\.IO rule "reelflow-main" does not read back as written: events reads back \[/);
    expect((failed as Error).message).not.toContain(SECRET);
  });

  it('subscribes to the events: subset a connection names; an unknown type is a config error naming the field', async () => {
    await sync(URL_A, false, connectionFor({ events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'] }));
    expect((await readRule()).spec.events).toEqual(['MediaKind.JobStarted', 'MediaKind.JobFinished']);
    const bad = MkioConnection.safeParse({ name: 'main', provider: 'mkio', secret: 's', events: ['MediaKind.JobFinished', 'MediaKind.JobErrored'] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['events', 1]);
    expect(MkioConnection.safeParse({ name: 'main', provider: 'mkio', secret: 's', events: ['MediaKind.JobFinished', 'MediaKind.JobFinished'] }).success).toBe(false);
  });

  it('the fake’s connect() registers exactly the rule sync writes', async () => {
    mkioSimulator.connect(fake, connectionFor(), URL_A);
    expect(await sync(URL_A)).toEqual({ action: 'unchanged', diff: [] });
    expect(puts()).toBe(0);
  });

  it('registers the first secret of a rotation: MK.IO then delivers with it and the adapter accepts it', async () => {
    const receiver = await startHttpRecorder();
    try {
      await sync(`${receiver.url}/webhooks/mkio/main`);
      fake.createJob(P, 'abr', 'job-1');
      await fake.idle();
      expect(receiver.requests).toHaveLength(2);
      for (const delivered of receiver.requests) {
        expect(delivered.headers['x-webhook-secret']).toBe(SECRET);
        expect(() => verifyMkio({ rawBody: delivered.raw, headers: delivered.headers, query: {} }, connectionFor())).not.toThrow();
      }
    } finally {
      await receiver.close();
    }
  });

  it('pushes a rotated secret only with resendSecret: MK.IO cannot say which secret it holds', async () => {
    const receiver = await startHttpRecorder();
    try {
      const url = `${receiver.url}/webhooks/mkio/main`;
      await sync(url, false, connectionFor({ secret: 'old-secret' }));
      const rotated = connectionFor({ secret: ['new-secret', 'old-secret'] });
      expect(await sync(url, false, rotated)).toEqual({ action: 'unchanged', diff: [] });
      const resent = await registrar.sync(rotated, { webhookUrl: url, dryRun: false, resendSecret: true });
      expect(resent).toEqual({ action: 'updated', diff: ['authentication.headers.X-Webhook-Secret: ***** (write-only: sent again)'] });
      expect(puts()).toBe(2);
      fake.createJob(P, 'abr', 'job-1');
      await fake.idle();
      expect(receiver.requests.map((r) => r.headers['x-webhook-secret'])).toEqual(['new-secret', 'new-secret']);
    } finally {
      await receiver.close();
    }
  });

  it('fails with a ProviderApiError without a token, or without a project', async () => {
    await expect(sync(URL_A, false, connectionFor({ apiToken: undefined }))).rejects.toMatchObject({ status: 401, message: expect.stringContaining('has no apiToken') });
    await expect(sync(URL_A, false, connectionFor({ project: undefined }))).rejects.toBeInstanceOf(ProviderApiError);
    expect(puts()).toBe(0);
  });
});

describe('MK.IO webhook rule delivery history', () => {
  it('lists the rule’s /events, marking Failed deliveries as lost', async () => {
    await sync('http://127.0.0.1:9/webhooks/mkio/main'); // nothing listens on port 9
    fake.setFaults({ retry: { attempts: 0, backoffMs: 1 } });
    fake.createJob(P, 'abr', 'job-1');
    await fake.idle();
    const history = await registrar.events!(connectionFor(), {});
    expect(history).toEqual({
      registration: 'reelflow-main',
      skipped: 0,
      deliveries: [
        { created: expect.any(String), type: 'MediaKind.JobStarted', status: 'Failed', source: `/api/v1/projects/${P}/transforms/abr/jobs/job-1`, lost: true },
        { created: expect.any(String), type: 'MediaKind.JobFinished', status: 'Failed', source: `/api/v1/projects/${P}/transforms/abr/jobs/job-1`, lost: true },
      ],
    });
  });

  it('a dropped delivery ends Failed in /events (what reconcile looks for)', async () => {
    await sync(URL_A);
    fake.setFaults({ drop: 1 });
    fake.createJob(P, 'abr', 'job-1');
    await fake.idle();
    expect((await registrar.events!(connectionFor(), {})).deliveries.map((d) => [d.status, d.lost])).toEqual([
      ['Failed', true],
      ['Failed', true],
    ]);
  });

  it('says how to create the rule when MK.IO has none', async () => {
    await expect(registrar.events!(connectionFor(), {})).rejects.toMatchObject({ status: 404, message: expect.stringContaining('run reelflow webhooks sync mkio/main') });
  });
});
