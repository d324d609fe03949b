import { z } from 'zod';
import { VodRequest } from '../pipelines/startVod';
import { providerNames } from '../providers/registry';
import { managementPaths, managementSchemas } from './routes/api/openapiPaths';

const ErrorBody = {
  type: 'object',
  required: ['error', 'detail'],
  properties: { error: { type: 'string' }, detail: { type: 'string' }, field: { type: 'string', description: 'the payload field or query parameter at fault, when there is one' } },
};
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });

const deliveryId = { type: 'integer', description: 'the inbox row (GET /api/deliveries/{id})' };
const WebhookAnswer = {
  type: 'object',
  required: ['status', 'eventId'],
  properties: {
    status: { enum: ['accepted', 'duplicate', 'ignored', 'spooled'] },
    eventId: { type: 'string' },
    workflowId: { type: 'string', description: 'the resource key: its entity workflow' },
    deliveryId,
    type: { type: 'string', description: 'ignored: the event type, bounded' },
    reason: { type: 'string', description: 'ignored: why (an untracked type, or a resource whose workflow completed its lifecycle)' },
  },
};

/** Methods OpenAPI 3.1 can name; on the webhook route every one but POST answers 405. */
const REFUSED_ON_WEBHOOKS = ['get', 'put', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const webhookRoute = {
  parameters: [
    { name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: providerNames() } },
    { name: 'connection', in: 'path', required: true, schema: { type: 'string' } },
  ],
  post: {
    summary: 'Receive a provider webhook',
    description:
      'Verified and parsed events are stored in the inbox before the answer, then handed to their entity workflows by the relay. ' +
      'The answer waits up to `inbox.ackDeadline` (1 s) for that hand-off: 200 `accepted` when Temporal holds the event, 202 `spooled` when the relay ' +
      'still has it (it is durable either way). Only an inbox that cannot write answers 503.',
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
    responses: {
      200: json('`accepted` (Temporal holds it), `duplicate` (already stored; Temporal not touched) or `ignored` (an untracked type, kept as an inbox row)', WebhookAnswer),
      202: json('`spooled`: stored; the relay delivers it when Temporal answers', WebhookAnswer),
      400: error('malformed JSON or a schema violation; `field` names it'),
      401: error('bad or missing signature or secret'),
      404: error('unknown provider or connection'),
      413: error('body over the limit, or an event too large or too deeply nested for Temporal (never worth a retry)'),
      415: error('not JSON'),
      503: error('the inbox cannot write (disk full, locked): nothing was stored, retry'),
    },
  },
  ...Object.fromEntries(REFUSED_ON_WEBHOOKS.map((method) => [method, { summary: 'Not allowed: webhooks are POSTed', responses: { 405: error('method not allowed (`Allow: POST`)') } }])),
};

/** The HTTP contract (docs/architecture.md#http-contract) as OpenAPI 3.1; request schemas come from the zod schemas that validate them. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Reelflow', version: '0.1.0', description: 'Video-platform webhooks in, durable Temporal workflows out.' },
    components: {
      schemas: { Error: ErrorBody, VodRequest: z.toJSONSchema(VodRequest, { io: 'input' }), WebhookAnswer, ...managementSchemas },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'server.apiToken' } },
    },
    paths: {
      '/webhooks/{provider}/{connection}': webhookRoute,
      '/healthz': { get: { summary: 'The process is up', responses: { 200: json('up', { type: 'object' }) } } },
      '/readyz': {
        get: {
          summary: 'The ingress can take events (its inbox answers)',
          description: 'With Temporal down, events are kept and relayed later: still 200, status `degraded`, so a load balancer keeps sending them here.',
          responses: { 200: json('`ready`, or `degraded` (Temporal unreachable)', { type: 'object' }), 503: json('`not_ready`: the inbox cannot be read', { type: 'object' }) },
        },
      },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format', content: { 'text/plain': {} } } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: json('OpenAPI 3.1', { type: 'object' }) } } },
      '/api/pipelines/vod': {
        post: {
          summary: 'Start the example VOD pipeline (idempotent per id)',
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/VodRequest' } } } },
          responses: {
            202: json('started', { type: 'object', properties: { status: { const: 'started' }, workflowId: { type: 'string' } } }),
            200: json('already started with this id', { type: 'object', properties: { status: { const: 'already-started' }, workflowId: { type: 'string' } } }),
            400: error('invalid request; `field` names it'),
            401: error('missing or wrong bearer token'),
            403: error('management API disabled'),
          },
        },
      },
      ...managementPaths,
    },
  };
}
