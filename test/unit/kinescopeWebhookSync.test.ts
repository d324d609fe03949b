import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProviderApiError } from '../../src/providers/apiError';
import { kinescope } from '../../src/providers/kinescope';
import { KinescopeConnection } from '../../src/providers/kinescope/connection';
import { TRACKED_EVENTS } from '../../src/providers/kinescope/states';
import { verifyKinescope } from '../../src/providers/kinescope/verify';
import { startFakeKinescope, type FakeKinescope } from '../../src/simulators/kinescope';
import { syncWebhooks } from '../../src/webhooks/syncCommand';
import { startHttpRecorder } from '../support/httpRecorder';

/** `reelflow webhooks sync kinescope/<connection>` against the fake Kinescope's /v1/webhooks. */
const TOKEN = 'sync-token';
const PASSWORD = 'first-of-rotation';
const URL_A = 'https://reelflow.example.com/webhooks/kinescope/main';
const URL_B = 'https://reelflow2.example.com/webhooks/kinescope/main';
const ALL_EVENTS = `[${[...TRACKED_EVENTS].sort().join(', ')}]`;

let fake: FakeKinescope;
beforeEach(async () => {
  fake = await startFakeKinescope({ apiToken: TOKEN });
});
afterEach(async () => fake.close());

const connectionFor = (fields: Record<string, unknown> = {}) =>
  KinescopeConnection.parse({ name: 'main', provider: 'kinescope', username: 'rf', password: [PASSWORD, 'older'], apiBaseUrl: fake.url, apiToken: TOKEN, ...fields });
const sync = (webhookUrl: string, dryRun = false, connection = connectionFor()) => kinescope.webhooks!.sync(connection, { webhookUrl, dryRun });
const writes = () => (fake.counters.byRoute['POST webhook'] ?? 0) + (fake.counters.byRoute['PUT webhook'] ?? 0);

