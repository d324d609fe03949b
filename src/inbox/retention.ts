import type { RelayLogger } from './relay';
import type { InboxStore } from './types';

export interface Retention {
  /** Delivered, closed, ignored and rejected rows are kept this long. */
  delivered: number;
  /** Dead letters are kept this long. */
  failed: number;
}

const PURGE_EVERY_MS = 60 * 60_000;

/** Deletes rows past retention now and every hour; answers a stop function. */
export function startRetention(store: InboxStore, retention: Retention, log: RelayLogger): () => void {
  const purge = () => {
    const now = Date.now();
    store.purge({ finished: now - retention.delivered, failed: now - retention.failed }).then(
      (purged) => purged && log.info({ purged }, 'inbox: rows past retention deleted'),
      (error: Error) => log.warn({ err: error }, 'inbox: purge failed; retried within the hour'),
    );
  };
  purge();
  const timer = setInterval(purge, PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
