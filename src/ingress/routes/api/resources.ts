import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyPluginAsync } from 'fastify';
import { parseResourceKey } from '../../../domain/resourceKey';
import { PayloadError } from '../../../providers/errors';
import { stateQuery } from '../../../../workflows/messages';
import { NotFoundError } from '../../errors';
import type { ApiRouteOptions } from '../api';

/** Inbox rows shown beside a resource's state: enough to see what came lately, not its whole history. */
export const RECENT_DELIVERIES = 20;

/** GET /api/resources/:key: the entity workflow's state query, plus the key's latest deliveries from the inbox. */
export const resourceRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { client, inbox }) => {
  app.get<{ Params: { key: string } }>('/api/resources/:key', async (request) => {
    const { key } = request.params;
    try {
      parseResourceKey(key);
    } catch (error) {
      throw new PayloadError('key', (error as Error).message);
    }
    const recent = await inbox.list({ resourceKey: key }, { limit: RECENT_DELIVERIES });
    try {
      const state = await client.workflow.getHandle(key).query(stateQuery);
      return { ...state, deliveries: recent.items };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // Events may be in the inbox without a workflow yet (pending during an outage, or dead letters).
      const inInbox = recent.items.length ? `; the inbox holds deliveries for it: GET /api/deliveries?key=${encodeURIComponent(key)}` : '';
      throw new NotFoundError(`no workflow for ${key}${inInbox}`);
    }
  });
};
