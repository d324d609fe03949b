import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { findConnection, type ConfiguredConnection, type ReelflowConfig } from '../../config/load';
import { CanonicalEvent } from '../../domain/canonicalEvent';
import { connectionSecrets, redactHeaders, redactText } from '../../inbox/redact';
import type { Relay, Settled } from '../../inbox/relay';
import type { InboxStore, NewDelivery, RecordResult } from '../../inbox/types';
import { PayloadError, VerificationError } from '../../providers/errors';
import { providerAdapter } from '../../providers/registry';
import type { ParseOutcome, ProviderAdapter, WebhookRequest } from '../../providers/types';
import { assertDeliverable, decodeUtf8, EventTooLargeError } from '../eventLimits';
import type { IngressMetrics } from '../metrics';
import { NotFoundError } from '../errors';

export interface WebhookRouteOptions {
  config: ReelflowConfig;
  inbox: InboxStore;
  relay: Relay;
  metrics: IngressMetrics;
}

/** The outcome a handler reached, for the metrics hook (errors are named by their status). */
const outcomes = new WeakMap<object, string>();
const OUTCOME_BY_CODE: Record<number, string> = { 400: 'invalid', 401: 'unauthorized', 404: 'unknown', 413: 'too_large', 415: 'unsupported_media_type', 503: 'unavailable' };

type WebhookAnswer =
  { status: 'accepted' | 'duplicate' | 'spooled'; eventId: string; workflowId: string; deliveryId: number } | { status: 'ignored'; eventId: string; type: string; reason: string; deliveryId?: number };

