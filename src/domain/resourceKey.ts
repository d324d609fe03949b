import { isKind, type Kind } from './vocabulary';

/**
 * `<provider>:<account>:<kind>:<id>`: the entity workflow's id (docs/architecture.md#resource-keys, a contract).
 * The id keeps its own slashes (an MK.IO job is `<transform>/<job>`), so it is the last part.
 */
export type ResourceKey = string;

export interface ResourceRef {
  provider: string;
  account: string;
  kind: Kind;
  id: string;
}

const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;

export function resourceKey(ref: ResourceRef): ResourceKey {
  const provider = ref.provider.toLowerCase();
  if (!SEGMENT.test(provider)) throw new Error(`invalid provider name "${ref.provider}"`);
  if (!ref.account || ref.account.includes(':')) throw new Error(`invalid account "${ref.account}"`);
  if (!ref.id) throw new Error('empty resource id');
  return `${provider}:${ref.account}:${ref.kind}:${ref.id}`;
}

export function parseResourceKey(key: ResourceKey): ResourceRef {
  const [provider, account, kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (!provider || !account || !isKind(kind) || !id) throw new Error(`not a resource key: "${key}"`);
  return { provider, account, kind, id };
}