describe('Kinescope webhook registration', () => {
  it('creates reelflow-<connection> when absent (a dry run writes nothing), with the password masked', async () => {
    const dry = await sync(URL_A, true);
    expect(dry).toEqual({
      action: 'created',
      diff: [`name: "reelflow-main"`, `endpoint: "${URL_A}"`, `login: "rf"`, 'password: ********', `events: ${ALL_EVENTS}`],
    });
    expect(fake.webhooks()).toEqual([]);
    expect(writes()).toBe(0);

    expect(await sync(URL_A)).toEqual(dry);
    expect(fake.webhooks()).toEqual([expect.objectContaining({ name: 'reelflow-main', endpoint: URL_A, login: 'rf', password: '********', events: [...TRACKED_EVENTS] })]);
    expect(fake.counters.byRoute['POST webhook']).toBe(1);
  });

  it('is idempotent: a second sync is unchanged and writes nothing', async () => {
    await sync(URL_A);
    expect(await sync(URL_A)).toEqual({ action: 'unchanged', diff: [] });
    expect(await sync(URL_A, true)).toEqual({ action: 'unchanged', diff: [] });
    expect(writes()).toBe(1);
  });

  it('rewrites all five fields when endpoint, login or events differ, saying what changed; a dry run only says', async () => {
    await sync(URL_A);
    const [registered] = fake.webhooks();
    fake.putWebhook({ name: 'reelflow-main', endpoint: URL_A, login: 'rf', password: 'x', events: ['media.update.status'] });
    const changed = connectionFor({ username: 'rf2' });
    const expected = {
      action: 'updated',
      diff: [`endpoint: "${URL_A}" → "${URL_B}"`, 'login: "rf" → "rf2"', `events: [media.update.status] → ${ALL_EVENTS}`, 'password: ******** (write-only: sent again)'],
    };
    expect(await sync(URL_B, true, changed)).toEqual(expected);
    expect(fake.webhooks()[0]).toMatchObject({ endpoint: URL_A, login: 'rf' });
    expect(await sync(URL_B, false, changed)).toEqual(expected);
    expect(fake.webhooks()).toEqual([expect.objectContaining({ id: registered!.id, endpoint: URL_B, login: 'rf2', events: [...TRACKED_EVENTS] })]);
    expect(fake.counters.byRoute['PUT webhook']).toBe(1);
    expect(await sync(URL_B, false, changed)).toEqual({ action: 'unchanged', diff: [] });
  });

  it('after a password rotation nothing readable differs: only resendSecret writes the new password', async () => {
    await sync(URL_A);
    const rotated = connectionFor({ password: ['second-of-rotation', PASSWORD] });
    expect(await sync(URL_A, false, rotated)).toEqual({ action: 'unchanged', diff: [] });
    expect(fake.counters.byRoute['PUT webhook'] ?? 0).toBe(0);
    const resent = await kinescope.webhooks!.sync(rotated, { webhookUrl: URL_A, dryRun: false, resendSecret: true });
    expect(resent).toEqual({ action: 'updated', diff: ['password: ******** (write-only: sent again)'] });
    expect(fake.counters.byRoute['PUT webhook']).toBe(1);
  });

  it('never shows a password, and leaves other webhooks alone', async () => {
    fake.putWebhook({ name: 'someone-else', endpoint: 'https://other.example.com/h', login: 'o', password: 'theirs', events: ['media.update.status'] });
    const results = [await sync(URL_A), await sync(URL_B)];
    expect(JSON.stringify(results)).not.toContain(PASSWORD);
    expect(fake.webhooks().map((w) => [w.name, w.endpoint])).toEqual([
      ['someone-else', 'https://other.example.com/h'],
      ['reelflow-main', URL_B],
    ]);
  });

  it('registers the first password of a rotation: the fake then delivers with it, and the adapter accepts it', async () => {
    const receiver = await startHttpRecorder();
    try {
      await sync(`${receiver.url}/webhooks/kinescope/main`);
      fake.createLiveEvent('Town hall');
      await fake.idle();
      const [delivered] = receiver.requests;
      expect(Buffer.from(String(delivered!.headers.authorization).slice('Basic '.length), 'base64').toString()).toBe(`rf:${PASSWORD}`);
      expect(() => verifyKinescope({ rawBody: delivered!.raw, headers: delivered!.headers, query: {} }, connectionFor())).not.toThrow();
    } finally {
      await receiver.close();
    }
  });

  it('an insecureNoAuth connection registers empty credentials', async () => {
    await sync(URL_A, false, KinescopeConnection.parse({ name: 'main', provider: 'kinescope', insecureNoAuth: true, apiBaseUrl: fake.url, apiToken: TOKEN }));
    expect(fake.webhooks()[0]).toMatchObject({ login: '', password: '' });
  });

  it('fails with a ProviderApiError without a token, or with one Kinescope refuses', async () => {
    await expect(sync(URL_A, false, connectionFor({ apiToken: undefined }))).rejects.toMatchObject({ status: 401, message: expect.stringContaining('has no apiToken') });
    const refused = await sync(URL_A, false, connectionFor({ apiToken: 'wrong' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderApiError);
    expect(refused).toMatchObject({ status: 401 });
    expect(fake.webhooks()).toEqual([]);
  });
});

describe('reelflow webhooks sync kinescope/<connection>', () => {
  it('syncs through the CLI command from a config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelflow-kinescope-'));
    const file = join(dir, 'reelflow.config.json');
    writeFileSync(file, JSON.stringify({ connections: [{ name: 'main', provider: 'kinescope', username: 'rf', password: PASSWORD, apiBaseUrl: fake.url, apiToken: TOKEN }] }));
    const previous = process.env.REELFLOW_CONFIG;
    process.env.REELFLOW_CONFIG = file;
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await syncWebhooks(['sync', 'kinescope/main', '--url', 'https://rf.example.com', '--dry-run'])).toBe(0);
      expect(await syncWebhooks(['sync', 'kinescope/main', '--url', 'https://rf.example.com'])).toBe(0);
      expect(await syncWebhooks(['sync', 'kinescope/main', '--url', 'https://rf.example.com'])).toBe(0);
    } finally {
      log.mockRestore();
      if (previous === undefined) delete process.env.REELFLOW_CONFIG;
      else process.env.REELFLOW_CONFIG = previous;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(lines.filter((line) => !line.startsWith('  '))).toEqual([
      'would create Kinescope webhook → https://rf.example.com/webhooks/kinescope/main',
      'created Kinescope webhook → https://rf.example.com/webhooks/kinescope/main',
      'already up to date: Kinescope webhook → https://rf.example.com/webhooks/kinescope/main',
    ]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(fake.webhooks()).toEqual([expect.objectContaining({ endpoint: 'https://rf.example.com/webhooks/kinescope/main' })]);
  });
});
