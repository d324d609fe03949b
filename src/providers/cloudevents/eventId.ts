import { createHash } from 'node:crypto';

/** CanonicalEvent's bound on an event id. */
const MAX_EVENT_ID = 300;

/**
 * The inbox's dedupe id of a CloudEvent: the spec makes only `source` + `id` unique, so two
 * sources on one connection may reuse an id. `<source>#<id>` when the source has no `#` and it
 * fits (split at the first `#`, it gives both back: no two events share it); otherwise
 * `sha256:<hex>` of both, which has no `#` and so never equals a readable one.
 */
export function cloudEventId(source: string, id: string): string {
  const readable = `${source}#${id}`;
  if (!source.includes('#') && readable.length <= MAX_EVENT_ID) return readable;
  return `sha256:${createHash('sha256')
    .update(JSON.stringify([source, id]))
    .digest('hex')}`;
}
