import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './clock';

/** One POST as the notify target saw it. */
export interface Notification {
  /** The summary's `key` (the resource key, e.g. `mkio:<project>:job:<transform>/<job>`). */
  key: string;
  /** The transition's phase in the summary (`ready` for a finished job). */
  phase: string;
  /** When the request's headers arrived (nowMs clock). */
  at: number;
}

export interface NotifyReceiver {
  url: string;
  /** First notification per resource key (a retried activity would POST again: kept out). */
  readonly first: ReadonlyMap<string, Notification>;
  /** Every POST, repeats included. */
  count(): number;
  close(): Promise<void>;
}

/**
 * The notify.http target: a bare node:http server on loopback that stamps each POST when its
 * headers arrive, answers 200 at once, and reads the resource key from the JSON body.
 */
export async function startNotifyReceiver(): Promise<NotifyReceiver> {
  const first = new Map<string, Notification>();
  let total = 0;
  const server = http.createServer((req, res) => {
    const at = nowMs();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      total++;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key?: unknown; phase?: unknown };
        if (typeof body.key === 'string' && !first.has(body.key)) first.set(body.key, { key: body.key, phase: String(body.phase), at });
      } catch {
        // not a Reelflow summary: counted, not timed
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    first,
    count: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
