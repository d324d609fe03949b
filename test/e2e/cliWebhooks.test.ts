import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { deliveryTable } from '../../src/webhooks/deliveryTable';
import { apiCaller } from '../support/fakeApi';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';
import { eventually } from '../support/temporal';

/** `reelflow webhooks sync|events` as a user runs them (node bin/reelflow.js), against the fake MK.IO. */
const ROOT = join(__dirname, '..', '..');
const TOKEN = 'cli-token';
const SECRET = 'cli-shared-secret';
const P = 'acme';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function reelflow(configPath: string, args: string[]): Promise<Run> {
  const { REELFLOW_CONFIG: _config, TEMPORAL_ADDRESS: _address, NO_COLOR: _noColor, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'reelflow.js'), ...args], { cwd: ROOT, env: { ...inherited, REELFLOW_CONFIG: configPath }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ESC = String.fromCharCode(27);

let fake: FakeMkio;
let receiver: HttpRecorder;
let dir: string;
let config: string;
const puts = () => fake.counters.byRoute['PUT rule'] ?? 0;
const rule = (name: string) => apiCaller(() => fake.url, `Bearer ${TOKEN}`)('GET', `/api/v1/projects/${P}/webhook/rules/${name}`);

beforeAll(async () => {
  fake = await startFakeMkio({ token: TOKEN, timing: { queuedMs: 5, processingMs: 5 } });
  receiver = await startHttpRecorder();
  dir = mkdtempSync(join(tmpdir(), 'reelflow-cli-webhooks-'));
  config = join(dir, 'reelflow.config.json');
  const mkio = { provider: 'mkio', project: P, secret: SECRET, apiBaseUrl: fake.url, apiToken: TOKEN };
  writeFileSync(
    config,
    JSON.stringify({
      server: { publicUrl: receiver.url },
      connections: [
        { name: 'main', ...mkio },
        { name: 'shared', ...mkio, webhookRule: 'team-rule' },
        { name: 'k', provider: 'kinescope', username: 'rf', password: 'pw' },
      ],
    }),
  );
});
afterAll(async () => {
  await fake.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reelflow webhooks sync mkio/<connection>', () => {
  it('dry run, create, then unchanged; --resend-secret writes anyway; the secret never printed', async () => {
    const dry = await reelflow(config, ['webhooks', 'sync', 'mkio/main', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain(`  url: "${receiver.url}/webhooks/mkio/main"`);
    expect(dry.stdout).toContain('  authentication.headers.X-Webhook-Secret: *****');
    expect(dry.stdout).toContain(`would create MK.IO webhook → ${receiver.url}/webhooks/mkio/main`);
    expect(puts()).toBe(0);

    const created = await reelflow(config, ['webhooks', 'sync', 'mkio/main']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`created MK.IO webhook → ${receiver.url}/webhooks/mkio/main`);
    const again = await reelflow(config, ['webhooks', 'sync', 'mkio/main']);
    expect(again.stdout.trim()).toBe(`already up to date: MK.IO webhook → ${receiver.url}/webhooks/mkio/main`);
    expect(puts()).toBe(1);
    const resent = await reelflow(config, ['webhooks', 'sync', 'mkio/main', '--resend-secret']);
    expect(resent.stdout).toBe(`  authentication.headers.X-Webhook-Secret: ***** (write-only: sent again)\nupdated MK.IO webhook → ${receiver.url}/webhooks/mkio/main\n`);
    expect(puts()).toBe(2);
    expect(dry.stdout + created.stdout + again.stdout + resent.stdout).not.toContain(SECRET);
  });

  it('refuses (exit 1) a rule with someone else’s authentication, and leaves it as it was', async () => {
    fake.putRule(P, 'team-rule', { url: 'https://team.example.com/hook', enabled: true, events: ['MediaKind.JobFinished'], authentication: { headers: { Authorization: 'Bearer team-only' } } });
    const refused = await reelflow(config, ['webhooks', 'sync', 'mkio/shared']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('webhooks sync: MK.IO rule "team-rule" carries authentication that is not Reelflow\'s: authentication.headers.Authorization');
    expect(refused.stderr).not.toContain('team-only');
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect((await rule('team-rule')).body.spec.url).toBe('https://team.example.com/hook');
  });
});

describe('reelflow webhooks events mkio/<connection>', () => {
  beforeAll(async () => {
    await reelflow(config, ['webhooks', 'sync', 'mkio/main']);
    fake.createJob(P, 'abr', 'sent-1'); // delivered: 2 × Sent
    await fake.idle();
    fake.setFaults({ drop: 1 });
    fake.createJob(P, 'abr', 'lost-2'); // dropped: 2 × Failed
    await fake.idle();
    receiver.respond(() => ({ status: 500 }));
    fake.setFaults({ retry: { attempts: 1, backoffMs: 600_000 } });
    fake.createJob(P, 'abr', 'retry-3'); // first attempts refused, redelivery in 10 minutes: 2 × Retrying
    await eventually(async () => {
      const events = await apiCaller(() => fake.url, `Bearer ${TOKEN}`)('GET', `/api/v1/projects/${P}/webhook/rules/reelflow-main/events`);
      expect(events.body.value.filter((record: { status: string }) => record.status === 'Retrying')).toHaveLength(2);
      return true;
    });
  });

  it('prints a table, newest first, Failed and Retrying marked with ! (no colour when not a terminal)', async () => {
    const run = await reelflow(config, ['webhooks', 'events', 'mkio/main']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CREATED\s+TYPE\s+STATUS\s+SOURCE$/);
    const rows = lines.slice(1, 7);
    expect(rows.map((line) => line.match(/(! )?(Sent|Failed|Retrying|Pending)/)![0])).toEqual(['! Retrying', '! Retrying', '! Failed', '! Failed', 'Sent', 'Sent']);
    expect(rows[0]).toContain('/transforms/abr/jobs/retry-3');
    expect(lines[7]).toBe('MK.IO webhook "reelflow-main": 6 deliveries shown; 4 of 6 not delivered (Failed or Retrying, marked !)');
    expect(run.stdout).not.toContain(ESC);
  });

  it('--json is one document for scripts; --status and --limit filter it', async () => {
    const all = JSON.parse((await reelflow(config, ['webhooks', 'events', 'mkio/main', '--json'])).stdout);
    expect(all).toMatchObject({ provider: 'mkio', connection: 'main', registration: 'reelflow-main', total: 6, matching: 6, skipped: 0 });
    expect(all.deliveries).toHaveLength(6);
    expect(all.deliveries[5]).toEqual({ created: expect.any(String), type: 'MediaKind.JobStarted', status: 'Sent', source: `/api/v1/projects/${P}/transforms/abr/jobs/sent-1`, lost: false });
    const [failed, limited] = await Promise.all([
      reelflow(config, ['webhooks', 'events', 'mkio/main', '--status', 'failed', '--json']),
      reelflow(config, ['webhooks', 'events', 'mkio/main', '--status', 'Failed,Retrying', '--limit', '3', '--json']),
    ]);
    expect(JSON.parse(failed.stdout).deliveries.map((d: { status: string; lost: boolean }) => [d.status, d.lost])).toEqual([
      ['Failed', true],
      ['Failed', true],
    ]);
    expect(JSON.parse(limited.stdout)).toMatchObject({ matching: 4, deliveries: [{ status: 'Retrying' }, { status: 'Retrying' }, { status: 'Failed' }] });
  });

  it('says plainly when nothing matches, or when the rule does not exist', async () => {
    const none = await reelflow(config, ['webhooks', 'events', 'mkio/main', '--status', 'Pending']);
    expect(none).toMatchObject({ code: 0, stdout: 'MK.IO webhook "reelflow-main": no deliveries with status Pending (statuses present: Sent, Failed, Retrying)\n' });
    await apiCaller(() => fake.url, `Bearer ${TOKEN}`)('DELETE', `/api/v1/projects/${P}/webhook/rules/team-rule`);
    const missing = await reelflow(config, ['webhooks', 'events', 'mkio/shared']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('MK.IO has no webhook rule "team-rule" in project acme: run reelflow webhooks sync mkio/shared');
  });
});

describe('reelflow webhooks: bad targets and arguments', () => {
  // Several processes at once, each compiling the CLI through tsx: seconds on two cores.
  it('exit 2 with a message naming what is wrong, never a stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['webhooks', 'events', 'mkio/nope'], /no mkio connection named "nope" in .*reelflow\.config\.json \(known: main, shared\)/],
      [['webhooks', 'sync', 'mkio/nope'], /no mkio connection named "nope"/],
      [['webhooks', 'events', 'bogus/main'], /unknown provider "bogus" \(providers with a webhook API: .*mkio/],
      [['webhooks', 'events', 'kinescope/k'], /Kinescope keeps no delivery history Reelflow can read/],
      [['webhooks', 'events', 'mkio'], /"mkio" is not <provider>\/<connection>/],
      [['webhooks', 'events', 'mkio/main', '--limit', '0'], /--limit: a whole number from 1 to 1000/],
      [['webhooks', 'events', 'mkio/main', '--bogus'], /Unknown option '--bogus'[\s\S]*usage: reelflow webhooks events/],
      [['webhooks', 'sync', 'mkio/main', '--url', 'ftp://x'], /--url: "ftp:\/\/x" is not an http\(s\) URL/],
      [['webhooks', 'list'], /unknown webhooks command "list"[\s\S]*usage: reelflow webhooks sync[\s\S]*usage: reelflow webhooks events/],
    ];
    const runs = await Promise.all(cases.map(([args]) => reelflow(config, args)));
    runs.forEach((run, i) => {
      expect({ args: cases[i]![0], code: run.code }).toEqual({ args: cases[i]![0], code: 2 });
      expect(run.stderr).toMatch(cases[i]![1]);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
    expect(puts()).toBe(2); // the create and the --resend-secret above; nothing here wrote
  }, 120_000);
});

describe('deliveryTable', () => {
  const deliveries = [
    { created: '2026-01-15T10:21:33Z', type: 'MediaKind.JobFinished', status: 'Failed', source: '/s/1', lost: true },
    { created: '2026-01-15T10:21:34Z', type: 'MediaKind.JobFinished', status: 'Retrying', source: '/s/2', lost: true },
    { created: '2026-01-15T10:21:35Z', type: 'MediaKind.JobStarted', status: 'Sent', source: '/s/3', lost: false },
  ];

  it('colours lost rows red (given up) or yellow (retrying) only when asked; the ! marker either way', () => {
    const plain = deliveryTable(deliveries, false).split('\n');
    expect(plain.slice(1).map((line) => line.includes('! '))).toEqual([true, true, false]);
    expect(plain.join('\n')).not.toContain(ESC);
    const coloured = deliveryTable(deliveries, true).split('\n');
    expect(coloured[0]).toBe(plain[0]);
    expect(coloured[1]).toBe(`${ESC}[31m${plain[1]}${ESC}[0m`);
    expect(coloured[2]).toBe(`${ESC}[33m${plain[2]}${ESC}[0m`);
    expect(coloured[3]).toBe(plain[3]);
  });
});
