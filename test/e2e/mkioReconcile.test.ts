import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { validateConfig } from '../../src/config/load';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { freePort } from '../../src/temporal/devServer';
import { canonical } from '../support/events';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { MkioConnection } from '../../src/providers/mkio/connection';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { reconcileScheduleId, syncReconcileSchedules } from '../../src/temporal/reconcileSchedules';
import { stateQuery } from '../../workflows/messages';
import type { ReconcileSummary } from '../../workflows/reconcile';
import { startStack, type Stack } from '../support/stack';
import { eventually, stateWhen, testAddress, testClient, unique } from '../support/temporal';

/**
 * Reconcile from MK.IO's delivery history, end to end: a real Temporal schedule reads the fake's
 * rule `/events`, and a job whose JobFinished delivery failed polls at once. Polling's own quiet
 * period is an hour, so only reconcile can find the Finished state within the test.
 */
const TOKEN = 'fake-mkio-token';
const PERIOD_MS = 2000;

describe('reconcile from MK.IO delivery history', () => {
  let fake: FakeMkio;
  let stack: Stack;
  let scheduleId: string;

  beforeAll(async () => {
    // Jobs stay Processing until the test moves them (setJobState).
    fake = await startFakeMkio({ token: TOKEN, timing: { queuedMs: 100, processingMs: 3_600_000 } });
    stack = await startStack({
      listen: true,
      config: { polling: { quietFor: '1h', maxPollInterval: '1h', maxWait: '2h' } },
      connection: { apiBaseUrl: fake.url, apiToken: TOKEN, reconcile: { every: `${PERIOD_MS}ms`, lookback: '10m' } },
    });
    fake.putRule(stack.account, 'reelflow-test', {
      url: `${stack.url}/webhooks/mkio/test`,
      enabled: true,
      events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'],
      authentication: { headers: { 'X-Webhook-Secret': (stack.connection as unknown as MkioConnection).secret[0]! } },
    });
    scheduleId = reconcileScheduleId(stack.taskQueue, 'mkio', 'test');
  });
  afterAll(async () => {
    await stack?.client.schedule
      .getHandle(scheduleId)
      .delete()
      .catch(() => {});
    await stack?.stop();
    await fake?.close();
  });

  const stateOf = (key: string): Promise<ResourceSnapshot> => stack.client.workflow.getHandle(key).query(stateQuery);

  it('the worker start creates one schedule per reconciling connection, at its configured period', async () => {
    const sync = await syncReconcileSchedules(stack.client, stack.config);
    expect(sync).toEqual({ created: [scheduleId], updated: [], deleted: [] });
    // A second start changes the schedule in place.
    expect(await syncReconcileSchedules(stack.client, stack.config)).toMatchObject({ created: [], updated: [scheduleId] });

    const schedule = await stack.client.schedule.getHandle(scheduleId).describe();
    expect(schedule.spec.intervals).toMatchObject([{ every: PERIOD_MS }]);
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'reconcileDeliveries',
      taskQueue: stack.taskQueue,
      args: [{ provider: 'mkio', connection: 'test', pollTaskQueue: `${stack.taskQueue}.poll.mkio` }],
    });
    expect(schedule.policies.overlap).toBe('SKIP');
  });

  it('a Failed JobFinished delivery becomes a poll within a few periods, via reconcile; an untracked resource is no error', async () => {
    const job = unique('job');
    const key = `mkio:${stack.account}:job:encode/${job}`;
    fake.createJob(stack.account, 'encode', job);
    await stateWhen(stack.client, key, (s) => s.state === 'Processing');

    // A job Reelflow never heard of: both its deliveries are lost, and no workflow exists for it.
    const ghost = unique('ghost');
    fake.setFaults({ drop: 1 });
    fake.createJob(stack.account, 'encode', ghost);
    await eventually(async () => (fake.job(stack.account, 'encode', ghost)?.state === 'Processing' ? true : undefined));

    // MK.IO gives up on the JobFinished delivery: the rule's history says Failed.
    fake.setJobState(stack.account, 'encode', job, 'Finished');
    const lostAt = Date.now();
    fake.setFaults({});

    const finished = await stateWhen(stack.client, key, (s) => s.state === 'Finished', 30_000);
    const tookMs = Date.now() - lostAt;
    expect(finished).toMatchObject({ phase: 'ready', terminal: true });
    expect(finished.transitions.map((t) => [t.state, t.via])).toEqual([
      ['Processing', 'webhook'],
      ['Finished', 'reconcile'],
    ]);
    // At most one period to the next read, then a signal and one GET (about 3 s here); the bound
    // leaves room for a busy machine and still says "periods", not quietFor (1 h).
    expect(tookMs).toBeLessThan(10 * PERIOD_MS);

    // Later reads still see the Failed record: a terminal resource ignores them (no more polls).
    await new Promise((r) => setTimeout(r, 2 * PERIOD_MS));
    const later = await stateOf(key);
    expect(later.counts.polls).toBe(finished.counts.polls);
    expect(later.counts.polls).toBeLessThanOrEqual(2);
    expect(fake.counters.getsByJob[`${stack.account}/encode/${job}`]).toBeGreaterThanOrEqual(1);

    // The schedule's runs completed; the ghost counted as untracked, not as a failure.
    const summaries = await eventually(async () => {
      const { info } = await stack.client.schedule.getHandle(scheduleId).describe();
      const runs = await Promise.all(
        info.recentActions.map(async (a) => {
          const handle = stack.client.workflow.getHandle(a.action.workflow.workflowId, a.action.workflow.firstExecutionRunId);
          const { status } = await handle.describe();
          return status.name === 'COMPLETED' ? ((await handle.result()) as ReconcileSummary) : undefined;
        }),
      );
      const done = runs.filter((r): r is ReconcileSummary => r !== undefined);
      return done.some((s) => s.polled >= 1) && done.some((s) => s.untracked >= 1) ? done : undefined;
    }, 20_000);
    const withPoll = summaries.find((s) => s.polled >= 1)!;
    expect(withPoll.failed).toBeGreaterThanOrEqual(2); // the job's JobFinished, the ghost's JobStarted
    expect(withPoll).toMatchObject({ unmapped: 0 });
    expect(withPoll.untracked).toBeGreaterThanOrEqual(1);
  });

  it('a connection gone from the config loses its schedule at the next start', async () => {
    const deleted = await eventually(async () => {
      const sync = await syncReconcileSchedules(stack.client, { ...stack.config, connections: [] });
      return sync.deleted.includes(scheduleId) ? sync.deleted : undefined;
    });
    expect(deleted).toEqual([scheduleId]);
    await expect(stack.client.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});

/** One sample of Prometheus text: the series of `name` whose labels include `labels`, summed. */
function sampled(text: string, name: string, labels: Record<string, string>): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => got.includes(`${k}="${v}"`))) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

