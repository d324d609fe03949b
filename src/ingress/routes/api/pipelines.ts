import type { FastifyPluginAsync } from 'fastify';
import { startVodPipeline, VodRequestError } from '../../../pipelines/startVod';
import { PayloadError } from '../../../providers/errors';
import type { ApiRouteOptions } from '../api';

/** POST /api/pipelines/vod: starts the example VOD pipeline, once per id. */
export const pipelineRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { config, client }) => {
  app.post('/api/pipelines/vod', async (request, reply) => {
    try {
      const { workflowId, started } = await startVodPipeline(client, config, request.body);
      return reply.code(started ? 202 : 200).send({ status: started ? 'started' : 'already-started', workflowId });
    } catch (error) {
      if (error instanceof VodRequestError) throw new PayloadError(error.field, error.message);
      throw error;
    }
  });
};
