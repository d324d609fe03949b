import type { CanonicalEvent } from '../../domain/canonicalEvent';
import { resourceKey } from '../../domain/resourceKey';
import { readTime } from './eventTime';
import type { FieldPath } from './fieldPath';
import { mapEvent } from './mapEvent';
import type { EventMapping } from './schema';

/** What a generic source's adapter knows of one event besides its mapped fields. */
export interface SourceEvent {
  provider: string;
  connection: string;
  /** The connection's account, used unless the mapping reads one from the event. */
  account: string;
  eventId: string;
  type: string;
  /** The envelope's time field (`time`, `timestamp`), read unless the mapping names another. */
  timeField: FieldPath;
  /** When neither gives a time (Standard Webhooks: its signed `webhook-timestamp`; else arrival). */
  fallbackTime: Date;
  receivedAt: Date;
  source?: string;
  /** The event's payload, kept for actions. */
  resource: unknown;
}

export type SourceOutcome = { outcome: 'event'; event: CanonicalEvent; note?: string } | { outcome: 'ignored'; reason: string };

/** One event of a generic source → a canonical event through the connection's mapping (or why it is not tracked). */
export function sourceEvent(json: unknown, mapping: EventMapping, source: SourceEvent): SourceOutcome {
  const mapped = mapEvent(json, mapping);
  if (mapped.outcome === 'unmapped') return { outcome: 'ignored', reason: mapped.reason };
  const account = mapped.account ?? source.account;
  const occurredAt = readTime(json, mapping.occurredAt ?? source.timeField) ?? source.fallbackTime;
  const event: CanonicalEvent = {
    provider: source.provider,
    connection: source.connection,
    account,
    eventId: source.eventId,
    eventIdSource: 'provider',
    type: source.type,
    key: resourceKey({ provider: source.provider, account, kind: mapped.kind, id: mapped.id }),
    kind: mapped.kind,
    id: mapped.id,
    state: mapped.state,
    phase: mapped.phase,
    occurredAt: occurredAt.toISOString(),
    receivedAt: source.receivedAt.toISOString(),
    via: 'webhook',
    ...(source.source !== undefined ? { source: source.source } : {}),
    ...(source.resource !== undefined ? { resource: source.resource } : {}),
  };
  return { outcome: 'event', event, ...(mapped.note !== undefined ? { note: mapped.note } : {}) };
}
