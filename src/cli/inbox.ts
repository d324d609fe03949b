import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type ReelflowConfig } from '../config/load';
import { openInbox } from '../inbox/open';
import type { InboxStore } from '../inbox/types';

/** The inbox is absent: nothing was ever received with this config (the ingress creates the file at its first start). */
export class NoInboxError extends Error {
  override readonly name = 'NoInboxError';
}

/**
 * The same SQLite file the running ingress writes (WAL lets both work at once). A missing file is
 * an error rather than a new empty inbox: it usually means another working directory or config.
 */
export function openConfiguredInbox(config: ReelflowConfig = loadConfig()): { inbox: InboxStore; file: string } {
  const file = config.inbox.file;
  if (file === ':memory:') throw new NoInboxError(`inbox.file is ":memory:" in ${config.origin}: there is no inbox to read outside the ingress process`);
  const path = resolve(file);
  if (!existsSync(path)) throw new NoInboxError(`no inbox at ${path} (from ${config.origin}): the ingress creates it when it first starts`);
  return { inbox: openInbox(config.inbox), file: path };
}

/** Runs `work` with the inbox open, and closes it however `work` ends. */
export async function withInbox<T>(work: (inbox: InboxStore, file: string) => Promise<T>): Promise<T> {
  const { inbox, file } = openConfiguredInbox();
  try {
    return await work(inbox, file);
  } finally {
    await inbox.close();
  }
}
