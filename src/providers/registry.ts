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

/**
 * Why a resource of `account` is not this connection's (it fixes another account), else
 * undefined. Such a key would be polled (URLs from its account) with this connection's
 * credentials: callers refuse it. A connection that takes each event's account takes any.
 */
export function accountNotInConnection(connection: BaseConnection, account: string): string | undefined {
  const own = providerAdapter(connection.provider)?.accountOf?.(connection);
  return own !== undefined && own !== account ? `account "${account}" is not connection ${connection.name}'s "${own}"` : undefined;
}
