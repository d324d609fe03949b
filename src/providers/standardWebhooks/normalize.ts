import { PayloadError } from '../errors';
import { fixedAccountOf } from '../mapping/connectionFields';
import { sourceEvent } from '../mapping/sourceEvent';
import type { ParseContext, ParseOutcome, WebhookRequest } from '../types';
import type { StandardWebhooksConnection } from './connection';
import { standardWebhookBodyOf } from './envelope';
import { webhookIdOf, webhookTimeOf } from './verify';

/**
 * One Standard Webhooks delivery → one canonical event through the connection's mapping. Its id
 * is the signed `webhook-id` (the same on every retry, so a retry is an inbox duplicate).
 */
export function normalizeStandardWebhook(json: unknown, request: WebhookRequest, context: ParseContext<StandardWebhooksConnection>): ParseOutcome {
  const body = standardWebhookBodyOf(json);
  const eventId = webhookIdOf(request.headers);
  if (!eventId) throw new PayloadError('webhook-id', 'required: the delivery has no webhook-id header');
  const { connection, receivedAt } = context;
  const outcome = sourceEvent(body, connection.mapping, {
    provider: 'standard-webhooks',
    connection: connection.name,
    account: fixedAccountOf(connection) ?? connection.name,
    eventId,
    type: body.type,
    timeField: 'timestamp',
    fallbackTime: webhookTimeOf(request.headers) ?? receivedAt,
    receivedAt,
    resource: body.data,
  });
  if (outcome.outcome === 'ignored') return { outcome: 'ignored', eventId, type: body.type, reason: outcome.reason };
  return { outcome: 'events', events: [outcome.event], ...(outcome.note !== undefined ? { notes: [outcome.note] } : {}) };
}
