import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { z } from 'zod';
import { ActionRule, ActionSpec } from '../../src/config/actions';
import { envReferences, loadConfig } from '../../src/config/load';
import { ReelflowConfigShape } from '../../src/config/schema';
import { providerModules } from '../../src/providers/registry';
import { FakeBaseOptions } from '../../src/simulators/kit/options';

/**
 * reelflow.config.example.yaml is the README's "every option": these tests keep it loading, and
 * fail when the schema grows a key the example does not show (active or as a `# key:` comment).
 */
const root = join(__dirname, '..', '..');
const EXAMPLE = 'reelflow.config.example.yaml';
const text = readFileSync(join(root, EXAMPLE), 'utf8');
/** What docker-compose.yml and the README give it. */
const SECRET = 'compose-mkio-secret-value';

/** Every object key a schema can have, at any depth (through optional, default, pipe, union, record and array). */
function keysOf(schema: z.core.$ZodType, into = new Set<string>()): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (name: string) => def[name] && keysOf(def[name] as z.core.$ZodType, into);
  switch (def.type) {
    case 'object':
      for (const [key, value] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
        into.add(key);
        keysOf(value, into);
      }
      break;
    case 'union':
      for (const option of def.options as z.core.$ZodType[]) keysOf(option, into);
      break;
    case 'pipe':
      inner('in');
      inner('out');
      break;
    case 'record':
      inner('valueType');
      break;
    case 'array':
      inner('element');
      break;
    default:
      inner('innerType'); // optional, nullable, default, prefault, readonly...
  }
  return into;
}

/** Behind a transform the walker cannot see: `reconcile: { every, lookback }`, `verify: { secretHeader | standardWebhooks }`. */
const KEYS_BEHIND_TRANSFORMS: Record<string, string[]> = { mkio: ['every', 'lookback'], cloudevents: ['secretHeader', 'standardWebhooks'] };

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `key:` as a YAML key, active or commented, in block or flow style. */
const writesKey = (chunk: string, key: string) => new RegExp(`(^|[\\s{,#-])${escape(key)}:`, 'm').test(chunk);
const missingIn = (chunk: string, keys: Iterable<string>) => [...keys].filter((key) => !writesKey(chunk, key));

const TOP_LEVEL = Object.keys(ReelflowConfigShape.shape);

/** The text of each top-level section, from its `key:` (or `# key:`) at column 0 to the next one. */
function sections(): Record<string, string> {
  const lines = text.split('\n');
  const starts = lines
    .map((line, index) => ({ key: /^(?:#\s?)?([a-z]+):/.exec(line)?.[1], index }))
    .filter((start): start is { key: string; index: number } => start.key !== undefined && TOP_LEVEL.includes(start.key));
  return Object.fromEntries(starts.map(({ key, index }, i) => [key, lines.slice(index, starts[i + 1]?.index ?? lines.length).join('\n')]));
}

/** A section split into the entries that start at lines matching `start` (list items, providers...). */
const entries = (section: string, start: RegExp): string[] => section.split(new RegExp(`\\n(?=${start.source})`));

describe(EXAMPLE, () => {
  it('loads through the real loader with what compose gives it, and runs one MK.IO connection', () => {
    const config = loadConfig({ REELFLOW_CONFIG: EXAMPLE, MKIO_WEBHOOK_SECRET: SECRET }, root);
    expect(config.origin).toBe(join(root, EXAMPLE));
    expect(config.connections).toEqual([expect.objectContaining({ provider: 'mkio', name: 'main', secret: [SECRET], project: 'my-project' })]);
    expect(config.server).toMatchObject({ host: '0.0.0.0', port: 3000 });
    // Compose sets only MKIO_WEBHOOK_SECRET: every other variable the active lines read has a default.
    const active = text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .map((line) => line.replace(/\s#\s.*$/, ''))
      .join('\n');
    expect(
      envReferences(active)
        .filter((ref) => ref.fallback === undefined)
        .map((ref) => ref.name),
    ).toEqual(['MKIO_WEBHOOK_SECRET']);
  });

  it('passes `reelflow check-config --config` and the summary hides the secret', () => {
    const { TEMPORAL_ADDRESS: _address, REELFLOW_CONFIG: _config, ...env } = process.env;
    const out = execFileSync(process.execPath, ['bin/reelflow.js', 'check-config', '--config', EXAMPLE], { cwd: root, env: { ...env, MKIO_WEBHOOK_SECRET: SECRET }, encoding: 'utf8' });
    expect(out).toContain(`config ok (${join(root, EXAMPLE)})`);
    expect(out).toMatch(/connections\.0\.secret +env MKIO_WEBHOOK_SECRET +\*\*\*\* \(25 chars\)/);
    expect(out).not.toContain(SECRET);
  }, 30_000);

  describe('shows every key of the schema', () => {
    const bySection = sections();

    it('every top-level key', () => {
      expect(TOP_LEVEL.filter((key) => bySection[key] === undefined)).toEqual([]);
    });

    it.each(['server', 'temporal', 'inbox', 'lifecycle', 'polling'] as const)('every key of %s', (section) => {
      expect(missingIn(bySection[section]!, keysOf(ReelflowConfigShape.shape[section]))).toEqual([]);
    });

    it('every action type, with its keys', () => {
      const actions = bySection.actions!;
      const types = ActionSpec.options.map((option) => option.shape.type.value);
      expect(types.filter((type) => !new RegExp(`type: ${escape(type)}\\b`).test(actions))).toEqual([]);
      expect(missingIn(actions, keysOf(ActionSpec))).toEqual([]);
    });

    it.each(providerModules().map((module) => [module.adapter.name, module] as const))('a %s connection, with every key', (provider, module) => {
      const connection = entries(bySection.connections!, /\s*#?\s*- name:/).find((entry) => new RegExp(`provider: ${escape(provider)}\\s`).test(entry));
      expect(connection).toBeDefined();
      expect(missingIn(connection!, [...keysOf(module.adapter.connectionSchema), ...(KEYS_BEHIND_TRANSFORMS[provider] ?? [])])).toEqual([]);
    });

    it('every key of an `on:` rule', () => {
      expect(missingIn(bySection.connections!, ['on', ...keysOf(ActionRule)])).toEqual([]);
    });

    it.each(providerModules().map((module) => [module.adapter.name, module] as const))('a %s simulator, with every key', (provider, module) => {
      const simulators = bySection.simulators!;
      const fake = entries(simulators, /#?\s+[a-z-]+: \{/).find((entry) => new RegExp(`^#?\\s+${escape(provider)}: \\{`).test(entry));
      expect(fake).toBeDefined();
      // What every fake has (host, port, faults...) is said once for all.
      const shared = keysOf(FakeBaseOptions);
      expect(missingIn(simulators, shared)).toEqual([]);
      expect(
        missingIn(
          fake!,
          [...keysOf(module.simulator.optionsSchema)].filter((key) => !shared.has(key) || key === 'port'),
        ),
      ).toEqual([]);
    });
  });

  it('the walker sees nested keys, so a new one cannot slip through', () => {
    expect([...keysOf(ReelflowConfigShape.shape.inbox)]).toEqual(expect.arrayContaining(['retention', 'delivered', 'failed']));
    expect([...keysOf(ReelflowConfigShape.shape.polling)]).toEqual(expect.arrayContaining(['providers', 'maxRequestsPerSecond', 'kinds']));
    expect(missingIn('server:\n  host: x\n  # port: 1\n', ['host', 'port', 'apiToken'])).toEqual(['apiToken']);
    expect(parse(text)).toHaveProperty('connections');
  });
});
