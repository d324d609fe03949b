import type { Client } from '@temporalio/client';
import type { ReelflowConfig } from '../config/load';
import type { ResourceSnapshot } from '../domain/lifecycle';
import { providerModule, providerNames } from '../providers/registry';
import { SCENARIO_NAMES, type ScenarioExpectation, type ScenarioName } from '../providers/types';
import { clientFor } from '../temporal/clientFor';
import { stateQuery } from '../../workflows/messages';
import { fakeUrl } from './kit/options';
import { sleep } from './kit/scenarioTools';

export interface SimulateOptions {
  provider: string;
  scenario: ScenarioName;
  count: number;
  /** Give up waiting for Reelflow after this long. */
  timeoutMs: number;
  log: (line: string) => void;
}

/**
 * `reelflow simulate <provider> <scenario> [N]`: drives the demo's fake platform through its
 * real HTTP API (the fake runs inside `npm start`), then shows what Reelflow's entity workflows
 * made of its webhooks, or of polls when the scenario lost them.
 */
export async function simulate(config: ReelflowConfig, options: SimulateOptions): Promise<{ ok: boolean }> {
  const module = providerModule(options.provider);
  if (!module) throw new Error(`simulate: unknown provider "${options.provider}" (known: ${providerNames().join(', ')})`);
  const scenario = module.simulator.scenarios[options.scenario];
  const offered = SCENARIO_NAMES.filter((name) => module.simulator.scenarios[name]);
  if (!scenario) throw new Error(`simulate: the fake ${module.adapter.title} has no scenario "${options.scenario}" (it has: ${offered.join(', ')})`);
  const settings = config.simulators[options.provider];
  const connection = settings === undefined ? undefined : config.connections.find((c) => c.provider === options.provider && module.simulator.serves(settings, c));
  if (!settings || !connection) {
    throw new Error(`no fake ${module.adapter.title} in this config: run the embedded demo (\`npm start\` without a config file) or add simulators.${options.provider}`);
  }
  const url = fakeUrl(settings as { host: string; port: number });
  const expectations = await scenario({ connection, options: settings, fakeUrl: url, count: options.count, log: options.log }).catch((error: Error) => {
    if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') throw new Error(`the fake ${module.adapter.title} at ${url} does not answer: start Reelflow first (\`npm start\`)`);
    throw error;
  });

  const client = await clientFor(config);
  try {
    options.log(`waiting for Reelflow (up to ${Math.round(options.timeoutMs / 1000)} s)…`);
    const snapshots = await awaitExpectations(client, expectations, options.timeoutMs);
    options.log('');
    options.log(`${'resource'.padEnd(34)} ${'expected'.padEnd(9)} ${'Reelflow'.padEnd(16)} ${'transitions (via)'.padEnd(44)} actions / related`);
    let ok = true;
    expectations.forEach((expected, i) => {
      const snapshot = snapshots[i];
      const met = snapshot !== undefined && meets(expected, snapshot);
      ok &&= met;
      const transitions = snapshot?.transitions.map((t) => `${t.aspect ? `${t.aspect}:` : ''}${t.state}(${t.via})`).join(' → ') ?? 'no workflow';
      const extra = [snapshot?.actions.map((a) => `${a.name}:${a.status}`).join(', '), snapshot?.related?.length ? `↔ ${snapshot.related.join(', ')}` : ''].filter(Boolean).join('  ');
      options.log(`${expected.label.slice(0, 34).padEnd(34)} ${expected.phase.padEnd(9)} ${`${met ? '✓' : '✗'} ${snapshot?.phase ?? '-'}`.padEnd(16)} ${transitions.padEnd(44)} ${extra || '-'}`);
    });
    options.log('');
    options.log(`Temporal UI: filter with  ReelflowProvider = "${options.provider}"`);
    return { ok };
  } finally {
    await client.connection.close();
  }
}

/** Each expectation's snapshot once it is met, or the last one seen when time runs out. */
export function awaitExpectations(client: Client, expectations: ScenarioExpectation[], timeoutMs: number): Promise<Array<ResourceSnapshot | undefined>> {
  return Promise.all(expectations.map((expected) => settled(expected, timeoutMs, (key) => client.workflow.getHandle(key).query(stateQuery))));
}

export const meets = (expected: ScenarioExpectation, s: ResourceSnapshot): boolean => s.phase === expected.phase && (expected.related ?? []).every((key) => s.related?.includes(key));

async function settled(expected: ScenarioExpectation, timeoutMs: number, query: (key: string) => Promise<ResourceSnapshot>): Promise<ResourceSnapshot | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: ResourceSnapshot | undefined;
  while (Date.now() < deadline) {
    last = (await query(expected.key).catch(() => undefined)) ?? last;
    if (last && meets(expected, last)) return last;
    await sleep(500);
  }
  return last;
}
