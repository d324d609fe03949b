import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, validateConfig } from '../../src/config/load';
import { parseDuration } from '../../src/config/duration';
import { providerNames } from '../../src/providers/registry';
import { lifecycleInput } from '../../src/temporal/lifecycleInput';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('config', () => {
  it('runs the embedded demo without a file', () => {
    const config = loadConfig({}, mkdtempSync(join(tmpdir(), 'rf-')));
    expect(config.origin).toBe('embedded demo');
    // One demo connection and one fake per registered platform.
    expect(config.connections.map((c) => `${c.provider}/${c.name}`)).toEqual(providerNames().map((p) => `${p}/demo`));
    expect(Object.keys(config.simulators)).toEqual(providerNames());
    expect(config.connections.find((c) => c.provider === 'mkio')).toMatchObject({ secret: ['demo-secret'] });
    expect(config.server).toMatchObject({ port: 3000, bodyLimitBytes: 1048576, signalTimeout: 1500 });
    expect(config.lifecycle.lingerAfterTerminal).toBe(24 * 3600 * 1000);
  });

  it('reads YAML, substitutes secrets from the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-'));
    writeFileSync(join(dir, 'reelflow.config.yaml'), 'lifecycle:\n  lingerAfterTerminal: 2h\nconnections:\n  - name: prod\n    provider: mkio\n    project: acme\n    secret: ${MKIO_SECRET}\n');
    const config = loadConfig({ MKIO_SECRET: 'from-env' }, dir);
    expect(config.connections[0]).toMatchObject({ name: 'prod', secret: ['from-env'], secretHeader: 'X-Webhook-Secret' });
    expect(config.lifecycle.lingerAfterTerminal).toBe(7_200_000);
  });

  it.each([
    [{ connections: [{ name: 'x', provider: 'mkio' }] }, /connections\.0\.secret/],
    [{ connections: [{ name: 'x', provider: 'nope', secret: 's' }] }, /connections\.0\.provider: "nope" is not one of .*mkio/],
    [{ connections: [{ name: 'Bad Name', provider: 'mkio', secret: 's' }] }, /connections\.0\.name/],
    [{ connections: [{ name: 'x', provider: 'mkio', secret: 's', apiBaseUrl: 'not a url' }] }, /connections\.0\.apiBaseUrl/],
    [{ server: { port: 'eighty' } }, /server\.port/],
    [{ simulators: { nope: {} } }, /simulators\.nope: "nope" is not one of .*mkio/],
    [{ simulators: { mkio: { port: 3100 } } }, /simulators\.mkio\.token/],
    [{ lifecycle: { lingerAfterTerminal: 'forever' } }, /lifecycle\.lingerAfterTerminal: "forever" is not a duration/],
    [
      {
        connections: [
          { name: 'x', provider: 'mkio', secret: 's' },
          { name: 'x', provider: 'mkio', secret: 't' },
        ],
      },
      /connections\.1\.name: "mkio\/x" is defined twice/,
    ],
  ])('names the bad field: %j', (raw, expected) => {
    expect(messageOf(() => validateConfig(raw, 'test'))).toMatch(expected);
  });

  it('names a missing environment variable, its field and the file', () => {
    expect(messageOf(() => validateConfig({ connections: [{ name: 'x', provider: 'mkio', secret: '${NOPE_SECRET}' }] }, 'reelflow.config.yaml', {}))).toMatch(
      /^invalid config \(reelflow\.config\.yaml\) at connections\.0\.secret: environment variable NOPE_SECRET is not set/,
    );
  });

  it('reads numbers from the environment where the schema wants a number, and only there', () => {
    const raw = {
      server: { port: '${PORT:-3000}', bodyLimitBytes: '${BODY_LIMIT}' },
      inbox: { concurrency: '${RELAY_CONCURRENCY:-8}' },
      polling: { providers: { mkio: { maxRequestsPerSecond: '${MKIO_RPS}' } } },
      connections: [{ name: 'x', provider: 'mkio', secret: '${MKIO_SECRET}' }],
    };
    const config = validateConfig(raw, 't', { PORT: '8080', BODY_LIMIT: '2048', MKIO_RPS: '12.5', MKIO_SECRET: '123456789' });
    expect(config.server).toMatchObject({ port: 8080, bodyLimitBytes: 2048 });
    expect(config.inbox.concurrency).toBe(8);
    expect(config.polling.providers.mkio?.maxRequestsPerSecond).toBe(12.5);
    // A secret of digits stays the text it is.
    expect((config.connections[0] as unknown as { secret: string[] }).secret).toEqual(['123456789']);
    expect(messageOf(() => validateConfig({ server: { port: '${PORT}' } }, 't', { PORT: 'eighty' }))).toMatch(/server\.port: /);
  });

  it('reports an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rf-'));
    writeFileSync(join(dir, 'c.json'), '{ nope');
    expect(messageOf(() => loadConfig({ REELFLOW_CONFIG: 'c.json' }, dir))).toMatch(/cannot be read/);
    expect(messageOf(() => loadConfig({ REELFLOW_CONFIG: 'missing.yaml' }, dir))).toMatch(/does not exist/);
  });

  it('parses durations', () => {
    expect([parseDuration('1500ms'), parseDuration('30s'), parseDuration('10m'), parseDuration('1.5h'), parseDuration(7)]).toEqual([1500, 30_000, 600_000, 5_400_000, 7]);
  });
});

