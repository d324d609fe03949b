import { validateConfig, type ConfigSource } from '../../src/config/load';
import { configSummary } from '../../src/config/summary';

const MKIO_SECRET = 'env-mkio-secret-0123';
const MKIO_TOKEN = 'inline-mkio-api-token-4567';
const API_TOKEN = 'inline-management-token-89';
const NOTIFY_SECRET = `whsec_${Buffer.from('a notify signing key of 32 bytes').toString('base64')}`;
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/slack-path-secret';
const KINESCOPE_PASSWORD = 'kinescope-rotation-old';

const source: ConfigSource = {
  origin: '/etc/reelflow.yaml',
  raw: {
    server: { publicUrl: 'https://reelflow.example.com', apiToken: API_TOKEN },
    polling: { providers: { mkio: { maxRequestsPerSecond: 12, kinds: { job: { quietFor: '5m' } } } } },
    actions: {
      'notify-team': { type: 'notify.http', url: 'https://hooks.example.com/reelflow/path', secret: NOTIFY_SECRET, headers: { Authorization: '${TEAM_BEARER}' } },
      slack: { type: 'notify.slack', webhookUrl: '${SLACK_WEBHOOK_URL}' },
      qc: { type: 'startWorkflow', workflowType: 'qcPipeline', taskQueue: 'qc' },
    },
    connections: [
      {
        name: 'main',
        provider: 'mkio',
        project: 'acme',
        secret: '${MKIO_WEBHOOK_SECRET}',
        apiToken: MKIO_TOKEN,
        reconcile: { every: '2m', lookback: '30m' },
        on: [{ kind: 'job', phase: ['ready', 'failed'], run: ['notify-team', 'slack'] }],
      },
      { name: 'studio', provider: 'kinescope', username: 'reelflow', password: ['${KINESCOPE_PASSWORD:-unused-default}', KINESCOPE_PASSWORD] },
    ],
  },
};
const env = { MKIO_WEBHOOK_SECRET: MKIO_SECRET, SLACK_WEBHOOK_URL: SLACK_URL, TEAM_BEARER: 'Bearer team-bearer-secret', KINESCOPE_PASSWORD: 'kinescope-from-env-1' };

describe('check-config summary', () => {
  const config = validateConfig(source.raw, source.origin, env);
  const summary = configSummary(config, source, { external: true, address: 'temporal.internal:7233', namespace: 'media' }, env);
  const line = (start: RegExp) =>
    summary
      .split('\n')
      .map((l) => l.trim())
      .find((l) => start.test(l)) ?? '';

  it('never shows a secret, from the environment or inline', () => {
    for (const secret of [MKIO_SECRET, MKIO_TOKEN, API_TOKEN, NOTIFY_SECRET, SLACK_URL, 'slack-path-secret', 'team-bearer-secret', KINESCOPE_PASSWORD, 'kinescope-from-env-1']) {
      expect(summary).not.toContain(secret);
    }
    // Nor the recognisable half of one.
    expect(summary).not.toContain(NOTIFY_SECRET.slice(6, 20));
  });

  it('says where each secret comes from, masked with its length', () => {
    expect(line(/^server\.apiToken/)).toMatch(/inline in the file +\*\*\*\* \(26 chars\)$/);
    expect(line(/^connections\.0\.secret /)).toMatch(/env MKIO_WEBHOOK_SECRET +\*\*\*\* \(20 chars\)$/);
    expect(line(/^connections\.0\.apiToken/)).toMatch(/inline in the file/);
    expect(line(/^connections\.1\.password\.0/)).toMatch(/env KINESCOPE_PASSWORD +\*\*\*\* \(20 chars\)$/);
    expect(line(/^connections\.1\.password\.1/)).toMatch(/inline in the file/);
    expect(line(/^actions\.notify-team\.secret/)).toMatch(/inline in the file/);
    expect(line(/^actions\.notify-team\.headers\.Authorization/)).toMatch(/env TEAM_BEARER/);
    expect(line(/^actions\.slack\.webhookUrl/)).toMatch(/env SLACK_WEBHOOK_URL/);
    // A header name is a setting, not a secret.
    expect(summary).not.toMatch(/secretHeader/);
    expect(line(/^secrets/)).toBe('secrets (8, values never shown)');
  });

  it('describes connections, actions, polling and the Temporal target', () => {
    expect(summary.split('\n')[0]).toBe('config ok (/etc/reelflow.yaml)');
    expect(line(/^temporal/)).toBe('temporal       temporal.internal:7233 (TEMPORAL_ADDRESS or a Temporal profile), namespace media, task queue reelflow, 1000 workflows cached');
    expect(line(/^server/)).toContain('management API open to server.apiToken');
    expect(line(/^polling/)).toBe('polling        after 10m without news, intervals doubling up to 15m, stalled after 24h');
    expect(line(/^mkio: /)).toBe('mkio: 12 GET/s, per kind: job');
    expect(summary).toContain(
      [
        '  mkio/main (connections.0)',
        '    webhook      https://reelflow.example.com/webhooks/mkio/main',
        '    account      acme',
        '    polling      on, at most 12 GET/s for mkio',
        '    reconcile    every 2m, lookback 30m',
        '    on           job ready|failed → notify-team, slack',
      ].join('\n'),
    );
    expect(summary).toContain(
      '  kinescope/studio (connections.1)\n    webhook      https://reelflow.example.com/webhooks/kinescope/studio\n    account      studio\n    polling      off (no API credentials: webhooks only)',
    );
    expect(line(/^notify-team:/)).toBe('notify-team: notify.http → hooks.example.com, signed');
    expect(line(/^slack:/)).toBe('slack: notify.slack → hooks.slack.com');
    expect(line(/^qc:/)).toBe('qc: startWorkflow qcPipeline on qc');
    expect(line(/^alert:/)).toBe('alert: alert → the worker log only (built in)');
  });

  it('names the dev server when no Temporal address is set, and a default the file fell back to', () => {
    const demoish: ConfigSource = { origin: 'x.yaml', raw: { connections: [{ name: 'main', provider: 'mkio', secret: '${MKIO_WEBHOOK_SECRET:-fallback-secret-1}' }] } };
    const text = configSummary(validateConfig(demoish.raw, demoish.origin, {}), demoish, { external: false }, {});
    expect(text).toContain('temporal       dev server 127.0.0.1:7233 started by reelflow (file .data/temporal.sqlite, UI on :8233), namespace default, task queue reelflow, 1000 workflows cached');
    expect(text).toMatch(/connections\.0\.secret +default in the file \(MKIO_WEBHOOK_SECRET not set\) +\*\*\*\* \(17 chars\)/);
    expect(text).not.toContain('fallback-secret-1');
  });
});