describe('reconcile in `reelflow worker`, as deployed', () => {
  it('the worker start makes the schedule; its runs show on the worker metrics endpoint', async () => {
    const fake = await startFakeMkio({ token: TOKEN, timing: { queuedMs: 100, processingMs: 3_600_000 } });
    const client = await testClient();
    const metricsPort = await freePort();
    const project = unique('acct');
    const taskQueue = unique('tq');
    const raw = {
      temporal: { taskQueue, workerMetricsAddress: `127.0.0.1:${metricsPort}` },
      polling: { quietFor: '1h', maxPollInterval: '1h', maxWait: '2h' },
      connections: [{ name: 'test', provider: 'mkio', project, secret: 's', apiBaseUrl: fake.url, apiToken: TOKEN, reconcile: { every: `${PERIOD_MS}ms`, lookback: '10m' } }],
    };
    const dir = mkdtempSync(join(tmpdir(), 'rf-reconcile-'));
    writeFileSync(join(dir, 'reelflow.config.json'), JSON.stringify(raw));
    const config = validateConfig(raw, 'test');
    // Nothing listens on port 9 of loopback: every delivery of this rule fails, as with Reelflow down.
    fake.putRule(project, 'reelflow-test', { url: 'http://127.0.0.1:9/webhooks/mkio/test', enabled: true, events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'] });
    fake.setFaults({ retry: { attempts: 0, backoffMs: 0 } });

    let output = '';
    const worker: ChildProcess = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'reelflow.js'), 'worker'], {
      cwd: dir,
      env: { ...process.env, TEMPORAL_ADDRESS: testAddress(), TEMPORAL_NAMESPACE: 'default' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-50_000)));
    worker.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-50_000)));
    const scheduleId = reconcileScheduleId(taskQueue, 'mkio', 'test');
    try {
      // tsx compiles and the worker bundles its workflows first: on a busy machine, tens of seconds.
      const schedule = await eventually(() => client.schedule.getHandle(scheduleId).describe(), 90_000, 500).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.slice(-4000)}`);
      });
      expect(schedule.spec.intervals).toMatchObject([{ every: PERIOD_MS }]);

      // A job Reelflow follows (its JobStarted came some other way), whose JobFinished delivery fails.
      const job = unique('job');
      const key = `mkio:${project}:job:encode/${job}`;
      fake.createJob(project, 'encode', job);
      await eventually(async () => (fake.job(project, 'encode', job)?.state === 'Processing' ? true : undefined));
      await configuredDispatcher(client, config).deliver(canonical(key, 'started', 'Processing', 'processing', new Date()));
      fake.setJobState(project, 'encode', job, 'Finished');

      const finished = await stateWhen(client, key, (s) => s.state === 'Finished', 60_000);
      expect(finished.transitions.at(-1)).toMatchObject({ state: 'Finished', via: 'reconcile' });

      const labels = { provider: 'mkio', connection: 'test' };
      const metrics = await eventually(async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        return (sampled(text, 'reelflow_reconcile_polls', labels) ?? 0) >= 1 ? text : undefined;
      }, 30_000);
      expect(sampled(metrics, 'reelflow_reconcile_runs', labels)).toBeGreaterThanOrEqual(1);
      expect(sampled(metrics, 'reelflow_reconcile_failed_deliveries', labels)).toBeGreaterThanOrEqual(2);
      expect(sampled(metrics, 'reelflow_reconcile_untracked', labels)).toBeDefined();
      expect(sampled(metrics, 'reelflow_reconcile_unmapped', labels)).toBe(0);
    } finally {
      await new Promise<void>((resolve) => {
        if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
        const killTimer = setTimeout(() => worker.kill('SIGKILL'), 15_000);
        worker.once('exit', () => {
          clearTimeout(killTimer);
          resolve();
        });
        worker.kill('SIGTERM');
      });
      await client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch(() => {});
      await client.connection.close();
      await fake.close();
    }
  }, 180_000);
});
