import type { ReelflowConfig } from '../config/load';
import { openSqliteInbox } from './sqliteStore';
import type { InboxStore } from './types';

/** The configured inbox store (SQLite today; a PostgreSQL store would be chosen here). */
export function openInbox(config: ReelflowConfig['inbox']): InboxStore {
  return openSqliteInbox({ file: config.file, synchronous: config.synchronous, busyTimeout: config.busyTimeout });
}
