import type { FastifyPluginAsync } from 'fastify';
import { findConnection, type ReelflowConfig } from '../../config/load';
import { CanonicalEvent } from '../../domain/canonicalEvent';
import type { RecentDeliveries } from '../../inbox/recentDeliveries';
import { PayloadError } from '../../providers/errors';
import { providerAdapter } from '../../providers/registry';
import type { WebhookRequest } from '../../providers/types';
import type { Dispatcher } from '../../temporal/dispatch';
import type { IngressMetrics } from '../metrics';
import { NotFoundError, UnavailableError } from '../errors';

export interface WebhookRouteOptions {
  config: ReelflowConfig;
  dispatcher: Dispatcher;
  deliveries: RecentDeliveries;
  metrics: IngressMetrics;
}

/** The outcome a handler reached, for the metrics hook (errors are named by their status). */
const outcomes = new WeakMap<object, string>();
const OUTCOME_BY_CODE: Record<number, string> = { 400: 'invalid', 401: 'unauthorized', 404: 'unknown', 413: 'too_large', 415: 'unsupported_media_type', 503: 'unavailable' };


type WebhookAnswer =
  | { status: 'accepted' | 'duplicate'; eventId: string; workflowId: string }
  | { status: 'ignored'; eventId: string; type: string; reason: string };

function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  }
  return out;
}

/**
 * POST /webhooks/:provider/:connection — verify on the raw bytes, then parse, then hand each
 * canonical event to its entity workflow; answer 2xx only once Temporal holds the event.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRouteOptions> = async (app, { config, dispatcher, deliveries, metrics }) => {
  app.addHook('onResponse', async (request, reply) => {
    const { provider = '', connection = '' } = (request.params ?? {}) as { provider?: string; connection?: string };
    // Only configured names become label values: a scanner must not grow the metric without bound.
    const known = findConnection(config, provider, connection);
    metrics.webhook({
      provider: known ? provider : 'unknown',
      connection: known ? connection : 'unknown',
      outcome: outcomes.get(request) ?? OUTCOME_BY_CODE[reply.statusCode] ?? 'error',
      code: reply.statusCode,
    });
  });

  // JSON arrives as bytes: signatures are computed over exactly what was sent.
  app.removeAllContentTypeParsers();
  // application/json or any +json type (CloudEvents), with or without parameters such as charset.
  app.addContentTypeParser(/^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post<{ Params: { provider: string; connection: string } }>('/webhooks/:provider/:connection', async (request, reply) => {
    const { provider, connection: connectionName } = request.params;
    const adapter = providerAdapter(provider);
    if (!adapter) throw new NotFoundError(`unknown provider "${provider}"`);
    const connection = findConnection(config, provider, connectionName);
    if (!connection) throw new NotFoundError(`no ${provider} connection named "${connectionName}"`);

    const webhook: WebhookRequest = {
      rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      headers: request.headers,
      query: firstValues(request.query),
    };
    adapter.verify(webhook, connection);

    let json: unknown;
    try {
      json = JSON.parse(webhook.rawBody.toString('utf8'));
    } catch (error) {
      throw new PayloadError('(body)', `malformed JSON: ${(error as Error).message}`);
    }
    const parsed = adapter.parse(json, webhook, { connection, receivedAt: new Date() });
    if (parsed.outcome === 'events') {
      // Whatever an adapter made of the payload, nothing malformed reaches a workflow.
      for (const event of parsed.events) {
        const checked = CanonicalEvent.safeParse(event);
        if (!checked.success) {
          const issue = checked.error.issues[0]!;
          // Named as the platform names it: the adapter knows where each canonical field came from.
          const field = String(issue.path[0] ?? '');
          throw new PayloadError(adapter.payloadFields?.[field as keyof CanonicalEvent] ?? (field || '(body)'), issue.message);
        }
      }
    }

    if (parsed.outcome === 'ignored') {
      request.log.info({ provider, connection: connectionName, eventId: parsed.eventId, type: parsed.type }, 'webhook ignored');
      const answer: WebhookAnswer = { status: 'ignored', eventId: parsed.eventId, type: parsed.type, reason: parsed.reason };
      outcomes.set(request, answer.status);
      return reply.code(200).send(answer);
    }

    for (const note of parsed.notes ?? []) request.log.warn({ provider, connection: connectionName, note }, 'webhook note');
    const answers = await Promise.all(parsed.events.map((event) => deliverOnce(event)));
    const first = parsed.events[0]!;
    if (answers.every((a) => a === 'closed')) {
      request.log.info({ provider, connection: connectionName, eventId: first.eventId, type: first.type, key: first.key }, 'webhook for a closed resource');
      const answer: WebhookAnswer = { status: 'ignored', eventId: first.eventId, type: first.type, reason: `${first.key} already completed its lifecycle` };
      outcomes.set(request, 'closed');
      return reply.code(200).send(answer);
    }
    const status = answers.every((a) => a !== 'new') ? 'duplicate' : 'accepted';
    for (const event of parsed.events) {
      request.log.info(
        { provider, connection: connectionName, eventId: event.eventId, type: event.type, source: event.source, key: event.key, status },
        'webhook',
      );
    }
    const answer: WebhookAnswer = { status, eventId: first.eventId, workflowId: first.key };
    outcomes.set(request, status);
    return reply.code(200).send(answer);
  });

  async function deliverOnce(event: CanonicalEvent): Promise<'new' | 'duplicate' | 'closed'> {
    try {
      let closed = false;
      const deliver = async () => {
        const started = performance.now();
        closed = (await dispatcher.deliver(event)).closed === true;
        metrics.handoffSeconds((performance.now() - started) / 1000);
      };
      // An id made from the body repeats when the platform genuinely repeats itself (a second
      // live.connected): only the entity workflow, which knows the latest body, can tell.
      if (event.eventIdSource === 'content-hash') {
        await deliver();
        return closed ? 'closed' : 'new';
      }
      const outcome = await deliveries.once(`${event.provider}:${event.connection}:${event.eventId}`, deliver);
      return closed ? 'closed' : outcome;
    } catch (error) {
      throw new UnavailableError('Temporal did not take the event in time; retry later', { cause: error });
    }
  }
};
