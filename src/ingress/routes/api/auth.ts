import type { FastifyInstance } from 'fastify';
import type { ReelflowConfig } from '../../../config/load';
import { connectionSecrets, redactText } from '../../../inbox/redact';
import { secretsEqual } from '../../../providers/secretCompare';

/**
 * `Authorization: Bearer <server.apiToken>` on every route of the scope. Without a configured
 * token the API is closed (403), never open.
 */
export function requireBearerToken(app: FastifyInstance, config: ReelflowConfig): void {
  app.addHook('onRequest', async (request, reply) => {
    const token = config.server.apiToken;
    if (!token) return reply.code(403).send({ error: 'forbidden', detail: 'management API disabled: set server.apiToken (e.g. ${REELFLOW_API_TOKEN})' });
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given && secretsEqual(given, token)) return;
    // Answered here, not by the webhooks' error mapping: its log line would call this a rejected webhook.
    request.log.warn({ url: request.url.split('?')[0] }, 'management API request refused: missing or wrong bearer token');
    return reply.code(401).send({ error: 'unauthorized', detail: 'missing or wrong bearer token' });
  });
}

/**
 * Every answer of the scope is scrubbed of every secret in the config (webhook secrets, API
 * tokens, action secrets, the API token itself). Stored rows are already redacted when written;
 * this also covers rows written before a secret was added, and any field that echoes one.
 */
export function redactAnswers(app: FastifyInstance, config: ReelflowConfig): void {
  const secrets = connectionSecrets({ server: config.server, connections: config.connections, actions: config.actions });
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? redactText(payload, secrets) : payload));
}
