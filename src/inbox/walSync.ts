import { open, type FileHandle } from 'node:fs/promises';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  (): Promise<void>;
  close(): Promise<void>;
}

/**
 * fdatasync of a SQLite WAL file on libuv's thread pool, so the disk's wait blocks no event loop.
 * SQLite's `synchronous = FULL` syncs inside COMMIT, on the calling thread: the ingress's event
 * loop, which the worker's activations and activities share, stood still for each fsync. With
 * `synchronous = NORMAL` (which still syncs around checkpoints) and this sync after each commit,
 * a committed transaction is as durable as with FULL before anyone is told it is.
 *
 * Calls made while a sync runs share the next one (it must start after their commit), so a
 * burst pays one fsync per disk round trip, not one per webhook.
 */
export function walSync(walFile: string): WalSync {
  let handle: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const syncNow = (): Promise<void> => {
    const sync = (async () => {
      // Opened at the first sync: the WAL exists once something was committed.
      handle ??= open(walFile, 'r').catch((error: unknown) => {
        handle = undefined; // the next sync tries again
        throw error;
      });
      await (await handle).datasync();
    })().finally(() => {
      if (running === sync) running = undefined;
    });
    running = sync;
    return sync;
  };

  const sync = (): Promise<void> => {
    if (!running) return syncNow();
    queued ??= running
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return syncNow();
      });
    return queued;
  };
  sync.close = async () => {
    await running?.catch(() => {});
    await queued?.catch(() => {});
    const opened = handle;
    handle = undefined;
    await (await opened?.catch(() => undefined))?.close();
  };
  return sync;
}
