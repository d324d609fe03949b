import { z } from 'zod';
import { VodRequest } from '../pipelines/startVod';
import { providerNames } from '../providers/registry';

const ErrorBody = {
  type: 'object',
  required: ['error', 'detail'],
  properties: { error: { type: 'string' }, detail: { type: 'string' }, field: { type: 'string', description: 'the payload field at fault, when there is one' } },
};
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });

/** The HTTP contract (DESIGN §4) as OpenAPI 3.1; request schemas come from the zod schemas that validate them. */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Reelflow', version: '0.1.0', description: 'Video-platform webhooks in, durable Temporal workflows out.' },
    components: {
      schemas: { Error: ErrorBody, VodRequest: z.toJSONSchema(VodRequest, { io: 'input' }) },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'server.apiToken' } },
    },
    paths: {
      '/webhooks/{provider}/{connection}': {
        post: {
          summary: 'Receive a provider webhook',
          parameters: [
            { name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: providerNames() } },
            { name: 'connection', in: 'path', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: {
            200: json('accepted, duplicate or ignored', {
              type: 'object',
              required: ['status', 'eventId'],
              properties: { status: { enum: ['accepted', 'duplicate', 'ignored'] }, eventId: { type: 'string' }, workflowId: { type: 'string' }, reason: { type: 'string' } },
            }),
            400: error('malformed JSON or a schema violation; `field` names it'),
            401: error('bad or missing signature or secret'),
            404: error('unknown provider or connection'),
            413: error('body over the limit'),
            415: error('not JSON'),
            503: error('Temporal did not take the event in time: retry'),
          },
        },
      },
      '/healthz': { get: { summary: 'The process is up', responses: { 200: json('up', { type: 'object' }) } } },
      '/readyz': { get: { summary: 'Temporal is reachable', responses: { 200: json('ready', { type: 'object' }), 503: json('not ready', { type: 'object' }) } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text exposition format', content: { 'text/plain': {} } } } } },
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
      '/api/resources/{key}': {
        get: {
          summary: "A resource's state (the entity workflow's state query)",
          security: [{ bearer: [] }],
          parameters: [{ name: 'key', in: 'path', required: true, description: 'URL-encoded resource key', schema: { type: 'string' } }],
          responses: { 200: json('state', { type: 'object' }), 400: error('not a resource key'), 401: error('missing or wrong bearer token'), 404: error('no such resource') },
        },
      },
    },
  };
}
