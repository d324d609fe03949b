import type { FastifyError, FastifyInstance } from 'fastify';
import { InboxUnavailableError } from '../inbox/types';
import { PayloadError, VerificationError } from '../providers/errors';
import { EventTooLargeError } from './eventLimits';

/** The JSON every error answer has: a stable code, a human sentence, and the field when there is one. */
export interface ErrorBody {
  error: string;
  detail: string;
  field?: string;
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_payload',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

/** One place maps every failure to a status and an ErrorBody; handlers only throw. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.code(status).send(body);
    if (error instanceof VerificationError) {
      request.log.warn({ reason: error.reason }, 'webhook rejected: not authentic');
      return send(401, { error: 'unauthorized', detail: error.reason });
    }
    if (error instanceof PayloadError) {
      request.log.warn({ field: error.field, detail: error.detail }, 'webhook rejected: invalid payload');
      return send(400, { error: 'invalid_payload', detail: error.message, field: error.field });
    }
    if (error instanceof NotFoundError) return send(404, { error: 'not_found', detail: error.message });
    if (error instanceof EventTooLargeError) {
      request.log.warn({ detail: error.message }, 'webhook rejected: too large for a workflow');
      return send(413, { error: 'payload_too_large', detail: error.message });
    }
    // The one 503: the event is not durable, so the platform must send it again.
    if (error instanceof InboxUnavailableError) {
      request.log.error({ err: error }, 'inbox cannot write: answering 503');
      return send(503, { error: 'unavailable', detail: 'the inbox cannot store events right now; retry later' });
    }
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(415, { error: 'unsupported_media_type', detail: `Content-Type must be application/json (got ${(request.headers['content-type'] ?? 'none').slice(0, 100)})` });
    }
    if (status >= 400 && status < 500) {
      return send(status, { error: FASTIFY_CODES[error.code] ?? error.code?.toLowerCase() ?? 'bad_request', detail: error.message });
    }
    request.log.error({ err: error }, 'unexpected error');
    return send(500, { error: 'internal', detail: 'unexpected error; see the server log' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ error: 'not_found', detail: `no route ${request.method} ${request.url.split('?')[0]}` } satisfies ErrorBody);
  });
}
