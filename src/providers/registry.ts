import { mkio } from './mkio';
import type { BaseConnection, ProviderAdapter } from './types';

/** Every provider Reelflow speaks. Adding a platform: its folder, plus one line here. */
const adapters: ProviderAdapter<any>[] = [mkio]; // eslint-disable-line @typescript-eslint/no-explicit-any

const byName = new Map(adapters.map((adapter) => [adapter.name, adapter]));

export const providerNames = (): string[] => [...byName.keys()];

export function providerAdapter(name: string): ProviderAdapter<BaseConnection> | undefined {
  return byName.get(name);
}
