import { z } from 'zod';
import type { MkioConnection } from './connection';
import { MKIO_EVENT_TYPES } from './eventTypes';

/** How a write-only value is shown: MK.IO reads them back as asterisks, Reelflow never prints them. */
export const MASK = '*****';

const StringMap = z.record(z.string(), z.string());

/**
 * A rule's `spec` as GET answers it (authentication values masked). Lenient: whatever else MK.IO
 * or the operator put there is kept as it is, and sent back on the next PUT.
 */
export const MkioRuleSpec = z
  .object({
    url: z.string(),
    enabled: z.boolean(),
    events: z.array(z.string()),
    headers: StringMap.optional(),
    queryParams: StringMap.optional(),
    authentication: z.object({ headers: StringMap.optional(), queryParams: StringMap.optional() }).loose().optional(),
  })
  .loose();
export type MkioRuleSpec = z.infer<typeof MkioRuleSpec>;

/** What Reelflow needs of its rule: where, on, which events, and the shared secret Reelflow's verify expects. */
export function wantedMkioRule(connection: MkioConnection, webhookUrl: string): MkioRuleSpec {
  // The first of a rotation is the one to register; the others stay accepted meanwhile.
  const secret = connection.secret[0]!;
  return {
    url: webhookUrl,
    enabled: true,
    events: [...(connection.events ?? MKIO_EVENT_TYPES)],
    authentication: {
      headers: { [connection.secretHeader]: secret },
      ...(connection.secretQueryParam ? { queryParams: { [connection.secretQueryParam]: secret } } : {}),
    },
  };
}

/**
 * Authentication entries of the rule that are not Reelflow's secret: they read back masked, so a
 * PUT cannot carry them over, and writing would erase them. Named as `authentication.headers.X`.
 */
export function foreignAuthentication(existing: MkioRuleSpec, connection: MkioConnection): string[] {
  const names: string[] = [];
  for (const [group, values] of Object.entries(existing.authentication ?? {})) {
    const ours = (key: string) =>
      // Header names are case-insensitive on the wire; query parameter names are not.
      group === 'headers' ? key.toLowerCase() === connection.secretHeader.toLowerCase() : group === 'queryParams' && key === connection.secretQueryParam;
    if (values && typeof values === 'object' && !Array.isArray(values)) {
      for (const key of Object.keys(values)) if (!ours(key)) names.push(`authentication.${group}.${key}`);
    } else {
      names.push(`authentication.${group}`);
    }
  }
  return names;
}

/** The existing rule with Reelflow's fields set: the operator's headers, query params and unknown fields stay. */
export function mergeMkioRule(existing: MkioRuleSpec, wanted: MkioRuleSpec): MkioRuleSpec {
  return { ...existing, url: wanted.url, enabled: wanted.enabled, events: wanted.events, authentication: wanted.authentication };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A spec as `field.path → printable value`: nested objects flattened, events as a sorted set
 * (MK.IO may list them in another order), authentication values masked whatever they are.
 */
export function ruleFields(spec: Record<string, unknown>): Map<string, string> {
  const fields = new Map<string, string>();
  const walk = (value: unknown, path: string, secret: boolean) => {
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key, secret || (path === '' && key === 'authentication'));
    } else if (secret) {
      fields.set(path, MASK);
    } else if (path === 'events' && Array.isArray(value)) {
      fields.set(path, `[${value.map(String).sort().join(', ')}]`);
    } else if (value !== undefined) {
      fields.set(path, JSON.stringify(value));
    }
  };
  walk(spec, '', false);
  return fields;
}

const isSecretField = (path: string) => path.startsWith('authentication.');

/** Every field of a rule about to be created, secrets masked. */
export function creationLines(wanted: MkioRuleSpec): string[] {
  return [...ruleFields(wanted)].map(([path, value]) => `${path}: ${value}`);
}

/** Fields whose value differs, as `path: old → new` ("(none)" when absent). Masked secrets compare by presence only. */
export function changedFields(before: Map<string, string>, after: Map<string, string>): Array<{ path: string; before?: string; after?: string }> {
  const paths = [...new Set([...after.keys(), ...before.keys()])];
  return paths.filter((path) => before.get(path) !== after.get(path)).map((path) => ({ path, before: before.get(path), after: after.get(path) }));
}

/**
 * What an update changes, then the secrets it sends again: MK.IO never reads them back, so every
 * PUT carries them whole. Nothing when nothing readable changes, unless `resendSecret` (a rotation).
 */
export function updateLines(existing: MkioRuleSpec, merged: MkioRuleSpec, resendSecret = false): string[] {
  const before = ruleFields(existing);
  const after = ruleFields(merged);
  const changes = changedFields(before, after).map((change) => `${change.path}: ${change.before ?? '(none)'} → ${change.after ?? '(none)'}`);
  if (changes.length === 0 && !resendSecret) return [];
  const resent = [...after.keys()].filter((path) => isSecretField(path) && before.has(path)).map((path) => `${path}: ${MASK} (write-only: sent again)`);
  return [...changes, ...resent];
}
