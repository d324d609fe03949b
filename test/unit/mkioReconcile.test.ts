import { createReconcileActivities, MAX_KEYS_PER_RUN } from '../../activities/reconcile';
import { validateConfig, ConfigError } from '../../src/config/load';
import type { MkioConnection } from '../../src/providers/mkio/connection';
import type { MkioDeliveryRecord } from '../../src/providers/mkio/deliveryHistory';
import { lostMkioDeliveries, mkioReconciler } from '../../src/providers/mkio/reconcile';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { reconcileScheduleId, reconcileSchedules } from '../../src/temporal/reconcileSchedules';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';

const NOW = new Date('2026-12-07T10:00:00Z');
const HOUR = 3_600_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const job = (name: string, project = 'proj') => `/api/v1/projects/${project}/transforms/encode/jobs/${name}`;
const record = (source: string, status: string, minutesAgo = 5): MkioDeliveryRecord => ({ created: ago(minutesAgo), source, type: 'MediaKind.JobFinished', status });

describe('MK.IO lost deliveries from a rule history', () => {
  it.each<[string, MkioDeliveryRecord[], { keys: string[]; failed: number; unmapped: number }]>([
    ['Failed → its job', [record(job('a'), 'Failed')], { keys: ['mkio:proj:job:encode/a'], failed: 1, unmapped: 0 }],
    ['Retrying → its job (still not delivered)', [record(job('a'), 'Retrying')], { keys: ['mkio:proj:job:encode/a'], failed: 1, unmapped: 0 }],
    ['Sent and Pending → nothing', [record(job('a'), 'Sent'), record(job('b'), 'Pending')], { keys: [], failed: 0, unmapped: 0 }],
    ['a status MK.IO adds later → nothing', [record(job('a'), 'Throttled')], { keys: [], failed: 0, unmapped: 0 }],
    ['older than the lookback → left to polling', [record(job('a'), 'Failed', 61)], { keys: [], failed: 0, unmapped: 0 }],
    ['just inside the lookback', [record(job('a'), 'Failed', 59)], { keys: ['mkio:proj:job:encode/a'], failed: 1, unmapped: 0 }],
    ['a created time from a clock ahead of ours still counts', [record(job('a'), 'Failed', -2)], { keys: ['mkio:proj:job:encode/a'], failed: 1, unmapped: 0 }],
    ['two lost deliveries of one job → one key', [record(job('a'), 'Failed', 10), record(job('a'), 'Retrying', 2)], { keys: ['mkio:proj:job:encode/a'], failed: 2, unmapped: 0 }],
    [
      'the three source spellings of one job → one key',
      [record(job('a'), 'Failed'), record('/api/v1/projects/proj/media/transforms/encode/jobs/a', 'Failed'), record('https://app.mk.io/api/ams/proj/transforms/encode/jobs/a', 'Failed')],
      { keys: ['mkio:proj:job:encode/a'], failed: 3, unmapped: 0 },
    ],
    ['a streaming locator', [record('/api/v1/projects/proj/media/streamingLocators/loc-1', 'Failed')], { keys: ['mkio:proj:locator:loc-1'], failed: 1, unmapped: 0 }],
    ['a source naming nothing Reelflow tracks → unmapped', [record('/api/v1/projects/proj/media/assets/a1', 'Failed')], { keys: [], failed: 1, unmapped: 1 }],
    ['another project → unmapped', [record(job('a', 'other'), 'Failed')], { keys: [], failed: 1, unmapped: 1 }],
    ['a project segment that is not an MK.IO name → unmapped', [record(job('a', 'ev%00il'), 'Failed')], { keys: [], failed: 1, unmapped: 1 }],
    ['a created time that does not parse → unmapped', [{ ...record(job('a'), 'Failed'), created: 'yesterday' }], { keys: [], failed: 1, unmapped: 1 }],
  ])('%s', (_name, records, expected) => {
    expect(lostMkioDeliveries(records, 'proj', NOW, HOUR)).toEqual(expected);
  });
});

