import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** Path and query string as the fake sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  body: any;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status every later POST is answered with (default 200). */
  answer(status: number): void;
  close(): Promise<void>;
}

/** A real HTTP endpoint standing in for Reelflow's webhook route: it records and answers. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let status = 200;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      received.push({ url: request.url ?? '', headers: request.headers, rawBody, body: JSON.parse(rawBody.toString('utf8')) });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/mkio/main`,
    received,
    answer: (next) => {
      status = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