describe('config holes that would hurt at run time', () => {
  const mkio = { name: 'x', provider: 'mkio', secret: 's' };
  it.each([
    [{ polling: { quietFor: '0s' } }, /polling\.quietFor: must be longer than 0/],
    [{ server: { signalTimeout: 0 } }, /server\.signalTimeout: must be longer than 0/],
    [{ polling: { quietFor: '10m', maxPollInterval: '1m' } }, /polling\.maxPollInterval: must not be shorter than quietFor/],
    [{ polling: { providers: { mkio: { quietFor: '20m' } } } }, /polling\.providers\.mkio\.maxPollInterval: must not be shorter than quietFor/],
    [{ server: { prot: 3000 } }, /server: Unrecognized key: "prot"/],
    [{ connections: [{ ...mkio, apiTokn: 't' }] }, /connections\.0: Unrecognized key: "apiTokn"/],
    [{ connections: [{ ...mkio, apiBaseUrl: 'ftp://app.mk.io' }] }, /connections\.0\.apiBaseUrl: an http\(s\) URL/],
  ])('%j', (raw, expected) => {
    expect(messageOf(() => validateConfig(raw, 'test'))).toMatch(expected);
  });
});

describe('which resources are polled', () => {
  it('only those of connections that can poll (an MK.IO connection needs an API token)', () => {
    const config = validateConfig(
      {
        connections: [
          { name: 'hooks-only', provider: 'mkio', secret: 's' },
          { name: 'full', provider: 'mkio', secret: 's', apiToken: 't' },
        ],
      },
      'test',
    );
    const input = (connection: string) => lifecycleInput(config, { key: 'mkio:p:job:t/j', provider: 'mkio', connection, kind: 'job' });
    expect(input('hooks-only').wait).toBeUndefined();
    expect(input('full').wait).toMatchObject({ quietForMs: 600_000, maxPollIntervalMs: 900_000, maxWaitMs: 86_400_000, pollTaskQueue: 'reelflow.poll.mkio' });
    expect(input('full').plan).toEqual({ stalled: ['alert'], 'needs-attention': ['alert'] });
  });
});

describe('what an entity workflow is started with', () => {
  const config = validateConfig(
    {
      lifecycle: { refreshEvery: '6h' },
      actions: { summarize: { type: 'notify.http', url: 'https://hooks.example.com/ai' } },
      connections: [
        {
          name: 'main',
          provider: 'mkio',
          secret: 's',
          on: [
            { kind: 'job', phase: 'ready', run: ['publish'] },
            { type: ['MediaKind.JobFinished', 'MediaKind.Job*'], run: ['summarize'] },
          ],
        },
      ],
    },
    'test',
  );
  const input = (kind: 'job' | 'live') => lifecycleInput(config, { key: `mkio:p:${kind}:t/j`, provider: 'mkio', connection: 'main', kind });

  it("its kind's lifecycle policy, its phase and type plans, and when to re-read them", () => {
    expect(input('job')).toMatchObject({
      policy: { ordering: 'rank', terminal: ['ready', 'failed', 'canceled', 'deleted'], stalls: true },
      plan: { ready: ['publish'] },
      typePlan: { 'MediaKind.JobFinished': ['summarize'], 'MediaKind.Job*': ['summarize'] },
      refreshAfterMs: 6 * 3_600_000,
    });
    expect(input('live').policy).toEqual({ ordering: 'time', terminal: ['deleted'], stalls: false, contentIds: 'latest', samePhasePoll: 'unchanged' });
    expect(input('live').plan).toEqual({ stalled: ['alert'], 'needs-attention': ['alert'], failed: ['alert'] });
  });

  it('refuses a rule with neither a phase nor a type', () => {
    expect(messageOf(() => validateConfig({ connections: [{ name: 'x', provider: 'mkio', secret: 's', on: [{ run: ['publish'] }] }] }, 't'))).toMatch(
      /connections\.0\.on\.0\.phase: needs a phase or a type/,
    );
  });
});
