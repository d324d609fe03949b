import type { CanonicalEvent } from '../domain/canonicalEvent';
import { PayloadError } from '../providers/errors';

/**
 * What Temporal can never take, refused before the inbox stores it: a platform retrying these
 * would retry forever. Deeper nesting overflows the payload converter's recursion; a bigger
 * event would sit in every history that carries it (Temporal refuses blobs over 2 MB outright).
 */
export const MAX_EVENT_DEPTH = 64;
export const MAX_EVENT_BYTES = 512 * 1024;

/** The event is valid but too large to hand to a workflow: answered 413, never retried. */
export class EventTooLargeError extends Error {
  override readonly name = 'EventTooLargeError';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON is UTF-8 (RFC 8259): invalid bytes would be replaced, tripling the body's size on the way to Temporal. */
export function decodeUtf8(raw: Buffer): string {
  try {
    return strictUtf8.decode(raw);
  } catch {
    throw new PayloadError('(body)', 'not valid UTF-8 (JSON must be UTF-8)');
  }
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_EVENT_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** `fieldOf` names a canonical field as the platform's payload does (adapter.payloadFields). */
export function assertDeliverable(event: CanonicalEvent, fieldOf: (field: keyof CanonicalEvent) => string): void {
  for (const [field, value] of Object.entries(event) as Array<[keyof CanonicalEvent, unknown]>) {
    if (depthOf(value) > MAX_EVENT_DEPTH) throw new PayloadError(fieldOf(field), `nested deeper than ${MAX_EVENT_DEPTH} levels`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(event));
  if (bytes > MAX_EVENT_BYTES) {
    throw new EventTooLargeError(`the event is ${bytes} bytes once normalized; a workflow takes at most ${MAX_EVENT_BYTES} per event`);
  }
}
