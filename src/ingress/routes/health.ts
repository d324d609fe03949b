import type { FastifyPluginAsync } from 'fastify';
import type { InboxStore } from '../../inbox/types';
import type { IngressMetrics } from '../metrics';
import { openApiDocument } from '../openapi';

export interface HealthRouteOptions {
  /** Resolves true when Temporal answers; used by /readyz. */
  temporalReady: () => Promise<boolean>;
  inbox: InboxStore;
  metrics: IngressMetrics;
}

/**
 * /healthz: the process runs. /readyz: it can take events, which needs the inbox only: with
 * Temporal down, events are kept and relayed later, so a load balancer must keep sending them
 * here (`degraded`). /metrics: Prometheus.
 */
export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { temporalReady, inbox, metrics }) => {
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.render()));
  const document = openApiDocument();
  app.get('/openapi.json', async () => document);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const [temporal, stored] = await Promise.all([
      temporalReady().catch(() => false),
      inbox.counts().then(
        () => true,
        () => false,
      ),
    ]);
    const status = !stored ? 'not_ready' : temporal ? 'ready' : 'degraded';
    const checks = { inbox: stored ? 'ok' : 'unavailable', temporal: temporal ? 'ok' : 'unreachable' };
    return reply.code(stored ? 200 : 503).send({ status, checks });
  });
};
