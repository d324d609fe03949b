import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { openSqliteInbox } from '../../src/inbox/sqliteStore';
import type { InboxStore, NewDelivery } from '../../src/inbox/types';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { configuredDispatcher, type Dispatcher } from '../../src/temporal/dispatch';
import { startStack, type Stack } from '../support/stack';
import { eventually, testAddress, unique } from '../support/temporal';

const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/reelflow.js ...` as a user runs it, with this config and nothing inherited that could change its answer. */
function reelflow(configPath: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { REELFLOW_CONFIG: _config, TEMPORAL_ADDRESS: _address, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'reelflow.js'), ...args], { cwd: ROOT, env: { ...inherited, ...env, REELFLOW_CONFIG: configPath }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A config whose only concern is where the inbox is. */
function configFor(inboxFile: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'reelflow-cli-config-')), 'reelflow.config.yaml');
  writeFileSync(path, `inbox:\n  file: ${JSON.stringify(inboxFile)}\n`);
  return path;
}

const entry = (n: number, key = `mkio:acme:job:t/j${n}`): NewDelivery => ({
  provider: 'mkio',
  connection: 'main',
  eventId: `ev-${n}`,
  unique: true,
  type: n % 2 ? 'MediaKind.JobStarted' : 'MediaKind.JobFinished',
  resourceKey: key,
  status: 'pending',
  event: { eventId: `ev-${n}`, key } as unknown as CanonicalEvent,
  body: JSON.stringify({ id: `ev-${n}`, marker: `body-of-${n}` }),
  headers: { 'content-type': 'application/json' },
  receivedAt: Date.now() - 60_000 + n,
});

describe('reelflow deliveries on a prepared inbox file (no ingress running)', () => {
  const inboxFile = join(mkdtempSync(join(tmpdir(), 'reelflow-cli-')), 'inbox.sqlite');
  const config = configFor(inboxFile);
  let store: InboxStore;
  const ids = { delivered: 0, failed: 0, pending: 0, rejected: 0 };

  beforeAll(async () => {
    store = openSqliteInbox({ file: inboxFile, synchronous: 'normal', busyTimeout: 5000 });
    const [a, b, c] = await store.record([entry(1), entry(2), entry(3)]);
    ids.delivered = a!.id;
    ids.failed = b!.id;
    ids.pending = c!.id;
    await store.markDelivered(ids.delivered, { workflowId: 'mkio:acme:job:t/j1', runId: 'run-1', closed: false }, Date.now());
    await store.markFailed(ids.failed, 'Temporal refused it 10 times: 3 INVALID_ARGUMENT', Date.now());
    await store.reject({ provider: 'mkio', connection: 'main', httpStatus: 401, reason: 'missing secret', headers: { 'user-agent': 'probe' }, receivedAt: Date.now() });
    ids.rejected = (await store.list({ status: 'rejected' }, { limit: 1 })).items[0]!.id;
  });
  afterAll(async () => store.close());

  it('ls prints a table, newest first', async () => {
    const run = await reelflow(config, ['deliveries', 'ls']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+RECEIVED\s+STATUS\s+CONNECTION\s+TYPE\s+KEY\s+ATTEMPTS\s+REASON$/);
    expect(lines.slice(1).map((l) => Number(l.split(/\s+/)[0]))).toEqual([ids.rejected, ids.pending, ids.failed, ids.delivered]);
    expect(run.stdout).toContain('refused it 10 times');
    expect(run.stdout).toContain('401 missing secret');
  });

  it('ls --json filters, pages, and parses', async () => {
    const failed = JSON.parse((await reelflow(config, ['deliveries', 'ls', '--status', 'failed', '--json'])).stdout);
    expect(failed).toEqual({ items: [expect.objectContaining({ id: ids.failed, status: 'failed', resourceKey: 'mkio:acme:job:t/j2' })] });
    expect(failed.items[0].body).toBeUndefined();
    const page = JSON.parse((await reelflow(config, ['deliveries', 'ls', '--limit', '2', '--json'])).stdout);
    expect(page.items.map((d: { id: number }) => d.id)).toEqual([ids.rejected, ids.pending]);
    expect(page.next).toBe(ids.pending);
    const older = JSON.parse((await reelflow(config, ['deliveries', 'ls', '--limit', '2', '--before', String(page.next), '--json'])).stdout);
    expect(older.items.map((d: { id: number }) => d.id)).toEqual([ids.failed, ids.delivered]);
    const byKey = JSON.parse((await reelflow(config, ['deliveries', 'ls', '--key', 'mkio:acme:job:t/j3', '--connection', 'main', '--since', '2000-01-01', '--json'])).stdout);
    expect(byKey.items.map((d: { id: number }) => d.id)).toEqual([ids.pending]);
  });

  it('show prints the row with its body and event; --json parses', async () => {
    const human = await reelflow(config, ['deliveries', 'show', String(ids.delivered)]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`delivery ${ids.delivered}`);
    expect(human.stdout).toContain('"marker": "body-of-1"');
    expect(human.stdout).toContain('mkio:acme:job:t/j1 (run run-1)');
    const json = JSON.parse((await reelflow(config, ['deliveries', 'show', String(ids.failed), '--json'])).stdout);
    expect(json).toMatchObject({ id: ids.failed, status: 'failed', replayable: true, event: { eventId: 'ev-2' }, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(json.body)).toEqual({ id: 'ev-2', marker: 'body-of-2' });
    expect(await reelflow(config, ['deliveries', 'show', '999999'])).toMatchObject({ code: 1, stderr: expect.stringContaining('no delivery 999999') });
  });

  it('replay <id> sets a dead letter back to pending and says who delivers it; refuses rows without an event', async () => {
    const run = await reelflow(config, ['deliveries', 'replay', String(ids.failed), '--no-wait']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`requeued 1 of 1 matched: ${ids.failed}`);
    expect(run.stdout).toMatch(/if none runs, the next one to start does/);
    expect(await store.get(ids.failed)).toMatchObject({ status: 'pending', replays: 1, attempts: 0 });

    const refused = await reelflow(config, ['deliveries', 'replay', String(ids.rejected), String(ids.pending), '--no-wait', '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ matched: 0, requeued: 0, refused: [expect.stringContaining('no event to replay'), expect.stringContaining('already pending')] });
    expect(refused.stderr).toContain(`cannot replay: delivery ${ids.rejected} is rejected`);
  });

  it('replay by filter reports progress on stderr for a long replay', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reelflow-cli-long-'));
    const big = openSqliteInbox({ file: join(dir, 'inbox.sqlite'), synchronous: 'normal', busyTimeout: 5000 });
    try {
      const stored = await big.record(Array.from({ length: 1200 }, (_, n) => entry(n + 10)));
      for (const { id } of stored) await big.markFailed(id, 'refused', Date.now());
      const run = await reelflow(configFor(join(dir, 'inbox.sqlite')), ['deliveries', 'replay', '--status', 'failed', '--connection', 'main', '--no-wait', '--json']);
      expect(run.code).toBe(0);
      expect(run.stderr.trim().split('\n')).toEqual(['requeued 500/1200', 'requeued 1000/1200', 'requeued 1200/1200']);
      expect(JSON.parse(run.stdout)).toMatchObject({ matched: 1200, requeued: 1200, remaining: 0 });
      expect((await big.counts()).pending).toBe(1200);
    } finally {
      await big.close();
    }
  });

  // Fifteen processes at once, each compiling the CLI through tsx: seconds on two cores.
  it('answers bad arguments with the usage and exit code 2, never a stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['deliveries', 'ls', '--bogus'], /Unknown option '--bogus'[\s\S]*usage: reelflow deliveries ls/],
      [['deliveries', 'ls', '--status', 'lost'], /--status: one of pending, delivered, closed, ignored, failed, rejected/],
      [['deliveries', 'ls', '--limit', '0'], /--limit: a whole number from 1 to 500/],
      [['deliveries', 'ls', '--since', 'last tuesday'], /--since: an ISO 8601 date/],
      [['deliveries', 'show'], /name one delivery id[\s\S]*usage: reelflow deliveries show/],
      [['deliveries', 'replay'], /name delivery ids, a filter \(e\.g\. --status failed\), or --all/],
      [['deliveries', 'replay', '3', '--status', 'failed'], /ids or a filter, not both/],
      [['deliveries', 'frobnicate'], /unknown deliveries command "frobnicate"/],
      [['status'], /name one resource key[\s\S]*usage: reelflow status/],
      [['status', 'not-a-key'], /not a resource key/],
      [['pipeline', 'vod', '--bogus'], /Unknown option '--bogus'[\s\S]*usage: reelflow pipeline vod/],
      [['pipeline', 'vod', '--input', 'x'], /--connection: required: .* has no mkio connection/],
      [['pipeline', 'vod', '--connection', 'c', '--input', 'x'], /--transform: required/],
      [['webhooks', 'sync', '--bogus'], /Unknown option '--bogus'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => reelflow(config, args)));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      expect([args.join(' '), run.code]).toEqual([args.join(' '), 2]);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    });
  }, 180_000);

  it('says where it looked when there is no inbox file', async () => {
    const run = await reelflow(configFor(join(tmpdir(), unique('absent'), 'inbox.sqlite')), ['deliveries', 'ls']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/no inbox at .*absent.*the ingress creates it when it first starts/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

/** The stack's dispatcher, refusing (gRPC INVALID_ARGUMENT) while `refusing.on`: one refusal makes a dead letter. */
const refusing = { on: false };
const switchable = (real: Dispatcher): Dispatcher => ({
  deliver: (event) => (refusing.on ? Promise.reject(Object.assign(new Error('3 INVALID_ARGUMENT: refused by the test'), { code: 3 })) : real.deliver(event)),
});

describe('reelflow deliveries replay and status beside a running ingress', () => {
  const inboxFile = join(mkdtempSync(join(tmpdir(), 'reelflow-cli-live-')), 'inbox.sqlite');
  const config = configFor(inboxFile);
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      config: { inbox: { file: inboxFile, maxAttempts: 1 } },
      dispatcher: (client, cfg) => switchable(configuredDispatcher(client, cfg)),
    });
    await stack.app.ready();
  });
  afterAll(async () => stack.stop());

  // Several CLI runs, each a process compiling through tsx: a generous timeout.
  it('replays dead letters through the running relay, waits until they settle, and status shows the result', async () => {
    const job = unique('job');
    const key = `mkio:${stack.account}:job:t/${job}`;
    const event = (type: 'MediaKind.JobStarted' | 'MediaKind.JobFinished', state: string) => jobCloudEvent({ project: stack.account, transform: 't', job, type, state, id: unique('ev') });
    refusing.on = true;
    const posted = [await stack.postWebhook(event('MediaKind.JobStarted', 'Processing')), await stack.postWebhook(event('MediaKind.JobFinished', 'Finished'))];
    expect(posted.map((p) => p.statusCode)).toEqual([202, 202]);
    const failedIds = posted.map((p) => p.json().deliveryId as number);
    const listed = await eventually(async () => {
      const run = await reelflow(config, ['deliveries', 'ls', '--key', key, '--status', 'failed', '--json']);
      const items = JSON.parse(run.stdout).items as Array<{ id: number }>;
      return items.length === 2 ? items : undefined;
    }, 30_000);
    expect(listed.map((d) => d.id).sort()).toEqual([...failedIds].sort());
    refusing.on = false;

    const replay = await reelflow(config, ['deliveries', 'replay', '--status', 'failed', '--key', key, '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ matched: 2, requeued: 2, ids: [...failedIds].sort((a, b) => a - b), settled: { delivered: 2, failed: 0, pending: 0, stalled: false } });

    const human = await reelflow(config, ['status', key], { TEMPORAL_ADDRESS: testAddress() });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/state\s+Finished · phase ready · terminal/);
    expect(human.stdout).toMatch(/\ntransitions\n.*\n.*webhook\s+MediaKind\.Job/);
    expect(human.stdout).toContain('recent deliveries (inbox, newest first)');
    const status = JSON.parse((await reelflow(config, ['status', key, '--json'], { TEMPORAL_ADDRESS: testAddress() })).stdout);
    expect(status).toMatchObject({
      key,
      state: { state: 'Finished', phase: 'ready', terminal: true },
      deliveries: [
        { status: 'delivered', replays: 1 },
        { status: 'delivered', replays: 1 },
      ],
    });

    // Replaying what was delivered changes nothing in the workflow.
    const before = status.state.counts.transitions as number;
    const again = await reelflow(config, ['deliveries', 'replay', String(failedIds[0])]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('delivered 1/1 (closed 0, failed 0)');
    // The row is delivered once Temporal holds the signal; the workflow counts it as a duplicate soon after.
    const after = await eventually(async () => {
      const s = JSON.parse((await reelflow(config, ['status', key, '--json'], { TEMPORAL_ADDRESS: testAddress() })).stdout);
      return s.state.counts.duplicates > status.state.counts.duplicates ? s : undefined;
    }, 30_000);
    expect(after.state.counts.transitions).toBe(before);
    expect(after.state.transitions).toEqual(status.state.transitions);
  }, 180_000);

  it('status without a workflow says so, shows nothing from the inbox, and exits 1', async () => {
    const key = `mkio:${stack.account}:job:t/${unique('none')}`;
    const run = await reelflow(config, ['status', key], { TEMPORAL_ADDRESS: testAddress() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`no workflow for ${key}`);
    expect(run.stdout).toContain('no deliveries for this key in the inbox');
  });
});