describe('MK.IO reconcile config', () => {
  const connection = (extra: Record<string, unknown>) =>
    validateConfig({ connections: [{ name: 'prod', provider: 'mkio', project: 'proj', secret: 's', apiToken: 't', ...extra }] }, 'test').connections[0] as unknown as MkioConnection;
  const refusal = (extra: Record<string, unknown>) => {
    try {
      connection(extra);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('is on by default (every 5 min, 1 h back) when the connection can poll', () => {
    expect(mkioReconciler.plan(connection({}))).toEqual({ everyMs: 300_000, lookbackMs: HOUR });
    expect(mkioReconciler.plan(connection({ reconcile: {} }))).toEqual({ everyMs: 300_000, lookbackMs: HOUR });
    expect(mkioReconciler.plan(connection({ reconcile: { every: '2s', lookback: '10m' } }))).toEqual({ everyMs: 2000, lookbackMs: 600_000 });
  });

  it('is off with `false`, without an API token, or without a project', () => {
    expect(mkioReconciler.plan(connection({ reconcile: false }))).toBeUndefined();
    expect(mkioReconciler.plan(connection({ apiToken: undefined }))).toBeUndefined();
    expect(mkioReconciler.plan(connection({ project: undefined }))).toBeUndefined();
  });

  it('refuses a period under 1 s (one GET each), a lookback shorter than the period, and unknown keys', () => {
    expect(refusal({ reconcile: { every: '500ms' } })).toMatch(/reconcile\.every: at least 1 s/);
    expect(refusal({ reconcile: { every: '10m', lookback: '5m' } })).toMatch(/reconcile\.lookback: must be at least `every`/);
    expect(refusal({ reconcile: { every: 'often' } })).toMatch(/not a duration/);
    expect(refusal({ reconcile: { evry: '5m' } })).toMatch(/evry/);
    expect(refusal({ reconcile: true })).toMatch(/reconcile: `false` turns it off/);
  });

  it('gives one schedule per reconciling connection, on this task queue, with its period', () => {
    const config = validateConfig(
      {
        temporal: { taskQueue: 'reelflow' },
        connections: [
          { name: 'prod', provider: 'mkio', project: 'proj', secret: 's', apiToken: 't', reconcile: { every: '2m' } },
          { name: 'quiet', provider: 'mkio', project: 'proj2', secret: 's', apiToken: 't', reconcile: false },
          { name: 'hooks-only', provider: 'mkio', project: 'proj3', secret: 's' },
        ],
      },
      'test',
    );
    const schedules = reconcileSchedules(config);
    expect([...schedules.keys()]).toEqual(['reelflow-reconcile-mkio-prod']);
    expect(reconcileScheduleId('reelflow', 'mkio', 'prod')).toBe('reelflow-reconcile-mkio-prod');
    expect(schedules.get('reelflow-reconcile-mkio-prod')).toMatchObject({
      spec: { intervals: [{ every: 120_000 }] },
      action: { type: 'startWorkflow', workflowType: 'reconcileDeliveries', taskQueue: 'reelflow', args: [{ provider: 'mkio', connection: 'prod', pollTaskQueue: 'reelflow.poll.mkio' }] },
      policies: { overlap: 'SKIP' },
    });
  });
});

describe('MK.IO reconcile against the fake', () => {
  const TOKEN = 'reconcile-token';
  let fake: FakeMkio;
  let receiver: HttpRecorder;
  beforeAll(async () => {
    fake = await startFakeMkio({ token: TOKEN, timing: { queuedMs: 20, processingMs: 50 } });
    receiver = await startHttpRecorder();
  });
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  const connection = (project: string, extra: Partial<MkioConnection> = {}): MkioConnection =>
    ({ name: 'prod', provider: 'mkio', project, secret: ['s'], secretHeader: 'X-Webhook-Secret', apiBaseUrl: fake.url, apiToken: TOKEN, ...extra }) as MkioConnection;
  const rule = (url: string) => ({ url, enabled: true, events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'] });

  it('reads the rule history in one GET: the lost job once; delivered ones are not lost', async () => {
    const project = 'reconcile-fake';
    fake.putRule(project, 'reelflow-prod', rule(`${receiver.url}/hooks`));
    fake.createJob(project, 'encode', 'delivered');
    await fake.idle();
    fake.setFaults({ drop: 1 }); // MK.IO gives up on both of this job's deliveries: Failed
    fake.createJob(project, 'encode', 'lost');
    await fake.idle();
    fake.setFaults({});

    const before = fake.counters.byRoute['GET rule events'] ?? 0;
    const lost = await mkioReconciler.lostDeliveries(connection(project), { now: new Date() });
    expect(lost).toEqual({ keys: [`mkio:${project}:job:encode/lost`], records: 4, failed: 2, unmapped: 0 });
    expect(fake.counters.byRoute['GET rule events']).toBe(before + 1);
    // Past the lookback, the same history holds nothing to act on.
    expect(await mkioReconciler.lostDeliveries(connection(project), { now: new Date(Date.now() + 2 * HOUR) })).toMatchObject({ keys: [], records: 4, failed: 0 });
  });

  it('reads the rule the connection names, and refuses a wrong token as the API does', async () => {
    const project = 'reconcile-named';
    fake.putRule(project, 'my-rule', rule('http://127.0.0.1:9/hooks'));
    expect(await mkioReconciler.lostDeliveries(connection(project, { webhookRule: 'my-rule' }), { now: new Date() })).toEqual({ keys: [], records: 0, failed: 0, unmapped: 0 });
    await expect(mkioReconciler.lostDeliveries(connection(project, { webhookRule: 'my-rule', apiToken: 'wrong' }), { now: new Date() })).rejects.toMatchObject({ status: 401 });
  });

  it('one run signals at most MAX_KEYS_PER_RUN resources; the rest wait for the next run', async () => {
    const config = validateConfig({ connections: [{ name: 'prod', provider: 'mkio', project: 'bulk', secret: 's', apiBaseUrl: 'http://mkio.invalid', apiToken: TOKEN }] }, 'test');
    const now = new Date().toISOString();
    const value = Array.from({ length: MAX_KEYS_PER_RUN + 5 }, (_, i) => ({
      created: now,
      source: `/api/v1/projects/bulk/transforms/encode/jobs/j-${i}`,
      type: 'MediaKind.JobFinished',
      status: 'Failed',
    }));
    const history: typeof fetch = async () => new Response(JSON.stringify({ value }), { status: 200, headers: { 'content-type': 'application/json' } });
    const lost = await createReconcileActivities(config, history).readLostDeliveries({ provider: 'mkio', connection: 'prod' });
    expect(lost.keys).toHaveLength(MAX_KEYS_PER_RUN);
    expect(lost).toMatchObject({ failed: MAX_KEYS_PER_RUN + 5, deferred: 5 });
  });

  it('the activity says plainly when there is no rule to read, or no such connection reconciles', async () => {
    const config = validateConfig(
      {
        connections: [
          { name: 'prod', provider: 'mkio', project: 'reconcile-norule', secret: 's', apiBaseUrl: fake.url, apiToken: TOKEN },
          { name: 'off', provider: 'mkio', project: 'reconcile-norule', secret: 's', apiBaseUrl: fake.url, apiToken: TOKEN, reconcile: false },
        ],
      },
      'test',
    );
    const { readLostDeliveries } = createReconcileActivities(config);
    await expect(readLostDeliveries({ provider: 'mkio', connection: 'prod' })).rejects.toMatchObject({
      type: 'ReconcileNoHistory',
      nonRetryable: true,
      message: expect.stringContaining('reelflow webhooks sync'),
    });
    await expect(readLostDeliveries({ provider: 'mkio', connection: 'off' })).rejects.toMatchObject({ type: 'ReconcileNotConfigured', nonRetryable: true });
    await expect(readLostDeliveries({ provider: 'mkio', connection: 'gone' })).rejects.toMatchObject({ type: 'ReconcileNotConfigured' });
  });
});
