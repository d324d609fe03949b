import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../../errors';
import type { ApiRouteOptions } from '../api';
import { DeliveryListQuery, LIST_LIMIT, toStoreFilter } from '../../../inbox/deliveryFilter';
import { deliveryId, parseOr400 } from './parse';
import { replayRefusal } from '../../../inbox/replayable';

/** GET /api/deliveries (filtered, newest first, paginated; no bodies) and GET /api/deliveries/:id (everything kept). */
export const deliveryRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { inbox }) => {
  app.get('/api/deliveries', async (request) => {
    const query = parseOr400(DeliveryListQuery, request.query);
    const { limit = LIST_LIMIT.default, before, ...fields } = query;
    return inbox.list(toStoreFilter(fields), { limit, before });
  });

  app.get<{ Params: { id: string } }>('/api/deliveries/:id', async (request) => {
    const id = deliveryId(request.params.id);
    const row = await inbox.get(id);
    if (!row) throw new NotFoundError(`no delivery ${id} (rows past retention are deleted)`);
    return { ...row, replayable: replayRefusal(row) === undefined };
  });
};
