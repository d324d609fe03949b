import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { providerAdapter, providerModule, providerNames } from '../providers/registry';
import type { BaseConnection } from '../providers/types';
import { ActionRule, ActionSpec, BUILT_IN_ACTIONS } from './actions';
import { demoConfig } from './demo';
import { ReelflowConfigShape } from './schema';

/** A provider's connection plus its `on:` rules. */
export type ConfiguredConnection = BaseConnection & { on: ActionRule[] };

export type ReelflowConfig = Omit<z.infer<typeof ReelflowConfigShape>, 'connections' | 'actions'> & {
  connections: ConfiguredConnection[];
  /** `simulators:` entries, each validated by its provider's fake (see ProviderSimulator.optionsSchema). */
  simulators: Record<string, unknown>;
  /** Every action by name, built-ins included. */
  actions: Record<string, ActionSpec>;
  /** Where it came from: a file path, or "embedded demo". */
  origin: string;
};

/** A bad config stops start-up with this one message, naming the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const DEFAULT_FILES = ['reelflow.config.yaml', 'reelflow.config.yml', 'reelflow.config.json'];

/** Replaces `${VAR}` / `${VAR:-default}` in every string, so secrets live in the environment. */
function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, origin: string, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => {
      const found = env[name] ?? fallback;
      if (found === undefined) throw new ConfigError(`invalid config (${origin}) at ${path || '(root)'}: environment variable ${name} is not set (export it, or write \${${name}:-default})`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => substituteEnv(item, env, origin, `${path}.${i}`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, origin, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
}

function firstIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `${field || '(root)'}: ${issue.message}`;
}

/** Validates an already-read config object (file contents, or the embedded demo). */
export function validateConfig(raw: unknown, origin: string, env: NodeJS.ProcessEnv = process.env): ReelflowConfig {
  const substituted = substituteEnv(raw ?? {}, env, origin, '');
  const shape = ReelflowConfigShape.safeParse(substituted);
  if (!shape.success) throw new ConfigError(`invalid config (${origin}) at ${firstIssue(shape.error, '')}`);

  const polling = shape.data.polling;
  for (const [where, level] of [['polling', polling], ...Object.entries(polling.providers).map(([p, v]) => [`polling.providers.${p}`, v] as const)] as const) {
    const quiet = level.quietFor ?? polling.quietFor;
    const max = level.maxPollInterval ?? polling.maxPollInterval;
    if (max < quiet) throw new ConfigError(`invalid config (${origin}) at ${where}.maxPollInterval: must not be shorter than quietFor`);
  }

  const actions: Record<string, ActionSpec> = { ...BUILT_IN_ACTIONS };
  for (const [name, raw] of Object.entries(shape.data.actions)) {
    const parsed = ActionSpec.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`invalid config (${origin}) at ${firstIssue(parsed.error, `actions.${name}`)}`);
    actions[name] = parsed.data;
  }
  for (const [name, spec] of Object.entries(actions)) {
    if (spec.type !== 'alert') continue;
    for (const target of spec.notify) {
      const type = actions[target]?.type;
      if (type !== 'notify.http' && type !== 'notify.slack') {
        throw new ConfigError(`invalid config (${origin}) at actions.${name}.notify: "${target}" is not a notify.http or notify.slack action`);
      }
    }
  }

  const seen = new Set<string>();
  const connections = shape.data.connections.map((entry, index): ConfiguredConnection => {
    const adapter = providerAdapter(entry.provider);
    if (!adapter) {
      throw new ConfigError(
        `invalid config (${origin}) at connections.${index}.provider: unknown provider "${entry.provider}" (known: ${providerNames().join(', ')})`,
      );
    }
    const { on: _rules, ...providerFields } = entry as Record<string, unknown>;
    const parsed = adapter.connectionSchema.safeParse(providerFields);
    if (!parsed.success) throw new ConfigError(`invalid config (${origin}) at ${firstIssue(parsed.error, `connections.${index}`)}`);
    const id = `${parsed.data.provider}/${parsed.data.name}`;
    if (seen.has(id)) throw new ConfigError(`invalid config (${origin}) at connections.${index}.name: "${id}" is defined twice`);
    seen.add(id);
    const rules = ActionRule.array().default([]).safeParse((entry as { on?: unknown }).on);
    if (!rules.success) throw new ConfigError(`invalid config (${origin}) at ${firstIssue(rules.error, `connections.${index}.on`)}`);
    rules.data.forEach((rule, r) =>
      rule.run.forEach((name, n) => {
        if (!actions[name]) throw new ConfigError(`invalid config (${origin}) at connections.${index}.on.${r}.run.${n}: no action named "${name}"`);
      }),
    );
    return { ...parsed.data, on: rules.data };
  });

  const simulators: Record<string, unknown> = {};
  for (const [provider, raw] of Object.entries(shape.data.simulators)) {
    const simulator = providerModule(provider)?.simulator;
    if (!simulator) throw new ConfigError(`invalid config (${origin}) at simulators.${provider}: no fake for provider "${provider}" (known: ${providerNames().join(', ')})`);
    const parsed = simulator.optionsSchema.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`invalid config (${origin}) at ${firstIssue(parsed.error, `simulators.${provider}`)}`);
    simulators[provider] = parsed.data;
  }
  return { ...shape.data, actions, connections, simulators, origin };
}

/** REELFLOW_CONFIG, else reelflow.config.{yaml,yml,json} in the working directory, else the demo. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ReelflowConfig {
  const explicit = env.REELFLOW_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : DEFAULT_FILES.map((f) => resolve(cwd, f)).find((f) => existsSync(f));
  if (!path) return validateConfig(demoConfig(), 'embedded demo', env);
  if (!existsSync(path)) throw new ConfigError(`config file ${path} (from REELFLOW_CONFIG) does not exist`);
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} cannot be read: ${(error as Error).message}`);
  }
  return validateConfig(raw, path, env);
}

export function findConnection(config: ReelflowConfig, provider: string, name: string): ConfiguredConnection | undefined {
  return config.connections.find((c) => c.provider === provider && c.name === name);
}
