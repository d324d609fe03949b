import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { runPaced } from './paced';
import { ID_PLACEHOLDER, type WebhookLoad } from './webhookLoad';

/** The thread behind offerWebhooks: paced POSTs over keep-alive sockets, answered bodies read and dropped. */
async function main(load: WebhookLoad): Promise<void> {
  const target = new URL(load.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.maxSockets });
  const post = (index: number) =>
    new Promise<number>((resolve) => {
      const body = Buffer.from(load.template.replaceAll(ID_PLACEHOLDER, `${load.idPrefix}-${index}`));
      const request = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers: { ...load.headers, 'content-length': body.length } },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 0));
          response.once('error', () => resolve(0));
        },
      );
      request.once('error', () => resolve(0));
      request.end(body);
    });
  // Waits for late answers as long as the ingress's own request timeout (30 s) lets them come.
  const result = await runPaced({ rate: load.rate, durationMs: load.durationMs, maxInFlight: load.maxSockets * 4, graceMs: 30_000 }, post);
  agent.destroy();
  parentPort!.postMessage(result);
}

void main(workerData as WebhookLoad);
