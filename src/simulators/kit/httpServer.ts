import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Platform API bodies are small JSON documents; anything bigger is a client bug worth a clear answer. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
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

/** Thrown while reading a request; the fake's `failure` turns it into its platform's error body. */
export class BodyTooLarge extends Error {
  constructor() {
    super(`request body over ${MAX_BODY_BYTES} bytes`);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge());
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

/**
 * A plain node:http server (no framework, so a fake shares nothing with what it tests). Every
 * failure leaves through `failure`, in the platform's own error shape: a bug in a fake is a
 * 500, never a crash.
 */
export async function startHttpServer(
  options: { host: string; port: number },
  answer: (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer>,
  failure: (error: unknown) => ApiAnswer,
): Promise<HttpServer> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    readBody(request)
      .then((body) => answer({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body }))
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
