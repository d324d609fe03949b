import { providerNames } from '../providers/registry';
import { SCENARIO_NAMES, type ScenarioName } from '../providers/types';

/**
 * `simulate <provider> [scenario] [N]` → what to run, or why not. A lone number keeps the first
 * form of the command working: `simulate 5` is five MK.IO jobs.
 */
export function simulateRequest(args: string[]): { provider: string; scenario: ScenarioName; count: number } | string {
  const [first, ...rest] = args;
  const legacy = first !== undefined && /^\d+$/.test(first);
  const provider = legacy ? 'mkio' : (first ?? '');
  const words = legacy ? [first] : rest;
  const scenario = (words.find((w) => !/^\d+$/.test(w)) ?? 'vod-happy') as ScenarioName;
  const count = Number(words.find((w) => /^\d+$/.test(w)) ?? 3);
  if (!providerNames().includes(provider)) return `name a provider: ${providerNames().join(', ')}`;
  if (!SCENARIO_NAMES.includes(scenario)) return `unknown scenario "${scenario}" (scenarios: ${SCENARIO_NAMES.join(', ')})`;
  if (!Number.isInteger(count) || count < 1 || count > 1000) return 'N must be a whole number from 1 to 1000';
  return { provider, scenario, count };
}
