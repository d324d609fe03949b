import type { Client } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import type { ReelflowConfig } from '../../config/load';
import type { InboxStore } from '../../inbox/types';
import { redactAnswers, requireBearerToken } from './api/auth';
import { connectionRoutes } from './api/connections';
import { deliveryRoutes } from './api/deliveries';
import { pipelineRoutes } from './api/pipelines';
import { replayRoutes } from './api/replay';
import { resourceRoutes } from './api/resources';

export interface ApiRouteOptions {
  config: ReelflowConfig;
  client: Client;
  /** The ingress's own delivery log: listings, replays and a resource's recent deliveries read it. */
  inbox: InboxStore;
}

/**
 * The management API under /api/, one file per resource (routes/api/*.ts), behind
 * `Authorization: Bearer <server.apiToken>`. Without a configured token it is closed (403).
 */
export const apiRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, options) => {
  requireBearerToken(app, options.config);
  redactAnswers(app, options.config);
  await app.register(pipelineRoutes, options);
  await app.register(resourceRoutes, options);
  await app.register(deliveryRoutes, options);
  await app.register(replayRoutes, options);
  await app.register(connectionRoutes, options);
};
