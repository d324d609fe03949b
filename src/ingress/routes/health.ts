import type { FastifyPluginAsync } from 'fastify';

export interface HealthRouteOptions {
  /** Resolves true when Temporal answers; used by /readyz. */
  temporalReady: () => Promise<boolean>;
}

/** /healthz: the process runs. /readyz: it can also take events (Temporal answers). */
export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { temporalReady }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const temporal = await temporalReady().catch(() => false);
    return reply.code(temporal ? 200 : 503).send({ status: temporal ? 'ready' : 'not_ready', checks: { temporal: temporal ? 'ok' : 'unreachable' } });
  });
};
