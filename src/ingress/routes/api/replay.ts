import type { FastifyPluginAsync } from 'fastify';
import { PayloadError } from '../../../providers/errors';
import { NotFoundError } from '../../errors';
import type { ApiRouteOptions } from '../api';
import { isEmptyFilter, REPLAY_CAP, ReplayRequest, toStoreFilter } from '../../../inbox/deliveryFilter';
import { ConflictError, deliveryId, parseOr400 } from './parse';
import { findReplayable, replayRefusal, requeueIds } from '../../../inbox/replayable';

/** What a replay answers (202): the rows are pending again; the relay sends them within a second. */
export interface ReplayAnswer {
  status: 'requeued';
  /** Replayable rows the request named or its filter matched. */
  matched: number;
  requeued: number;
  ids: number[];
  /** Matched but not requeued by this call (over the cap): call again. */
  remaining: number;
}

/**
 * POST /api/deliveries/:id/replay and POST /api/deliveries/replay (a filter): rows go back to
 * `pending` and the relay sends them through the one delivery path. Workflows dedupe on event id,
 * so replaying a delivered event changes nothing; a workflow that completed its lifecycle is not
 * started again (the row ends `closed`); a dead letter gets delivered.
 */
export const replayRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { inbox }) => {
  app.post<{ Params: { id: string } }>('/api/deliveries/:id/replay', async (request, reply) => {
    const id = deliveryId(request.params.id);
    const row = await inbox.get(id);
    if (!row) throw new NotFoundError(`no delivery ${id} (rows past retention are deleted)`);
    const refusal = replayRefusal(row);
    if (refusal) throw new ConflictError(refusal);
    const ids = await inbox.requeue({ ids: [id] }, Date.now(), 1);
    // Only a concurrent replay can have made it pending since the read above.
    if (ids.length === 0) throw new ConflictError(`delivery ${id} is already pending: the relay is sending it`);
    return reply.code(202).send({ status: 'requeued', matched: 1, requeued: 1, ids, remaining: 0 } satisfies ReplayAnswer);
  });

  app.post('/api/deliveries/replay', async (request, reply) => {
    const body = parseOr400(ReplayRequest, request.body);
    const { all, limit = REPLAY_CAP, ...fields } = body;
    const filter = toStoreFilter(fields);
    if (isEmptyFilter(filter) && all !== true) {
      throw new PayloadError('(body)', 'name a filter (connection, provider, status, type, key, since, until), or send {"all": true} to replay everything');
    }
    const match = await findReplayable(inbox, filter, limit);
    const ids = await requeueIds(inbox, match.ids);
    request.log.info({ matched: match.matched, requeued: ids.length }, 'deliveries replayed');
    const answer: ReplayAnswer = { status: 'requeued', matched: match.matched, requeued: ids.length, ids, remaining: Math.max(0, match.matched - ids.length) };
    return reply.code(202).send(answer);
  });
};
