import { demoConfig } from '../../src/config/demo';
import { ConfigError, DEMO_ORIGIN, validateConfig } from '../../src/config/load';
import { KINDS } from '../../src/domain/vocabulary';
import { providerNames } from '../../src/providers/registry';

const messageOf = (raw: unknown, env: NodeJS.ProcessEnv = {}, origin = 'reelflow.config.yaml'): string => {
  try {
    validateConfig(raw, origin, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

const mkio = { name: 'main', provider: 'mkio', secret: 'shared-secret' };

describe('an invalid enum value lists the valid ones', () => {
  it.each([
    ['a provider', { connections: [{ ...mkio, provider: 'mkoi' }] }, `connections.0.provider: "mkoi" is not one of ${providerNames().join(', ')}`],
    [
      "an action's type (a discriminated union)",
      { actions: { team: { type: 'notify.htp', url: 'https://hooks.example.com' } } },
      'actions.team.type: "notify.htp" is not one of publish, notify.http, notify.slack, startWorkflow, alert',
    ],
    ['an action without a type', { actions: { team: { url: 'https://hooks.example.com' } } }, 'actions.team.type: missing: one of publish, notify.http'],
    [
      "MK.IO's liveApi",
      { connections: [{ ...mkio, liveApi: 'channels' }] },
      'connections.0.liveApi: "channels" is not one of media, liveChannels, liveEvents, staticMultiviewChannels, staticMultiviewEvents',
    ],
    ['a phase in on: (one word)', { connections: [{ ...mkio, on: [{ phase: 'redy', run: ['publish'] }] }] }, 'connections.0.on.0.phase: "redy" is not one of pending, processing, ready, failed'],
    ['a phase in on: (in a list)', { connections: [{ ...mkio, on: [{ phase: ['ready', 'redy'], run: ['publish'] }] }] }, 'connections.0.on.0.phase.1: "redy" is not one of pending, processing, ready'],
    [
      'a kind in on:',
      { connections: [{ ...mkio, on: [{ kind: 'jobs', phase: 'ready', run: ['publish'] }] }] },
      'connections.0.on.0.kind: "jobs" is not one of job, media, live, locator, scheduled-operation, track, simulcast-target',
    ],
    ["the inbox's synchronous", { inbox: { synchronous: 'off' } }, 'inbox.synchronous: "off" is not one of full, normal'],
    ['a simulator', { simulators: { mkoi: {} } }, `simulators.mkoi: "mkoi" is not one of ${providerNames().join(', ')}`],
  ])('%s', (_what, raw, expected) => {
    const message = messageOf(raw);
    expect(message.startsWith('invalid config (reelflow.config.yaml) at ')).toBe(true);
    expect(message).toContain(` at ${expected}`);
  });

  it('says what was written, clipped, and leaves other messages as they were', () => {
    expect(messageOf({ inbox: { synchronous: 'x'.repeat(500) } })).toMatch(/inbox\.synchronous: "x{59}… is not one of full, normal$/);
    // A lone literal in a union (uiPort: a number or false) would hide the number: zod's own message stays.
    expect(messageOf({ temporal: { devServer: { uiPort: true } } })).toMatch(/temporal\.devServer\.uiPort: Invalid input/);
    expect(messageOf({ connections: [{ ...mkio, apiBaseUrl: 'ftp://x' }] })).toMatch(/connections\.0\.apiBaseUrl: an http\(s\) URL$/);
  });
});

describe('a refused value that came from the environment', () => {
  const SECRET = 'sk_live_abc123def456ghi789jkl';
  const env = { MKIO_SECRET: SECRET };
  const fromEnv = '${MKIO_SECRET}';

  it.each([
    ["the inbox's synchronous", { inbox: { synchronous: fromEnv } }, 'inbox.synchronous: the value of ${MKIO_SECRET} is not one of full, normal'],
    ["MK.IO's liveApi", { connections: [{ ...mkio, liveApi: fromEnv }] }, 'connections.0.liveApi: the value of ${MKIO_SECRET} is not one of media, liveChannels'],
    ["an action's type", { actions: { team: { type: fromEnv, url: 'https://hooks.example.com' } } }, 'actions.team.type: the value of ${MKIO_SECRET} is not one of publish, notify.http'],
    ['a provider', { connections: [{ ...mkio, provider: fromEnv }] }, `connections.0.provider: the value of \${MKIO_SECRET} is not one of ${providerNames().join(', ')}`],
    ['a phase in on:', { connections: [{ ...mkio, on: [{ phase: ['ready', fromEnv], run: ['publish'] }] }] }, 'connections.0.on.0.phase.1: the value of ${MKIO_SECRET} is not one of pending'],
    ['a duration', { lifecycle: { lingerAfterTerminal: fromEnv } }, 'lifecycle.lingerAfterTerminal: the value of ${MKIO_SECRET} is not a duration (use e.g. 500ms'],
    // MK.IO's reconcile re-raises its fields' issues without the value: said by the variable after the message.
    [
      'a duration in a provider schema',
      { connections: [{ ...mkio, apiToken: 't', reconcile: { every: fromEnv } }] },
      'connections.0.reconcile.every: not a duration (use e.g. 500ms, 30s, 10m, 24h, 7d) (the value of ${MKIO_SECRET})',
    ],
    ['a reference with a default', { inbox: { synchronous: '${MKIO_SECRET:-full}' } }, 'inbox.synchronous: the value of ${MKIO_SECRET} is not one of full, normal'],
    ['a reference inside text', { inbox: { synchronous: 'mode-${MKIO_SECRET}' } }, 'inbox.synchronous: "mode-${MKIO_SECRET}" once substituted is not one of full, normal'],
    ['an action name in run:', { connections: [{ ...mkio, on: [{ phase: 'ready', run: ['publish', fromEnv] }] }] }, 'connections.0.on.0.run.1: no action named the value of ${MKIO_SECRET}'],
    ['an alert target', { actions: { page: { type: 'alert', notify: [fromEnv] } } }, 'actions.page.notify.0: the value of ${MKIO_SECRET} is not a notify.http or notify.slack action'],
  ])('%s is named by its variable, never shown', (_what, raw, expected) => {
    const message = messageOf(raw, env);
    expect(message).toContain(` at ${expected}`);
    expect(message).toContain('${MKIO_SECRET}');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(SECRET.slice(0, 12));
  });

  it('names the variable of a connection defined twice', () => {
    const message = messageOf({ connections: [mkio, { ...mkio, name: '${CONNECTION_NAME}' }] }, { CONNECTION_NAME: 'main' });
    expect(message).toBe('invalid config (reelflow.config.yaml) at connections.1.name: the value of ${CONNECTION_NAME} is defined twice');
  });

  it('names REELFLOW_API_TOKEN when the demo token it sets is too short', () => {
    const short = 'tiny-secret';
    const message = messageOf(demoConfig(), { REELFLOW_API_TOKEN: short }, DEMO_ORIGIN);
    expect(message).toBe('invalid config (embedded demo) at server.apiToken: at least 16 characters (the value of ${REELFLOW_API_TOKEN})');
    expect(message).not.toContain(short);
  });

  it('still echoes a value written in the file, and says nothing of variables there', () => {
    expect(messageOf({ inbox: { synchronous: 'off' } }, env)).toMatch(/inbox\.synchronous: "off" is not one of full, normal$/);
    expect(messageOf({ server: { apiToken: 'short' } }, env)).toMatch(/server\.apiToken: at least 16 characters$/);
  });
});

describe('polling.providers lists what its keys may be', () => {
  it('refuses an unknown kind, listing the kinds', () => {
    expect(messageOf({ polling: { providers: { mkio: { kinds: { jobs: { quietFor: '1m' } } } } } })).toMatch(
      new RegExp(`at polling\\.providers\\.mkio\\.kinds\\.jobs: "jobs" is not one of ${KINDS.join(', ')}$`),
    );
  });

  it('refuses an unknown provider, listing the providers', () => {
    expect(messageOf({ polling: { providers: { mkoi: { quietFor: '1m' } } } })).toContain(` at polling.providers.mkoi: "mkoi" is not one of ${providerNames().join(', ')}`);
  });

  it('still takes a known provider and kind', () => {
    const config = validateConfig({ polling: { providers: { mkio: { kinds: { job: { quietFor: '1m' } } } } } }, 'reelflow.config.yaml', {});
    expect(config.polling.providers.mkio?.kinds.job?.quietFor).toBe(60_000);
  });
});
