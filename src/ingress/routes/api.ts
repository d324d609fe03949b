import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import type { ReelflowConfig } from '../../config/load';
import { PayloadError, VerificationError } from '../../providers/errors';
import { secretsEqual } from '../../providers/secretCompare';
import { parseResourceKey } from '../../domain/resourceKey';
import { startVodPipeline, VodRequestError } from '../../pipelines/startVod';
import { stateQuery } from '../../../workflows/messages';
import { NotFoundError } from '../errors';

export interface ApiRouteOptions {
  config: ReelflowConfig;
  client: Client;
}

/**
 * The management API under /api/, behind `Authorization: Bearer <server.apiToken>`.
 * Without a configured token it is closed (403), never open.
 */
export const apiRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { config, client }) => {
  app.addHook('onRequest', async (request, reply) => {
    const token = config.server.apiToken;
    if (!token) return reply.code(403).send({ error: 'forbidden', detail: 'management API disabled: set server.apiToken (e.g. ${REELFLOW_API_TOKEN})' });
    const given = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!given || !secretsEqual(given, token)) throw new VerificationError('missing or wrong bearer token');
  });

  app.post('/api/pipelines/vod', async (request, reply) => {
    try {
      const { workflowId, started } = await startVodPipeline(client, config, request.body);
      return reply.code(started ? 202 : 200).send({ status: started ? 'started' : 'already-started', workflowId });
    } catch (error) {
      if (error instanceof VodRequestError) throw new PayloadError(error.field, error.message);
      throw error;
    }
  });

  app.get<{ Params: { key: string } }>('/api/resources/:key', async (request) => {
    try {
      parseResourceKey(request.params.key);
    } catch (error) {
      throw new PayloadError('key', (error as Error).message);
    }
    try {
      return await client.workflow.getHandle(request.params.key).query(stateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundError(`no workflow for ${request.params.key}`);
      throw error;
    }
  });
};
