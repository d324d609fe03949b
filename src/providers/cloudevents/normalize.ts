import { createHash } from 'node:crypto';
import type { CanonicalEvent } from '../../domain/canonicalEvent';
import { PayloadError } from '../errors';
import { fixedAccountOf } from '../mapping/connectionFields';
import { sourceEvent, type SourceOutcome } from '../mapping/sourceEvent';
import type { ParseContext, ParseOutcome, WebhookRequest } from '../types';
import type { CloudEventsConnection } from './connection';
import { cloudEventsOf, type ReceivedCloudEvent } from './envelope';
import { cloudEventId } from './eventId';

/** One CloudEvent through the mapping; a mapping error names the field as this mode carries it (`ce-subject`, `[2].data.status`). */
function mapped(received: ReceivedCloudEvent, context: ParseContext<CloudEventsConnection>): SourceOutcome {
  const { event } = received;
  const { connection, receivedAt } = context;
  try {
    return sourceEvent(event, connection.mapping, {
      provider: 'cloudevents',
      connection: connection.name,
      account: fixedAccountOf(connection) ?? connection.name,
      eventId: cloudEventId(event.source, event.id),
      type: event.type,
      timeField: 'time',
      fallbackTime: receivedAt,
      receivedAt,
      source: event.source,
      resource: event.data,
    });
  } catch (error) {
    if (error instanceof PayloadError) throw new PayloadError(received.fieldName(error.field), error.detail);
    throw error;
  }
}

/**
 * The CloudEvents of one request (binary, structured or batch mode) → canonical events. Dedupe
 * is per event `source` + `id` (see cloudEventId). In a batch, events the mapping does not cover are noted and left out; only
 * a request none of whose events is covered is answered `ignored`.
 */
export function normalizeCloudEvents(json: unknown, request: WebhookRequest, context: ParseContext<CloudEventsConnection>): ParseOutcome {
  const { mode, events: received } = cloudEventsOf(json, request.headers);
  if (received.length === 0) {
    const eventId = `sha256:${createHash('sha256').update(request.rawBody).digest('hex')}`;
    return { outcome: 'ignored', eventId, type: '(empty batch)', reason: 'an empty batch carries no event' };
  }
  const events: CanonicalEvent[] = [];
  const notes: string[] = [];
  const reasons: string[] = [];
  received.forEach((one, index) => {
    const outcome = mapped(one, context);
    const where = mode === 'batch' ? `[${index}] ` : '';
    if (outcome.outcome === 'event') {
      events.push(outcome.event);
      if (outcome.note) notes.push(`${where}${outcome.note}`);
    } else {
      reasons.push(outcome.reason);
      notes.push(`${where}${one.event.type}: ${outcome.reason} (ignored)`);
    }
  });
  if (events.length === 0) {
    const first = received[0]!.event;
    const reason = received.length === 1 ? reasons[0]! : `none of the batch's ${received.length} events is tracked (first: ${reasons[0]})`;
    return { outcome: 'ignored', eventId: cloudEventId(first.source, first.id), type: first.type, reason };
  }
  return { outcome: 'events', events, ...(notes.length > 0 ? { notes } : {}) };
}
