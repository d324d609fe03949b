import { Worker } from 'node:worker_threads';
import type { PacedResult } from './paced';

/** Where `[<id>]` appears in a body template, each request puts its own id (autocannon's convention). */
export const ID_PLACEHOLDER = '[<id>]';

export interface WebhookLoad {
  url: string;
  headers: Record<string, string>;
  /** The JSON body with ID_PLACEHOLDER wherever a request must differ (event id, job name). */
  template: string;
  /** Ids are `<idPrefix>-<n>`: unique across a run when every load has its own prefix. */
  idPrefix: string;
  rate: number;
  durationMs: number;
  /** Sockets kept open to the server; a request due when all are busy queues (and its wait counts). */
  maxSockets: number;
}

/**
 * Offers POSTs at a fixed rate from a worker thread: the load generator gets its own event loop,
 * so the server under test (in this process's main thread) does not share one with it, as it
 * would not with a platform on the network.
 */
export function offerWebhooks(load: WebhookLoad): Promise<PacedResult> {
  return new Promise((resolve, reject) => {
    // The worker is TypeScript too: tsx's require hook compiles it in that thread.
    const worker = new Worker(require.resolve('./webhookLoadWorker'), { workerData: load, execArgv: ['--require', 'tsx/cjs'] });
    let result: PacedResult | undefined;
    worker.once('message', (message: PacedResult) => (result = message));
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker exited with code ${code} and no result`))));
  });
}
