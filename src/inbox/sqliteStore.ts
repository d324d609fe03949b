import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CanonicalEvent } from '../domain/canonicalEvent';
import { groupCommit } from './groupCommit';
import { walSync, type WalSync } from './walSync';
import { DELIVERY_STATUSES, InboxUnavailableError, type Delivery, type DeliveryFilter, type DeliveryStatus, type InboxStore, type NewDelivery, type RecordResult, type RejectedRequest } from './types';

export interface SqliteInboxOptions {
  /** A file path, or `:memory:` (tests only). */
  file: string;
  synchronous: 'full' | 'normal';
  busyTimeout: number;
  /** How `full` makes a commit durable (tests hold it to see that an answer waits for it). */
  walSync?: (walFile: string) => WalSync;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  connection TEXT NOT NULL,
  event_id TEXT,
  -- equals event_id when the id must be unique; NULL (never equal to another NULL) when it may repeat
  dedupe_id TEXT,
  type TEXT,
  resource_key TEXT,
  status TEXT NOT NULL,
  reason TEXT,
  http_status INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  refusals INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  replays INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  next_attempt_at INTEGER,
  leased_until INTEGER,
  delivered_at INTEGER,
  workflow_id TEXT,
  run_id TEXT,
  event TEXT,
  body TEXT,
  headers TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS deliveries_dedupe ON deliveries (provider, connection, dedupe_id);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_status ON deliveries (status, received_at);
CREATE INDEX IF NOT EXISTS deliveries_key ON deliveries (resource_key);
`;

interface Row {
  id: number;
  provider: string;
  connection: string;
  event_id: string | null;
  type: string | null;
  resource_key: string | null;
  status: DeliveryStatus;
  reason: string | null;
  http_status: number | null;
  attempts: number;
  refusals: number;
  duplicates: number;
  replays: number;
  received_at: number;
  updated_at: number;
  next_attempt_at: number | null;
  delivered_at: number | null;
  workflow_id: string | null;
  run_id: string | null;
  event?: string | null;
  body?: string | null;
  headers?: string | null;
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

function toDelivery(row: Row): Delivery {
  return {
    id: row.id,
    provider: row.provider,
    connection: row.connection,
    eventId: orUndefined(row.event_id),
    type: orUndefined(row.type),
    resourceKey: orUndefined(row.resource_key),
    status: row.status,
    reason: orUndefined(row.reason),
    httpStatus: orUndefined(row.http_status),
    attempts: row.attempts,
    refusals: row.refusals,
    duplicates: row.duplicates,
    replays: row.replays,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
    nextAttemptAt: orUndefined(row.next_attempt_at),
    deliveredAt: orUndefined(row.delivered_at),
    workflowId: orUndefined(row.workflow_id),
    runId: orUndefined(row.run_id),
    event: row.event ? (JSON.parse(row.event) as CanonicalEvent) : undefined,
    body: orUndefined(row.body),
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : undefined,
  };
}

/** Columns of a listing: everything but the payloads, which can be large. */
const SUMMARY =
  'id, provider, connection, event_id, type, resource_key, status, reason, http_status, attempts, refusals, duplicates, replays, received_at, updated_at, next_attempt_at, delivered_at, workflow_id, run_id';

/**
 * Leases the oldest due rows. INDEXED BY: left to itself SQLite picks deliveries_status and sorts
 * every pending row on each claim (19 ms a claim with 10,000 pending on the development machine),
 * so a backlog drained the slower the larger it was; the partial index hands over the oldest due
 * rows in order, whatever the backlog (0.1 ms). Exported for the test that holds the plan.
 */
export const CLAIM_DUE = `
    UPDATE deliveries SET leased_until = @leasedUntil, attempts = attempts + 1, updated_at = @now
    WHERE id IN (
      SELECT id FROM deliveries INDEXED BY deliveries_due
      WHERE status = 'pending' AND next_attempt_at <= @now AND (leased_until IS NULL OR leased_until < @now)
      ORDER BY next_attempt_at, id LIMIT @limit)
    RETURNING ${SUMMARY}, event`;

function where(filter: DeliveryFilter & { ids?: number[] }): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    clauses.push(clause);
    params.push(value);
  };
  if (filter.provider) add('provider = ?', filter.provider);
  if (filter.connection) add('connection = ?', filter.connection);
  if (filter.status) add('status = ?', filter.status);
  if (filter.type) add('type = ?', filter.type);
  if (filter.resourceKey) add('resource_key = ?', filter.resourceKey);
  if (filter.since !== undefined) add('received_at >= ?', filter.since);
  if (filter.until !== undefined) add('received_at < ?', filter.until);
  if (filter.ids) {
    clauses.push(`id IN (${filter.ids.map(() => '?').join(',') || 'NULL'})`);
    params.push(...filter.ids);
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

function unavailable(what: string, error: unknown): InboxUnavailableError {
  const code = (error as { code?: string }).code ?? '';
  return new InboxUnavailableError(`inbox cannot ${what}${code ? ` (${code})` : ''}: ${(error as Error).message}`, { cause: error });
}

/** better-sqlite3 throws synchronously; every failure to read or write becomes InboxUnavailableError. */
function guarded<T>(what: string, run: () => T): Promise<T> {
  try {
    return Promise.resolve(run());
  } catch (error) {
    return Promise.reject(unavailable(what, error));
  }
}

/** The embedded inbox: one SQLite file in WAL mode, written by one ingress process. */
export function openSqliteInbox(options: SqliteInboxOptions): InboxStore {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file, { timeout: options.busyTimeout });
  db.pragma('journal_mode = WAL');
  // `full` is NORMAL plus an fdatasync of the WAL off the event loop before an answer (see walSync).
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const durable = options.synchronous === 'full' && options.file !== ':memory:' ? (options.walSync ?? walSync)(`${options.file}-wal`) : undefined;
  // One connection for records and the relay's bookkeeping: a second one re-read every page the
  // other had changed (~16 preads a webhook). The bookkeeping need not wait for the disk: losing
  // the last of it to a power cut only sends an event again, which its workflow dedupes. Only what
  // an answer promises (record) waits for the WAL's fsync.

  const insert = db.prepare(`
    INSERT INTO deliveries (provider, connection, event_id, dedupe_id, type, resource_key, status, reason, received_at, updated_at, next_attempt_at, event, body, headers)
    VALUES (@provider, @connection, @eventId, @dedupeId, @type, @resourceKey, @status, @reason, @receivedAt, @receivedAt, @nextAttemptAt, @event, @body, @headers)
    ON CONFLICT (provider, connection, dedupe_id) DO NOTHING
    RETURNING id`);
  const countDuplicate = db.prepare('UPDATE deliveries SET duplicates = duplicates + 1 WHERE provider = ? AND connection = ? AND dedupe_id = ? RETURNING id, status');
  const recordOne = (entry: NewDelivery): RecordResult => {
    const dedupeId = entry.unique ? entry.eventId : null;
    const inserted = insert.get({
      provider: entry.provider,
      connection: entry.connection,
      eventId: entry.eventId,
      dedupeId,
      type: entry.type,
      resourceKey: entry.resourceKey ?? null,
      status: entry.status,
      reason: entry.reason ?? null,
      receivedAt: entry.receivedAt,
      nextAttemptAt: entry.status === 'pending' ? entry.receivedAt : null,
      event: entry.event ? JSON.stringify(entry.event) : null,
      body: entry.body,
      headers: JSON.stringify(entry.headers),
    }) as { id: number } | undefined;
    if (inserted) return { id: inserted.id, duplicate: false };
    const existing = countDuplicate.get(entry.provider, entry.connection, dedupeId) as { id: number; status: DeliveryStatus };
    return { id: existing.id, duplicate: true, status: existing.status };
  };
  // One transaction for every request that arrived in the same turn (see groupCommit).
  const recordRequests = groupCommit(db.transaction((requests: NewDelivery[][]) => requests.map((entries) => entries.map(recordOne))).immediate);
  const insertRejected = db.prepare(`
    INSERT INTO deliveries (provider, connection, type, status, reason, http_status, received_at, updated_at, headers)
    VALUES (?, ?, NULL, 'rejected', ?, ?, ?, ?, ?)`);
  const rejectRequests = groupCommit(
    db.transaction((requests: RejectedRequest[]) =>
      requests.map((r) => void insertRejected.run(r.provider, r.connection, r.reason, r.httpStatus, r.receivedAt, r.receivedAt, JSON.stringify(r.headers))),
    ).immediate,
  );
  const claim = db.prepare(CLAIM_DUE);
  const delivered = db.prepare(`
    UPDATE deliveries SET status = @status, workflow_id = @workflowId, run_id = @runId, delivered_at = @now, updated_at = @now,
      leased_until = NULL, next_attempt_at = NULL, reason = NULL
    WHERE id = @id`);
  const retry = db.prepare('UPDATE deliveries SET reason = ?, next_attempt_at = ?, refusals = refusals + ?, leased_until = NULL, updated_at = ? WHERE id = ?');
  const expedite = db.prepare("UPDATE deliveries SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at > ?");
  const failed = db.prepare("UPDATE deliveries SET status = 'failed', reason = ?, refusals = refusals + ?, next_attempt_at = NULL, leased_until = NULL, updated_at = ? WHERE id = ?");
  const release = db.prepare("UPDATE deliveries SET leased_until = NULL WHERE status = 'pending' AND leased_until IS NOT NULL");
  const byId = db.prepare('SELECT * FROM deliveries WHERE id = ?');
  const counts = db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status');
  const oldest = db.prepare("SELECT min(received_at) AS at FROM deliveries WHERE status = 'pending'");
  const purge = db.prepare(`
    DELETE FROM deliveries
    WHERE (status IN ('delivered', 'closed', 'ignored', 'rejected') AND received_at < ?) OR (status = 'failed' AND received_at < ?)`);

  return {
    // A duplicate waits too: the row it found may be one whose sync is still under way.
    record: (entries, onCommitted) =>
      recordRequests(entries)
        .then(async (results) => {
          onCommitted?.(results);
          await durable?.();
          return results;
        })
        .catch((error: unknown) => {
          throw unavailable('record the event', error);
        }),
    reject: (request) =>
      rejectRequests(request).catch((error: unknown) => {
        throw unavailable('record the rejection', error);
      }),
    claimDue: (limit, now, leaseMs) => guarded('claim deliveries', () => (claim.all({ limit, now, leasedUntil: now + leaseMs }) as Row[]).map(toDelivery)),
    markDelivered: (id, outcome, now) =>
      guarded('mark a delivery', () => {
        delivered.run({ id, now, status: outcome.closed ? 'closed' : 'delivered', workflowId: outcome.workflowId, runId: outcome.runId ?? null });
      }),
    markRetry: (id, { error, nextAttemptAt, refused }, now) => guarded('schedule a retry', () => void retry.run(error, nextAttemptAt, refused ? 1 : 0, now, id)),
    expedite: (now) => guarded('expedite retries', () => expedite.run(now, now).changes),
    markFailed: (id, reason, now, refused = false) => guarded('mark a dead letter', () => void failed.run(reason, refused ? 1 : 0, now, id)),
    releaseLeases: () => guarded('release leases', () => release.run().changes),
    get: (id) =>
      guarded('read a delivery', () => {
        const row = byId.get(id) as Row | undefined;
        return row ? toDelivery(row) : undefined;
      }),
    list: (filter, page) =>
      guarded('list deliveries', () => {
        const w = where(filter);
        const before = page.before !== undefined ? ' AND id < ?' : '';
        const params = page.before !== undefined ? [...w.params, page.before] : w.params;
        const rows = db.prepare(`SELECT ${SUMMARY} FROM deliveries WHERE ${w.sql}${before} ORDER BY id DESC LIMIT ?`).all(...params, page.limit + 1) as Row[];
        const items = rows.slice(0, page.limit).map(toDelivery);
        return { items, next: rows.length > page.limit ? items[items.length - 1]!.id : undefined };
      }),
    requeue: (filter, now, limit) =>
      guarded('requeue deliveries', () => {
        const w = where(filter);
        const rows = db
          .prepare(
            `UPDATE deliveries SET status = 'pending', attempts = 0, refusals = 0, replays = replays + 1, next_attempt_at = ?, leased_until = NULL, reason = NULL, updated_at = ?
             WHERE id IN (SELECT id FROM deliveries WHERE ${w.sql} AND event IS NOT NULL AND status != 'pending' ORDER BY id LIMIT ?)
             RETURNING id`,
          )
          .all(now, now, ...w.params, limit) as Array<{ id: number }>;
        return rows.map((r) => r.id).sort((a, b) => a - b);
      }),
    counts: () =>
      guarded('count deliveries', () => {
        const out = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
        for (const { status, n } of counts.all() as Array<{ status: DeliveryStatus; n: number }>) out[status] = n;
        return out;
      }),
    oldestPending: () => guarded('read the oldest pending delivery', () => orUndefined((oldest.get() as { at: number | null }).at)),
    purge: (before) => guarded('purge old deliveries', () => purge.run(before.finished, before.failed).changes),
    close: async () => {
      await durable?.close();
      db.close();
    },
  };
}
