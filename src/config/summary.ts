import { connectionSecrets } from '../inbox/redact';
import { providerAdapter, providerModule } from '../providers/registry';
import { BUILT_IN_ACTIONS, type ActionRule, type ActionSpec } from './actions';
import { formatDuration } from './duration';
import { DEMO_ORIGIN, envReferences, substituteEnv, valueAt, type ConfigSource, type ConfiguredConnection, type ReelflowConfig } from './load';

/** Where Reelflow will find Temporal: an existing server (TEMPORAL_ADDRESS or a profile), else its own dev server. */
export interface TemporalTargetSummary {
  external: boolean;
  address?: string;
  namespace?: string;
}

/** Shown instead of any secret: its length says which one it is, nothing of its value. */
const masked = (value: string): string => `**** (${value.length} chars)`;

/** Where a string of the file comes from, read from the file as written (before substitution). */
function sourceOf(written: string, env: NodeJS.ProcessEnv, origin: string): string {
  const references = envReferences(written);
  const where = origin === DEMO_ORIGIN ? 'the embedded demo' : 'the file';
  if (references.length === 0) return `inline in ${where}`;
  const parts = references.map(({ name }) => (env[name] !== undefined ? `env ${name}` : `default in ${where} (${name} not set)`));
  return /^\$\{[^}]*\}$/.test(written.trim()) ? parts[0]! : `${parts.join(', ')}, inside text in ${where}`;
}

interface Secret {
  field: string;
  written: string;
  value: string;
}

/** Every string leaf under `written`, with its dotted path and its value after substitution. */
function leaves(written: unknown, path: string, env: NodeJS.ProcessEnv, origin: string): Secret[] {
  if (typeof written === 'string') return [{ field: path, written, value: substituteEnv(written, env, origin, path) as string }];
  if (Array.isArray(written)) return written.flatMap((item, i) => leaves(item, `${path}.${i}`, env, origin));
  if (written && typeof written === 'object') return Object.entries(written).flatMap(([k, v]) => leaves(v, `${path}.${k}`, env, origin));
  return [];
}

/** Fields that say where or how a secret travels (`secretHeader: X-Webhook-Secret`), not a secret themselves. */
const NAMES_A_SECRET = /(Header|QueryParam|Encoding)$/;

/**
 * The secrets of the file: what the connection redaction treats as one (connectionSecrets), plus
 * what an action keeps in its URL or headers (a Slack webhook's path is its secret).
 */
function secretsOf(config: ReelflowConfig, source: ConfigSource, env: NodeJS.ProcessEnv): Secret[] {
  const { raw, origin } = source;
  const found: Secret[] = [];
  const apiToken = valueAt(raw, ['server', 'apiToken']);
  if (typeof apiToken === 'string') found.push(...leaves(apiToken, 'server.apiToken', env, origin));
  config.connections.forEach((connection, index) => {
    const secrets = new Set(connectionSecrets(connection));
    const written = leaves(valueAt(raw, ['connections', index]), `connections.${index}`, env, origin);
    found.push(...written.filter((leaf) => secrets.has(leaf.value) && !NAMES_A_SECRET.test(leaf.field)));
  });
  for (const name of Object.keys((valueAt(raw, ['actions']) as object | undefined) ?? {})) {
    const spec = config.actions[name];
    if (!spec) continue;
    const secrets = new Set(connectionSecrets(spec));
    const written = leaves(valueAt(raw, ['actions', name]), `actions.${name}`, env, origin);
    found.push(...written.filter((leaf) => secrets.has(leaf.value) || /\.(webhookUrl|headers\.[^.]+)$/.test(leaf.field)));
  }
  return found;
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
};

function describeAction(name: string, spec: ActionSpec): string {
  const builtIn = BUILT_IN_ACTIONS[name] === spec ? ' (built in)' : '';
  switch (spec.type) {
    case 'notify.http':
      return `${name}: notify.http → ${hostOf(spec.url)}${spec.secret ? ', signed' : ', unsigned'}`;
    case 'notify.slack':
      return `${name}: notify.slack → ${hostOf(spec.webhookUrl)}`;
    case 'startWorkflow':
      return `${name}: startWorkflow ${spec.workflowType}${spec.taskQueue ? ` on ${spec.taskQueue}` : ''}`;
    case 'alert':
      return `${name}: alert → ${spec.notify.length ? spec.notify.join(', ') : 'the worker log only'}${builtIn}`;
    case 'publish':
      return `${name}: publish${builtIn}`;
  }
}

const describeRule = (rule: ActionRule): string => {
  const when = [rule.phase?.join('|'), rule.type && `event ${rule.type.join('|')}`].filter(Boolean).join(' or ');
  return `${rule.kind?.join('|') ?? 'any kind'} ${when} → ${rule.run.join(', ')}`;
};

