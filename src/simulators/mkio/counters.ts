/** What the fake has seen and done; a live object so tests can assert exact numbers at any point. */
export interface FakeMkioCounters {
  /** Every HTTP request answered, whatever the answer. */
  requests: number;
  /** Requests per route name ('GET job', 'PUT locator', ...), counted before auth and rate limiting. */
  byRoute: Record<string, number>;
  /** `${project}/${transform}/${job}` → GETs of that job (full, /state and legacy AMS path). */
  getsByJob: Record<string, number>;
  rateLimited: number;
  jobsCreated: number;
  locatorsCreated: number;
  /** One per transition per subscribed rule, whether later dropped, held or sent. */
  webhooksGenerated: number;
  /** HTTP POSTs made to receivers, duplicates and retries included. */
  deliveryAttempts: number;
  deliveriesSucceeded: number;
  deliveriesDropped: number;
}

export function newCounters(): FakeMkioCounters {
  return {
    requests: 0,
    byRoute: {},
    getsByJob: {},
    rateLimited: 0,
    jobsCreated: 0,
    locatorsCreated: 0,
    webhooksGenerated: 0,
    deliveryAttempts: 0,
    deliveriesSucceeded: 0,
    deliveriesDropped: 0,
  };
}

export function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