/** Platform words echoed back or logged are bounded: a 900 KB `type` is not repeated twice. */
const ECHO_LIMIT = 200;
const clip = (text: string) => (text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}…(${text.length} chars)` : text);

function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  }
  return out;
}

/** Verify on the raw bytes, decode, parse, and check that Temporal could take every event. */
function readWebhook(adapter: ProviderAdapter, connection: ConfiguredConnection, webhook: WebhookRequest, receivedAt: Date): ParseOutcome {
  adapter.verify(webhook, connection);
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(webhook.rawBody));
  } catch (error) {
    if (error instanceof PayloadError) throw error;
    throw new PayloadError('(body)', `malformed JSON: ${(error as Error).message}`);
  }
  const parsed = adapter.parse(json, webhook, { connection, receivedAt });
  if (parsed.outcome === 'ignored') return parsed;
  // Named as the platform names it: the adapter knows where each canonical field came from.
  const fieldOf = (field: string) => adapter.payloadFields?.[field as keyof CanonicalEvent] ?? (field || '(body)');
  for (const event of parsed.events) {
    // Whatever an adapter made of the payload, nothing malformed reaches a workflow.
    const checked = CanonicalEvent.safeParse(event);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      throw new PayloadError(fieldOf(String(issue.path[0] ?? '')), issue.message);
    }
    assertDeliverable(event, fieldOf);
  }
  return parsed;
}

/**
 * POST /webhooks/:provider/:connection — verify, parse, store in the inbox, then let the relay
 * hand each event to its entity workflow. The answer is 2xx once the event is durable: 200
 * `accepted` when Temporal took it within `inbox.ackDeadline`, 202 `spooled` when the relay
 * still has it. Only an inbox that cannot write answers 503.
 */
export const webhookRoutes: FastifyPluginAsync<WebhookRouteOptions> = async (app, { config, inbox, relay, metrics }) => {
  app.addHook('onResponse', async (request, reply) => {
    const { provider = '', connection = '' } = (request.params ?? {}) as { provider?: string; connection?: string };
    // Only configured names become label values: a scanner must not grow the metric without bound.
    const known = findConnection(config, provider, connection);
    metrics.webhook(
      {
        provider: known ? provider : 'unknown',
        connection: known ? connection : 'unknown',
        outcome: outcomes.get(request) ?? OUTCOME_BY_CODE[reply.statusCode] ?? 'error',
        code: reply.statusCode,
      },
      reply.elapsedTime / 1000,
    );
  });

  // JSON arrives as bytes: signatures are computed over exactly what was sent.
  app.removeAllContentTypeParsers();
  // application/json or any +json type (CloudEvents), with or without parameters such as charset.
  app.addContentTypeParser(/^application\/([a-z0-9.+-]+\+)?json\s*(;.*)?$/i, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  /** A request refused for its content is kept as an audit row, without its body; the answer never depends on it. */
  async function audit(request: FastifyRequest, connection: ConfiguredConnection, error: unknown, secrets: string[]): Promise<void> {
    const httpStatus = error instanceof VerificationError ? 401 : error instanceof EventTooLargeError ? 413 : error instanceof PayloadError ? 400 : undefined;
    if (!httpStatus) return;
    const reason = clip(redactText((error as Error).message, secrets));
    await inbox
      .reject({ provider: connection.provider, connection: connection.name, httpStatus, reason, headers: redactHeaders(request.headers, connection), receivedAt: Date.now() })
      .catch((storeError: Error) => request.log.warn({ err: storeError }, 'inbox: audit row not written'));
  }

  app.post<{ Params: { provider: string; connection: string } }>('/webhooks/:provider/:connection', async (request, reply) => {
    const { provider, connection: connectionName } = request.params;
    const adapter = providerAdapter(provider);
    if (!adapter) throw new NotFoundError(`unknown provider "${clip(provider)}"`);
    const connection = findConnection(config, provider, connectionName);
    if (!connection) throw new NotFoundError(`no ${provider} connection named "${clip(connectionName)}"`);

    const receivedAt = new Date();
    const webhook: WebhookRequest = {
      rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      headers: request.headers,
      query: firstValues(request.query),
    };
    const secrets = connectionSecrets(connection);
    let parsed: ParseOutcome;
    try {
      parsed = readWebhook(adapter, connection, webhook, receivedAt);
    } catch (error) {
      await audit(request, connection, error, secrets);
      throw error;
    }

    const kept = { body: redactText(webhook.rawBody.toString('utf8'), secrets), headers: redactHeaders(request.headers, connection), receivedAt: receivedAt.getTime() };
    const log = { provider, connection: connectionName };

    if (parsed.outcome === 'ignored') {
      const type = clip(parsed.type);
      const reason = clip(parsed.reason);
      const [stored] = await inbox.record([{ ...kept, provider, connection: connectionName, eventId: parsed.eventId, unique: true, type, status: 'ignored', reason }]);
      request.log.info({ ...log, eventId: parsed.eventId, type }, 'webhook ignored');
      outcomes.set(request, 'ignored');
      return reply.code(200).send({ status: 'ignored', eventId: parsed.eventId, type, reason, deliveryId: stored!.id } satisfies WebhookAnswer);
    }

    for (const note of parsed.notes ?? []) request.log.warn({ ...log, note: clip(note) }, 'webhook note');
    const entries = parsed.events.map((event): NewDelivery => ({
      ...kept,
      provider,
      connection: connectionName,
      eventId: event.eventId,
      // An id made from the body repeats when the platform genuinely repeats itself (a second
      // live.connected): only the entity workflow, which knows the latest body, can tell.
      unique: event.eventIdSource !== 'content-hash',
      type: event.type,
      resourceKey: event.key,
      status: 'pending',
      event,
    }));
    const freshIds = (results: RecordResult[]) => results.filter((s) => !s.duplicate).map((s) => s.id);
    const handOff = (results: RecordResult[]) => Promise.all(freshIds(results).map((id) => relay.deliverSoon(id, config.inbox.ackDeadline)));
    // The hand-off starts once the rows are committed, while the disk syncs; the answer waits for both.
    let handoffs: Promise<Array<Settled | undefined>> | undefined;
    const stored = await inbox.record(entries, (committed) => (handoffs = handOff(committed)));
    const fresh = freshIds(stored);
    const settled = await (handoffs ?? handOff(stored)); // a store that never reported the commit

    const first = parsed.events[0]!;
    const status = fresh.length === 0 ? 'duplicate' : settled.every((s) => s && s.status !== 'failed') ? 'accepted' : 'spooled';
    for (const event of parsed.events) {
      request.log.info({ ...log, eventId: event.eventId, type: event.type, source: event.source, key: event.key, phase: event.phase, status, ms: Math.round(reply.elapsedTime) }, 'webhook');
    }
    if (fresh.length > 0 && settled.every((s) => s?.status === 'closed')) {
      outcomes.set(request, 'closed');
      const answer: WebhookAnswer = { status: 'ignored', eventId: first.eventId, type: first.type, reason: `${first.key} already completed its lifecycle`, deliveryId: stored[0]!.id };
      return reply.code(200).send(answer);
    }
    outcomes.set(request, status);
    const answer: WebhookAnswer = { status, eventId: first.eventId, workflowId: first.key, deliveryId: stored[0]!.id };
    return reply.code(status === 'spooled' ? 202 : 200).send(answer);
  });
};
