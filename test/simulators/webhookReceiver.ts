import type { IncomingHttpHeaders } from 'node:http';
import { startHttpRecorder } from '../support/httpRecorder';

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
  const recorder = await startHttpRecorder((request) => {
    received.push({ url: request.url, headers: request.headers, rawBody: request.raw, body: JSON.parse(request.body) });
    return { status };
  });
  return {
    url: `${recorder.url}/webhooks/mkio/main`,
    received,
    answer: (next) => {
      status = next;
    },
    close: () => recorder.close(),
  };
}
