import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { providerAdapter, providerModule, providerNames } from '../providers/registry';
import type { BaseConnection } from '../providers/types';
import { ActionRule, ActionSpec, BUILT_IN_ACTIONS } from './actions';
import { demoConfig } from './demo';
import { clipped, issueMessage, sayValue, type WrittenAs } from './issueMessage';
import { ReelflowConfigShape } from './schema';

/** A provider's connection plus its `on:` rules. */
export type ConfiguredConnection = BaseConnection & { on: ActionRule[] };

export type ReelflowConfig = Omit<z.infer<typeof ReelflowConfigShape>, 'connections' | 'actions'> & {
  connections: ConfiguredConnection[];
  /** `simulators:` entries, each validated by its provider's fake (see ProviderSimulator.optionsSchema). */
  simulators: Record<string, unknown>;
  /** Every action by name, built-ins included. */
  actions: Record<string, ActionSpec>;
  /** Where it came from: a file path, or DEMO_ORIGIN. */
  origin: string;
};

/** A bad config stops start-up with this one message, naming the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const DEFAULT_FILES = ['reelflow.config.yaml', 'reelflow.config.yml', 'reelflow.config.json'];

/** The origin of the config `npm start` runs without a file (demo.ts). */
export const DEMO_ORIGIN = 'embedded demo';

/** `${VAR}` or `${VAR:-default}` inside any string of the file. */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** The environment variables a string of the file reads (check-config says where each secret comes from). */
export const envReferences = (text: string): Array<{ name: string; fallback?: string }> =>
  [...text.matchAll(ENV_REFERENCE)].map(([, name, fallback]) => ({ name: name!, ...(fallback !== undefined ? { fallback } : {}) }));

/** Replaces `${VAR}` / `${VAR:-default}` in every string, so secrets live in the environment. */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, origin: string, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(ENV_REFERENCE, (_, name: string, fallback?: string) => {
      const found = env[name] ?? fallback;
      if (found === undefined) throw new ConfigError(`invalid config (${origin}) at ${path || '(root)'}: environment variable ${name} is not set (export it, or write \${${name}:-default})`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, env, origin, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, origin, path ? `${path}.${k}` : k)]));
  }
  return value;
}

/** The value at a path of a config object (`['connections', 0, 'secret']`), or undefined. */
export const valueAt = (raw: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), raw);

/** `the value of ${NAME}` for a string that is one reference; else the text as written, its references named. */
function describeReferences(written: string): string | undefined {
  const references = envReferences(written);
  if (references.length === 0) return undefined;
  if (/^\$\{[^}]*\}$/.test(written.trim())) return `the value of \${${references[0]!.name}}`;
  const named = written.replace(ENV_REFERENCE, (_, name: string) => `\${${name}}`);
  return `${clipped(named)} once substituted`;
}

/**
 * Says how the file wrote a path whose value the environment brought in. Walks the file as written:
 * a string met on the way (`run: ${ACTIONS}`) stands for everything under it.
 */
function writtenAsIn(raw: unknown): WrittenAs {
  return (path) => {
    let written = raw;
    for (const key of path) {
      if (typeof written === 'string') break;
      written = valueAt(written, [key]);
    }
    return typeof written === 'string' ? describeReferences(written) : undefined;
  };
}

/** `<said> is not one of mkio, …`. A key of the file (`simulators.mkoi`) is never substituted: it is said as written. */
const notAProvider = (said: string): string => `${said} is not one of ${providerNames().join(', ')}`;

/** Issues carry the refused value, so an enum's refusal can say what was written (see issueMessage). */
const WITH_INPUT = { reportInput: true } as const;

/**
 * Validates an already-read config object (file contents, or the embedded demo). Messages are
 * read off `raw` as written, so a value from `${VAR}` is named by its variable, never shown.
 */
