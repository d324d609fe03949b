import { z } from 'zod';
import { CanonicalEvent } from '../../../domain/canonicalEvent';
import { DELIVERY_STATUSES } from '../../../inbox/types';
import { DeliveryListQuery, REPLAY_CAP, ReplayRequest } from '../../../inbox/deliveryFilter';
import { RECENT_DELIVERIES } from './resources';

/**
 * The management API's part of the OpenAPI document (src/ingress/openapi.ts). Query parameters and
 * request bodies come from the zod schemas that validate them.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(description, ref('Error'));
const jsonSchema = (schema: z.ZodType): Record<string, unknown> => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
};

const AUTH = { 401: error('missing or wrong bearer token'), 403: error('management API disabled: no server.apiToken configured') };
const UNAVAILABLE = { 503: error('the inbox cannot be read or written') };

const STATUS_MEANINGS = [
  '`pending`: stored, not yet held by Temporal; the relay keeps trying (with backoff).',
  '`delivered`: its entity workflow holds it.',
  "`closed`: its resource's workflow had already completed its lifecycle; nothing changed and no new run started.",
  '`ignored`: an event type Reelflow does not track (kept so an operator can see it came).',
  '`failed`: a dead letter: Temporal kept refusing it, or it stayed pending past `inbox.maxAge`. Replayable.',
  '`rejected`: an audit row for a request answered 400, 401 or 413; no body is kept.',
].join('\n');

const REPLAY_SEMANTICS =
  'A replay sets rows back to `pending`; the relay sends them through the same path as a new webhook (within about a second; ' +
  'if no ingress runs, at its next start). Workflows dedupe on event id, so replaying a delivered event is safe and changes nothing ' +
  "(no new transition; the workflow counts a duplicate). If the resource's workflow has completed its lifecycle, the replay ends as " +
  '`closed` and starts no new run. A `failed` row (dead letter) gets delivered. Rows without an event (`ignored`, `rejected`) cannot be replayed, ' +
  'and a `pending` row is already on its way.';

const deliveryParameters = Object.entries(DeliveryListQuery.shape).map(([name, schema]) => {
  const { description, ...rest } = jsonSchema(schema as z.ZodType);
  return { name, in: 'query', required: false, description, schema: rest };
});

const idParameter = { name: 'id', in: 'path', required: true, description: 'delivery id', schema: { type: 'integer', minimum: 1 } };

const DeliverySummary = {
  type: 'object',
  description: 'A row of the inbox. Times are epoch milliseconds.',
  required: ['id', 'provider', 'connection', 'status', 'attempts', 'duplicates', 'replays', 'receivedAt', 'updatedAt'],
  properties: {
    id: { type: 'integer' },
    provider: { type: 'string' },
    connection: { type: 'string' },
    eventId: { type: 'string', description: "the platform's event id, or a SHA-256 of the body; absent on rejected rows" },
    type: { type: 'string' },
    resourceKey: { type: 'string' },
    status: ref('DeliveryStatus'),
    reason: { type: 'string', description: 'why it was ignored, rejected or failed; for a pending row, the last error' },
    httpStatus: { type: 'integer', description: 'the answer a rejected request got' },
    attempts: { type: 'integer', description: 'hand-offs tried (reset by a replay)' },
    duplicates: { type: 'integer', description: 'times the platform sent this event again' },
    replays: { type: 'integer' },
    receivedAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    nextAttemptAt: { type: 'integer' },
    deliveredAt: { type: 'integer' },
    workflowId: { type: 'string' },
    runId: { type: 'string' },
  },
};

export const managementSchemas = {
  DeliveryStatus: { type: 'string', enum: [...DELIVERY_STATUSES], description: STATUS_MEANINGS },
  DeliverySummary,
  Delivery: {
    allOf: [
      ref('DeliverySummary'),
      {
        type: 'object',
        required: ['replayable'],
        properties: {
          event: ref('CanonicalEvent'),
          body: { type: 'string', description: 'the raw body as received, secrets removed (absent on rejected rows)' },
          headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'request headers, credentials removed' },
          replayable: { type: 'boolean' },
        },
      },
    ],
  },
  DeliveryPage: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('DeliverySummary') }, next: { type: 'integer', description: 'pass as `before` for the next (older) page; absent on the last page' } },
  },
  CanonicalEvent: jsonSchema(CanonicalEvent),
  ReplayRequest: { ...jsonSchema(ReplayRequest), description: `A filter (at least one field), or \`{"all": true}\`. At most ${REPLAY_CAP} rows per call.` },
  ReplayAnswer: {
    type: 'object',
    required: ['status', 'matched', 'requeued', 'ids', 'remaining'],
    properties: {
      status: { const: 'requeued' },
      matched: { type: 'integer', description: 'replayable rows named or matched by the filter' },
      requeued: { type: 'integer', description: 'rows set back to pending by this call' },
      ids: { type: 'array', items: { type: 'integer' } },
      remaining: { type: 'integer', description: 'matched but over the cap: call again' },
    },
  },
  Connection: {
    type: 'object',
    required: ['provider', 'name', 'webhookPath', 'polling'],
    description: 'A configured connection; its other settings follow, every secret replaced by "****".',
    additionalProperties: true,
    properties: {
      provider: { type: 'string' },
      name: { type: 'string' },
      account: { type: 'string', description: 'the account its resource keys are pinned to, when the config names one' },
      webhookPath: { type: 'string' },
      polling: { type: 'boolean', description: 'whether Reelflow polls the platform when webhooks go quiet' },
    },
  },
};

export const managementPaths = {
  '/api/resources/{key}': {
    get: {
      summary: "A resource's state (the entity workflow's state query) and its latest deliveries",
      security: [{ bearer: [] }],
      parameters: [{ name: 'key', in: 'path', required: true, description: 'URL-encoded resource key', schema: { type: 'string' } }],
      responses: {
        200: json(`the state query's answer, plus \`deliveries\`: the key's last ${RECENT_DELIVERIES} inbox rows`, {
          type: 'object',
          properties: { deliveries: { type: 'array', items: ref('DeliverySummary') } },
          additionalProperties: true,
        }),
        400: error('not a resource key'),
        ...AUTH,
        404: error('no workflow for this key (the detail says when the inbox holds deliveries for it)'),
      },
    },
  },
  '/api/deliveries': {
    get: {
      summary: 'List deliveries, newest first',
      description: `Filters combine (AND). Items carry no body: GET /api/deliveries/{id} has it.\n\n${STATUS_MEANINGS}`,
      security: [{ bearer: [] }],
      parameters: deliveryParameters,
      responses: { 200: json('a page', ref('DeliveryPage')), 400: error('a bad query parameter; `field` names it'), ...AUTH, ...UNAVAILABLE },
    },
  },
  '/api/deliveries/{id}': {
    get: {
      summary: 'One delivery: outcome, attempts, workflow and run id, raw body and headers (secrets removed), canonical event',
      security: [{ bearer: [] }],
      parameters: [idParameter],
      responses: { 200: json('the delivery', ref('Delivery')), 400: error('not a delivery id'), ...AUTH, 404: error('no such delivery'), ...UNAVAILABLE },
    },
  },
  '/api/deliveries/{id}/replay': {
    post: {
      summary: 'Replay one delivery',
      description: REPLAY_SEMANTICS,
      security: [{ bearer: [] }],
      parameters: [idParameter],
      responses: {
        202: json('requeued: the relay sends it', ref('ReplayAnswer')),
        400: error('not a delivery id'),
        ...AUTH,
        404: error('no such delivery'),
        409: error('not replayable: no event (ignored, rejected), or already pending'),
        ...UNAVAILABLE,
      },
    },
  },
  '/api/deliveries/replay': {
    post: {
      summary: 'Replay the deliveries a filter matches',
      description: `${REPLAY_SEMANTICS}\n\nFields as in GET /api/deliveries. An empty filter is refused unless \`{"all": true}\`. At most ${REPLAY_CAP} rows per call, oldest first; \`remaining\` says how many more matched.`,
      security: [{ bearer: [] }],
      requestBody: { required: true, content: { 'application/json': { schema: ref('ReplayRequest') } } },
      responses: {
        202: json('requeued: the relay sends them', ref('ReplayAnswer')),
        400: error('a bad field (`field` names it), or an empty filter without `all`'),
        ...AUTH,
        ...UNAVAILABLE,
      },
    },
  },
  '/api/connections': {
    get: {
      summary: 'Configured connections, secrets masked',
      security: [{ bearer: [] }],
      responses: { 200: json('connections', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Connection') } } }), ...AUTH },
    },
  },
};
