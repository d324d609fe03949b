import type { CanonicalEvent } from '../domain/canonicalEvent';

/**
 * Where a delivery stands (a contract: the API, the CLI and the metrics use these words).
 * - `pending`: stored, not yet held by Temporal; the relay keeps trying.
 * - `delivered`: its entity workflow holds it.
 * - `closed`: its resource's workflow had already completed its lifecycle; nothing changed.
 * - `ignored`: an event type Reelflow does not track (kept so an operator can see it came).
 * - `failed`: a dead letter: Temporal kept refusing it, or it stayed pending past the age limit.
 * - `rejected`: an audit row for a request answered 400 or 401; no body is kept.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'closed', 'ignored', 'failed', 'rejected'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One stored row. Times are epoch milliseconds. */
export interface Delivery {
  id: number;
  provider: string;
  connection: string;
  /** The provider's event id (or the body hash); absent on rejected rows. */
  eventId?: string;
  type?: string;
  resourceKey?: string;
  status: DeliveryStatus;
  /** Why it was ignored, rejected or failed; for a pending row, the last attempt's error. */
  reason?: string;
  /** The status Reelflow answered a rejected request with (400, 401). */
  httpStatus?: number;
  /** Hand-offs tried; reset by a replay. */
  attempts: number;
  /** Of those, how many Temporal answered with a refusal (what `inbox.maxAttempts` counts; an outage counts nothing). */
  refusals: number;
  /** How many times the platform sent this event again after the first. */
  duplicates: number;
  replays: number;
  receivedAt: number;
  updatedAt: number;
  nextAttemptAt?: number;
  deliveredAt?: number;
  workflowId?: string;
  runId?: string;
  /** What the relay signals (absent on ignored and rejected rows). */
  event?: CanonicalEvent;
  /** The raw body and headers as received, with secrets removed. */
  body?: string;
  headers?: Record<string, string>;
}

/** A verified, parsed event to store. */
export interface NewDelivery {
  provider: string;
  connection: string;
  eventId: string;
  /** Set when (provider, connection, eventId) must be unique; content-hash ids leave it unset (only the workflow can judge those). */
  unique: boolean;
  type: string;
  resourceKey?: string;
  status: 'pending' | 'ignored';
  reason?: string;
  event?: CanonicalEvent;
  body: string;
  headers: Record<string, string>;
  receivedAt: number;
}

/** A request answered 400 or 401, kept for audit without its body. */
export interface RejectedRequest {
  provider: string;
  connection: string;
  httpStatus: number;
  reason: string;
  headers: Record<string, string>;
  receivedAt: number;
}

export type RecordResult = { id: number; duplicate: false } | { id: number; duplicate: true; status: DeliveryStatus };

export interface DeliveryFilter {
  connection?: string;
  provider?: string;
  status?: DeliveryStatus;
  type?: string;
  resourceKey?: string;
  /** receivedAt bounds, epoch ms. */
  since?: number;
  until?: number;
}

export interface DeliveryPage {
  items: Delivery[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next?: number;
}

/**
 * The durable delivery log. SQLite is the embedded default (one ingress process); the same
 * interface over PostgreSQL would serve several replicas (claims are leases, not in-memory locks).
 * Every method rejects with InboxUnavailableError when the store cannot read or write.
 */
export interface InboxStore {
  /**
   * Stores the events of one request atomically; a repeated unique id is counted as a duplicate
   * instead. Resolves once they are durable. `onCommitted` runs as soon as they are committed
   * (claimable, perhaps not yet on disk), so a hand-off can run while the disk syncs: if the sync
   * never completes, no 2xx was sent, the platform sends the event again, and its workflow dedupes it.
   */
  record(entries: NewDelivery[], onCommitted?: (results: RecordResult[]) => void): Promise<RecordResult[]>;
  reject(request: RejectedRequest): Promise<void>;
  /** Leases up to `limit` pending rows that are due, oldest first: each with its event, without the raw body and headers. */
  claimDue(limit: number, now: number, leaseMs: number): Promise<Delivery[]>;
  markDelivered(id: number, outcome: { workflowId: string; runId?: string; closed: boolean }, now: number): Promise<void>;
  /** `refused`: Temporal judged the event and said no (counts toward maxAttempts); else it did not answer. */
  markRetry(id: number, retry: { error: string; nextAttemptAt: number; refused: boolean }, now: number): Promise<void>;
  /** Makes every pending row due now: Temporal answers again, so no row need wait out its own backoff. */
  expedite(now: number): Promise<number>;
  /** `refused`: this last try was a refusal too (counted like markRetry's). */
  markFailed(id: number, reason: string, now: number, refused?: boolean): Promise<void>;
  /** Frees every lease (at start: this process is the only one that held them). */
  releaseLeases(): Promise<number>;
  get(id: number): Promise<Delivery | undefined>;
  /** Newest first; `before` is the id to page from. Rows carry no body (see get). */
  list(filter: DeliveryFilter, page: { limit: number; before?: number }): Promise<DeliveryPage>;
  /** Makes rows with an event pending again (a replay); answers the ids it requeued. */
  requeue(filter: DeliveryFilter & { ids?: number[] }, now: number, limit: number): Promise<number[]>;
  counts(): Promise<Record<DeliveryStatus, number>>;
  /** receivedAt of the oldest pending row, for the relay-lag gauge. */
  oldestPending(): Promise<number | undefined>;
  /** Deletes rows past retention; answers how many. */
  purge(before: { finished: number; failed: number }): Promise<number>;
  close(): Promise<void>;
}

/** The store could not write (disk full, locked, unreachable): the only case the ingress answers 503. */
export class InboxUnavailableError extends Error {
  override readonly name = 'InboxUnavailableError';
}
