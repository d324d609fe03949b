import autocannon from 'autocannon';
import { ID_PLACEHOLDER } from './webhookLoad';

export interface BurstResult {
  requests: number;
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
  non2xx: number;
  /** Connection errors and timeouts: requests that got no answer at all. */
  errors: number;
  /** Of those, requests with no answer within autocannon's timeout. */
  timeouts: number;
  durationS: number;
  /** 2xx answer latency (autocannon's histogram, which records 2xx only). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * `amount` POSTs as fast as `connections` keep-alive connections can go (autocannon, in a worker
 * thread of its own). Each body differs: autocannon puts a fresh id wherever ID_PLACEHOLDER is.
 */
export async function burstWebhooks(options: { url: string; headers: Record<string, string>; template: string; amount: number; connections: number }): Promise<BurstResult> {
  if (!options.template.includes(ID_PLACEHOLDER)) throw new Error('a burst body needs an id placeholder, or every request would be the same event');
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.template,
    idReplacement: true,
    amount: options.amount,
    connections: options.connections,
    workers: 1,
    // As long as the ingress itself lets a request live (its requestTimeout); platforms give up far sooner.
    timeout: 30,
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat?.count ?? 0]));
  return {
    requests: options.amount,
    statuses,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}
