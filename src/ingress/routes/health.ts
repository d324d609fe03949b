import type { FastifyPluginAsync } from 'fastify';
import type { IngressMetrics } from '../metrics';
import { openApiDocument } from '../openapi';

export interface HealthRouteOptions {
  /** Resolves true when Temporal answers; used by /readyz. */
  temporalReady: () => Promise<boolean>;
  metrics: IngressMetrics;
}

/** /healthz: the process runs. /readyz: it can also take events (Temporal answers). /metrics: Prometheus. */
export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { temporalReady, metrics }) => {
  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4').send(metrics.render()));
  const document = openApiDocument();
  app.get('/openapi.json', async () => document);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const temporal = await temporalReady().catch(() => false);
    return reply.code(temporal ? 200 : 503).send({ status: temporal ? 'ready' : 'not_ready', checks: { temporal: temporal ? 'ok' : 'unreachable' } });
  });
};
