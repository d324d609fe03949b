import { newDeliveryCounters, type DeliveryCounters } from './webhookSender';

/** What every fake counts of the requests it answered; a live object so tests can assert exact numbers. */
export interface ApiCounters {
  /** Every HTTP request answered, whatever the answer. */
  requests: number;
  /** Requests per route name ('GET job', 'PUT locator', ...), counted before auth and rate limiting. */
  byRoute: Record<string, number>;
  rateLimited: number;
}

export type FakeCounters = ApiCounters & DeliveryCounters;

export const newFakeCounters = (): FakeCounters => ({ requests: 0, byRoute: {}, rateLimited: 0, ...newDeliveryCounters() });

export function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