function describeConnection(connection: ConfiguredConnection, index: number, config: ReelflowConfig): string[] {
  const { provider, name } = connection;
  const adapter = providerAdapter(provider);
  const path = `/webhooks/${provider}/${name}`;
  const account = adapter?.accountOf?.(connection);
  const polls = Boolean(adapter?.fetchState) && (adapter?.canPoll?.(connection) ?? true);
  const rate = config.polling.providers[provider]?.maxRequestsPerSecond ?? adapter?.defaultPollRatePerSecond;
  const reconcile = polls ? providerModule(provider)?.reconcile?.plan(connection) : undefined;
  return [
    `  ${provider}/${name} (connections.${index})`,
    `    webhook      ${config.server.publicUrl ? new URL(path, config.server.publicUrl).href : path}`,
    `    account      ${account ?? 'from each event'}`,
    `    polling      ${polls ? `on, at most ${rate} GET/s for ${provider}` : adapter?.fetchState ? 'off (no API credentials: webhooks only)' : 'off (the platform has no API to poll)'}`,
    ...(providerModule(provider)?.reconcile ? [`    reconcile    ${reconcile ? `every ${formatDuration(reconcile.everyMs)}, lookback ${formatDuration(reconcile.lookbackMs)}` : 'off'}`] : []),
    ...connection.on.map((rule) => `    on           ${describeRule(rule)}`),
  ];
}

function describeTemporal(config: ReelflowConfig, target: TemporalTargetSummary): string {
  const { namespace, taskQueue, devServer, worker } = config.temporal;
  const where = target.external
    ? `${target.address} (TEMPORAL_ADDRESS or a Temporal profile)`
    : `dev server ${devServer.ip}:${devServer.port} started by reelflow (file ${devServer.dbFile}${devServer.uiPort === false ? ', no UI' : `, UI on :${devServer.uiPort}`})`;
  return `temporal       ${where}, namespace ${target.namespace ?? namespace}, task queue ${taskQueue}, ${worker.maxCachedWorkflows} workflows cached`;
}

/**
 * What `reelflow check-config` prints: what the config makes Reelflow do, and where each secret
 * comes from, masked. Never a secret's value.
 */
export function configSummary(config: ReelflowConfig, source: ConfigSource, target: TemporalTargetSummary, env: NodeJS.ProcessEnv = process.env): string {
  const { server, inbox, lifecycle, polling } = config;
  const overrides = Object.entries(polling.providers).map(([provider, level]) => {
    const parts = [
      level.maxRequestsPerSecond !== undefined ? `${level.maxRequestsPerSecond} GET/s` : undefined,
      level.quietFor !== undefined ? `quiet ${formatDuration(level.quietFor)}` : undefined,
      level.maxPollInterval !== undefined ? `intervals up to ${formatDuration(level.maxPollInterval)}` : undefined,
      level.maxWait !== undefined ? `stalled after ${formatDuration(level.maxWait)}` : undefined,
      Object.keys(level.kinds).length ? `per kind: ${Object.keys(level.kinds).join(', ')}` : undefined,
    ].filter(Boolean);
    return `               ${provider}: ${parts.join(', ') || 'as above'}`;
  });
  const secrets = secretsOf(config, source, env);
  const width = Math.max(0, ...secrets.map((s) => s.field.length));
  const sources = secrets.map((s) => sourceOf(s.written, env, config.origin));
  const sourceWidth = Math.max(0, ...sources.map((s) => s.length));
  return [
    `config ok (${config.origin})`,
    '',
    describeTemporal(config, target),
    `server         http://${server.host}:${server.port}, public URL ${server.publicUrl ?? 'not set'}, management API ${server.apiToken ? 'open to server.apiToken' : 'closed (no server.apiToken)'}`,
    `inbox          ${inbox.file} (synchronous ${inbox.synchronous}), 200 within ${formatDuration(inbox.ackDeadline)} else 202 spooled`,
    `lifecycle      finished resources linger ${formatDuration(lifecycle.lingerAfterTerminal)}; long lives re-read the config every ${formatDuration(lifecycle.refreshEvery)}`,
    `polling        after ${formatDuration(polling.quietFor)} without news, intervals doubling up to ${formatDuration(polling.maxPollInterval)}, stalled after ${formatDuration(polling.maxWait)}`,
    ...overrides,
    '',
    `connections (${config.connections.length})`,
    ...config.connections.flatMap((connection, index) => describeConnection(connection, index, config)),
    '',
    `actions (${Object.keys(config.actions).length})`,
    ...Object.entries(config.actions).map(([name, spec]) => `  ${describeAction(name, spec)}`),
    '',
    `secrets (${secrets.length}, values never shown)`,
    ...secrets.map((s, i) => `  ${s.field.padEnd(width)}  ${sources[i]!.padEnd(sourceWidth)}  ${masked(s.value)}`),
  ].join('\n');
}
