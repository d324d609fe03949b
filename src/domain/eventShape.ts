import type { CanonicalEvent } from './canonicalEvent';
import { EVENT_SOURCES, KINDS, PROVIDER_PHASES } from './vocabulary';

/**
 * The entity workflow's check of a signalled event: exactly what the `CanonicalEvent` zod schema
 * accepts (a test holds the two together), without zod. Every module a workflow imports is
 * evaluated again for each workflow the worker loads and kept with it in the workflow cache:
 * zod there cost several milliseconds of CPU per new workflow and most of its memory.
 * The ingress still parses with zod at the boundary; this only keeps a bad signal from wedging.
 */
export function isCanonicalEvent(value: unknown): value is CanonicalEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const e = value as Record<string, unknown>;
  return (
    text(e.provider, 1, Infinity) &&
    text(e.connection, 1, Infinity) &&
    text(e.account, 1, 260) &&
    text(e.eventId, 1, 300) &&
    word(e.type) &&
    text(e.key, 1, 1000) &&
    oneOf(e.kind, KINDS) &&
    text(e.id, 1, 600) &&
    word(e.state) &&
    optional(e.previousState, word) &&
    oneOf(e.phase, PROVIDER_PHASES) &&
    typeof e.occurredAt === 'string' &&
    typeof e.receivedAt === 'string' &&
    oneOf(e.via, EVENT_SOURCES) &&
    optional(e.source, (v) => typeof v === 'string') &&
    optional(e.related, related) &&
    optional(e.aspect, word) &&
    optional(e.eventIdSource, (v) => oneOf(v, ['provider', 'content-hash']))
  );
}

const text = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
/** Provider words end up in search attributes (2 KiB max) and the UI: short and printable. */
const word = (v: unknown): boolean => text(v, 1, 200) && /^[\x20-\x7E]+$/.test(v);
const oneOf = (v: unknown, words: readonly string[]): boolean => typeof v === 'string' && words.includes(v);
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const related = (v: unknown): boolean => Array.isArray(v) && v.length <= 20 && v.every((key) => text(key, 1, 1000));
