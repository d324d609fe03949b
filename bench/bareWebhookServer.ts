import Fastify, { type FastifyInstance } from 'fastify';
import type { MkioConnection } from '../src/providers/mkio/connection';
import { matchesAnySecret } from '../src/providers/secretCompare';

/**
 * Baseline (b): the least a webhook receiver can do and still be safe. It checks MK.IO's shared
 * secret header in constant time, as Reelflow's MK.IO adapter does, reads the JSON, and answers
 * 200 without storing or forwarding anything. Listens on the same path as the ingress.
 */
export async function startBareWebhookServer(connection: MkioConnection): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  const header = connection.secretHeader.toLowerCase();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/webhooks/mkio/:connection', async (request, reply) => {
    const given = request.headers[header];
    if (typeof given !== 'string' || !matchesAnySecret(given, connection.secret)) return reply.code(401).send({ error: 'unauthorized' });
    const event = JSON.parse((request.body as Buffer).toString('utf8')) as { id?: unknown };
    return { status: 'accepted', eventId: event.id };
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `${base}/webhooks/mkio/${connection.name}` };
}