export function validateConfig(raw: unknown, origin: string, env: NodeJS.ProcessEnv = process.env): ReelflowConfig {
  const substituted = substituteEnv(raw ?? {}, env, origin, '');
  const written = writtenAsIn(raw);
  const invalid = (message: string) => new ConfigError(`invalid config (${origin}) at ${message}`);
  const shape = ReelflowConfigShape.safeParse(substituted, WITH_INPUT);
  if (!shape.success) throw invalid(issueMessage(shape.error, [], written));

  const polling = shape.data.polling;
  for (const provider of Object.keys(polling.providers)) {
    if (!providerAdapter(provider)) throw invalid(`polling.providers.${provider}: ${notAProvider(clipped(provider))}`);
  }
  for (const [where, level] of [['polling', polling], ...Object.entries(polling.providers).map(([p, v]) => [`polling.providers.${p}`, v] as const)] as const) {
    const quiet = level.quietFor ?? polling.quietFor;
    const max = level.maxPollInterval ?? polling.maxPollInterval;
    if (max < quiet) throw invalid(`${where}.maxPollInterval: must not be shorter than quietFor`);
  }

  const actions: Record<string, ActionSpec> = { ...BUILT_IN_ACTIONS };
  for (const [name, raw] of Object.entries(shape.data.actions)) {
    const parsed = ActionSpec.safeParse(raw, WITH_INPUT);
    if (!parsed.success) throw invalid(issueMessage(parsed.error, ['actions', name], written));
    actions[name] = parsed.data;
  }
  for (const [name, spec] of Object.entries(actions)) {
    if (spec.type !== 'alert') continue;
    spec.notify.forEach((target, t) => {
      const type = actions[target]?.type;
      if (type !== 'notify.http' && type !== 'notify.slack') {
        throw invalid(`actions.${name}.notify.${t}: ${sayValue(target, ['actions', name, 'notify', t], written)} is not a notify.http or notify.slack action`);
      }
    });
  }

  const seen = new Set<string>();
  const connections = shape.data.connections.map((entry, index): ConfiguredConnection => {
    const adapter = providerAdapter(entry.provider);
    if (!adapter) throw invalid(`connections.${index}.provider: ${notAProvider(sayValue(entry.provider, ['connections', index, 'provider'], written))}`);
    const { on: _rules, ...providerFields } = entry as Record<string, unknown>;
    const parsed = adapter.connectionSchema.safeParse(providerFields, WITH_INPUT);
    if (!parsed.success) throw invalid(issueMessage(parsed.error, ['connections', index], written));
    const id = `${parsed.data.provider}/${parsed.data.name}`;
    if (seen.has(id)) throw invalid(`connections.${index}.name: ${sayValue(id, ['connections', index, 'name'], written)} is defined twice`);
    seen.add(id);
    const rules = ActionRule.array()
      .default([])
      .safeParse((entry as { on?: unknown }).on, WITH_INPUT);
    if (!rules.success) throw invalid(issueMessage(rules.error, ['connections', index, 'on'], written));
    rules.data.forEach((rule, r) =>
      rule.run.forEach((name, n) => {
        const path = ['connections', index, 'on', r, 'run', n];
        if (!actions[name]) throw invalid(`${path.join('.')}: no action named ${sayValue(name, path, written)}`);
      }),
    );
    return { ...parsed.data, on: rules.data };
  });

  const simulators: Record<string, unknown> = {};
  for (const [provider, raw] of Object.entries(shape.data.simulators)) {
    const simulator = providerModule(provider)?.simulator;
    if (!simulator) throw invalid(`simulators.${provider}: ${notAProvider(clipped(provider))}`);
    const parsed = simulator.optionsSchema.safeParse(raw, WITH_INPUT);
    if (!parsed.success) throw invalid(issueMessage(parsed.error, ['simulators', provider], written));
    simulators[provider] = parsed.data;
  }
  return { ...shape.data, actions, connections, simulators, origin };
}

/** A config as written, before environment substitution, and where it came from (a path, or DEMO_ORIGIN). */
export interface ConfigSource {
  raw: unknown;
  origin: string;
}

/** REELFLOW_CONFIG, else reelflow.config.{yaml,yml,json} in the working directory, else the demo. */
export function readConfigSource(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ConfigSource {
  const explicit = env.REELFLOW_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : DEFAULT_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
  if (!path) return { raw: demoConfig(), origin: DEMO_ORIGIN };
  if (!existsSync(path)) throw new ConfigError(`config file ${path} (REELFLOW_CONFIG or --config) does not exist`);
  try {
    const text = readFileSync(path, 'utf8');
    return { raw: path.endsWith('.json') ? JSON.parse(text) : parseYaml(text), origin: path };
  } catch (error) {
    throw new ConfigError(`config file ${path} cannot be read: ${(error as Error).message}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ReelflowConfig {
  const { raw, origin } = readConfigSource(env, cwd);
  return validateConfig(raw, origin, env);
}

export function findConnection(config: ReelflowConfig, provider: string, name: string): ConfiguredConnection | undefined {
  return config.connections.find((c) => c.provider === provider && c.name === name);
}
