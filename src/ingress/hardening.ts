// What fastify and node answer on their own, before any Reelflow route runs, made to speak
// Reelflow's error shape (ErrorBody) and never echo a URL's query: a platform may carry its shared secret there.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ErrorBody } from './errors';

/** The one route platforms call (routes/webhooks.ts); every other method on it is answered 405. */
const WEBHOOK_ROUTE = '/webhooks/:provider/:connection';
const WEBHOOK_PATH = /^\/webhooks\/[^/?#]+\/[^/?#]+(?:[?#]|$)/;
const ALLOWED_ON_WEBHOOKS = 'POST';
/** Long enough for any real path; a 16 KB probe is not worth a 16 KB log line. */
const MAX_LOGGED_PATH = 200;

/** A URL as it may be logged or echoed: the path without query or fragment (marked `?…`), bounded. */
export function safePath(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  const bounded = path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path;
  return end === -1 ? bounded : `${bounded}?…`;
}

/** The request as every log line shows it, whatever logger the ingress was given. */
const serializeRequest = (req: { method?: string; url?: string; id?: string }) => ({ method: req.method, url: safePath(req.url ?? ''), reqId: req.id });

/** Fastify's router refusals; its own messages quote the whole URL, query included. */
const FRAMEWORK_ERRORS: Record<string, { status: number; body: ErrorBody }> = {
  FST_ERR_BAD_URL: { status: 400, body: { error: 'bad_url', detail: 'the URL is not valid (malformed percent-encoding?)' } },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, body: { error: 'uri_too_long', detail: 'a path segment is too long' } },
};

function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code];
  request.log.info({ code: error.code }, 'request refused by the router');
  if (known) return void reply.code(known.status).send(known.body);
  const status = error.statusCode ?? 500;
  void reply.code(status).send({ error: status < 500 ? 'bad_request' : 'internal', detail: `request refused (${error.code})` } satisfies ErrorBody);
}

/** A whole HTTP/1.1 answer for a socket no ServerResponse owns (a parse error, a CONNECT). */
function rawAnswer(status: number, body: ErrorBody, headers: Record<string, string> = {}): string {
  const json = JSON.stringify(body);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` + `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n${extra}\r\n${json}`;
}

const CLIENT_ERRORS: Record<string, { status: number; body: ErrorBody }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, body: { error: 'request_timeout', detail: 'the request did not arrive in time' } },
  HPE_HEADER_OVERFLOW: { status: 431, body: { error: 'headers_too_large', detail: 'the request headers are too large' } },
};

/** Node could not parse the request (bad Content-Length, bad request line...): answer, then close. */
function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // The error's rawPacket holds the request's bytes, query and secret included: only its code is logged.
  this.log.debug({ code: error.code }, 'malformed HTTP request');
  const known = CLIENT_ERRORS[error.code] ?? { status: 400, body: { error: 'bad_request', detail: `malformed HTTP request (${error.code})` } };
  // As node does: never write into the middle of an answer already on its way.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) socket.write(rawAnswer(known.status, known.body));
  socket.destroy(error);
}

/** Options to spread into `Fastify({...})`. */
export function hardenedServerOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler' | 'childLoggerFactory'> {
  return {
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // Every request's logger shows the URL without its query, even with a logger from outside.
    childLoggerFactory: (logger, bindings, options) => logger.child(bindings, { ...options, serializers: { ...options.serializers, req: serializeRequest } }),
  };
}

const methodNotAllowed = (method: string): ErrorBody => ({ error: 'method_not_allowed', detail: `${method} is not allowed here; webhooks are POSTed` });

/** 405 for any method but POST on the webhook route, and an answer to CONNECT (node drops the socket without a listener). */
export function registerHardening(app: FastifyInstance): void {
  const refuse = async (request: FastifyRequest, reply: FastifyReply) => reply.code(405).header('allow', ALLOWED_ON_WEBHOOKS).send(methodNotAllowed(request.method));
  // Refused in onRequest, before any body is read: no 413 or 415 for a method that is wrong anyway.
  app.route({ method: app.supportedMethods.filter((m) => m !== 'POST'), url: WEBHOOK_ROUTE, onRequest: refuse, handler: refuse });

  app.server.on('connect', (req: IncomingMessage, stream: Duplex) => {
    const socket = stream as Socket;
    // The server no longer watches this socket: without a listener, a reset would crash the process.
    socket.on('error', () => {});
    socket.setTimeout(10_000, () => socket.destroy());
    socket.resume(); // discard anything sent after the request, so closing does not reset the answer
    const path = safePath(req.url ?? '');
    app.log.info({ req: { method: 'CONNECT', url: path } }, 'CONNECT refused');
    socket.end(
      WEBHOOK_PATH.test(req.url ?? '') ? rawAnswer(405, methodNotAllowed('CONNECT'), { Allow: ALLOWED_ON_WEBHOOKS }) : rawAnswer(404, { error: 'not_found', detail: `no route CONNECT ${path}` }),
    );
  });
}
