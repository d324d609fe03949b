import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MkioApiError, mkioErrorBody } from './errors';

/** MK.IO bodies are small JSON documents; anything bigger is a client bug worth a clear answer. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ApiAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new MkioApiError(413, 'PayloadTooLarge', `request body over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function write(response: ServerResponse, answer: ApiAnswer): void {
  const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(payload),
    ...answer.headers,
  });
  response.end(payload);
}

/** Every failure leaves in MK.IO's error shape; a bug in the fake is a 500, never a crash. */
function failure(error: unknown): ApiAnswer {
  if (error instanceof MkioApiError) {
    return { status: error.status, body: mkioErrorBody(error.status, error.code, error.detail), headers: error.headers };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 500, body: mkioErrorBody(500, 'InternalServerError', `fake MK.IO failed: ${detail}`) };
}

/** A plain node:http server (no framework, so the fake shares nothing with what it tests). */
export async function startHttpServer(options: { host: string; port: number }, answer: (request: ApiRequest) => ApiAnswer): Promise<HttpServer> {
  const server = http.createServer((request, response) => {
    readBody(request)
      .then((body) => answer({ method: request.method ?? 'GET', path: new URL(request.url ?? '/', 'http://fake').pathname, headers: request.headers, body }))
      .catch(failure)
      .then((result) => write(response, result))
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
