import * as registered from './modules';
import type { BaseConnection, ProviderAdapter, ProviderModule } from './types';

/** Every platform Reelflow speaks: adding one is its folders plus one line in modules.ts. */
const modules: ReadonlyArray<ProviderModule<BaseConnection>> = Object.values(registered as Record<string, ProviderModule<any>>); // eslint-disable-line @typescript-eslint/no-explicit-any

const byName = new Map(modules.map((module) => [module.adapter.name, module]));

export const providerNames = (): string[] => [...byName.keys()];

export const providerModules = (): ReadonlyArray<ProviderModule<BaseConnection>> => modules;

export function providerModule(name: string): ProviderModule<BaseConnection> | undefined {
  return byName.get(name);
}

export function providerAdapter(name: string): ProviderAdapter<BaseConnection> | undefined {
  return byName.get(name)?.adapter;
}
