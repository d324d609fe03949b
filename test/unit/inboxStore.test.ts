import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLAIM_DUE, openSqliteInbox } from '../../src/inbox/sqliteStore';
import { InboxUnavailableError, type InboxStore, type NewDelivery, type RecordResult } from '../../src/inbox/types';
import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { stillPending } from '../support/stillPending';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'inbox-')), 'inbox.sqlite');
const open = (file = ':memory:', busyTimeout = 1000) => openSqliteInbox({ file, synchronous: 'full', busyTimeout });

const event = (eventId: string, key = 'mkio:p:job:t/j') => ({ eventId, key, type: 'MediaKind.JobStarted' }) as unknown as CanonicalEvent;
const entry = (eventId: string, overrides: Partial<NewDelivery> = {}): NewDelivery => ({
  provider: 'mkio',
  connection: 'main',
  eventId,
  unique: true,
  type: 'MediaKind.JobStarted',
  resourceKey: 'mkio:p:job:t/j',
  status: 'pending',
  event: event(eventId),
  body: '{"id":"x"}',
  headers: { 'content-type': 'application/json' },
  receivedAt: 1_000,
  ...overrides,
});

describe('SQLite inbox', () => {
  let store: InboxStore;
  beforeEach(() => {
    store = open();
  });
  afterEach(() => store.close());

  it('stores an event once per (provider, connection, event id); a repeat is counted as a duplicate', async () => {
    const [first] = await store.record([entry('e1')]);
    expect(first).toEqual({ id: expect.any(Number), duplicate: false });
    const [again] = await store.record([entry('e1')]);
    expect(again).toEqual({ id: first!.id, duplicate: true, status: 'pending' });
    // Another connection's e1 is another event.
    expect((await store.record([entry('e1', { connection: 'other' })]))[0]!.duplicate).toBe(false);
    expect(await store.get(first!.id)).toMatchObject({ eventId: 'e1', status: 'pending', duplicates: 1, attempts: 0, body: '{"id":"x"}', event: event('e1') });
  });

  it('keeps every content-hash event: only the workflow can tell a repeat from a genuine second one', async () => {
    const results = await store.record([entry('hash', { unique: false }), entry('hash', { unique: false })]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    expect((await store.counts()).pending).toBe(2);
  });

  it("leases due rows oldest first, never the same row twice while leased; a crash holder's leases are released", async () => {
    await store.record([entry('a', { receivedAt: 1 }), entry('b', { receivedAt: 2 }), entry('c', { receivedAt: 3 })]);
    const claimed = await store.claimDue(2, 10, 60_000);
    expect(claimed.map((d) => d.eventId)).toEqual(['a', 'b']);
    expect(claimed.every((d) => d.attempts === 1)).toBe(true);
    expect((await store.claimDue(5, 10, 60_000)).map((d) => d.eventId)).toEqual(['c']);
    expect(await store.claimDue(5, 10, 60_000)).toEqual([]);
    expect(await store.releaseLeases()).toBe(3);
    expect(await store.claimDue(5, 10, 60_000)).toHaveLength(3);
    // A lease that ran out is claimable by anyone.
    expect(await store.claimDue(5, 10 + 60_001, 60_000)).toHaveLength(3);
  });

  it('claims through the due index, never by sorting the whole backlog (a drain that slowed as it grew)', async () => {
    const file = tempFile();
    const filled = open(file);
    for (let i = 0; i < 5_000; i += 500) await filled.record(Array.from({ length: 500 }, (_, j) => entry(`b${i + j}`)));
    await filled.close();
    const db = new Database(file);
    const plan = () => (db.prepare(`EXPLAIN QUERY PLAN ${CLAIM_DUE}`).all({ limit: 32, now: 2_000, leasedUntil: 62_000 }) as Array<{ detail: string }>).map((step) => step.detail);
    try {
      // As a store runs (no statistics), and after ANALYZE: the plan must not depend on them.
      for (const analyze of [false, true]) {
        if (analyze) db.exec('ANALYZE');
        expect(plan()).toContainEqual(expect.stringMatching(/USING INDEX deliveries_due/));
        expect(plan().filter((detail) => /TEMP B-TREE/.test(detail))).toEqual([]);
      }
    } finally {
      db.close();
    }
  });

  it('a retry waits for its time; only refusals are counted as such; expedite makes every retry due; delivered rows leave the queue', async () => {
    const { id } = (await store.record([entry('a', { receivedAt: 10 })]))[0]!;
    expect(await store.claimDue(1, 10, 1000)).toHaveLength(1);
    await store.markRetry(id, { error: 'deadline', nextAttemptAt: 500, refused: false }, 10);
    expect(await store.claimDue(1, 499, 1000)).toEqual([]);
    expect(await store.get(id)).toMatchObject({ attempts: 1, refusals: 0, reason: 'deadline', nextAttemptAt: 500 });
    await store.claimDue(1, 500, 1000);
    await store.markRetry(id, { error: 'refused', nextAttemptAt: 60_000, refused: true }, 500);
    expect(await store.get(id)).toMatchObject({ attempts: 2, refusals: 1 });
    expect(await store.claimDue(1, 600, 1000)).toEqual([]);
    expect(await store.expedite(600)).toBe(1);
    expect(await store.claimDue(1, 600, 1000)).toHaveLength(1);
    await store.markDelivered(id, { workflowId: 'wf', runId: 'run', closed: false }, 700);
    expect(await store.get(id)).toMatchObject({ status: 'delivered', workflowId: 'wf', runId: 'run', deliveredAt: 700, attempts: 3 });
    expect(await store.claimDue(1, 100_000, 1000)).toEqual([]);
    expect(await store.oldestPending()).toBeUndefined();
  });

  it('requeues delivered and failed rows for a replay, never ignored or rejected ones', async () => {
    const [a, b, c] = await store.record([entry('a'), entry('b'), entry('c', { status: 'ignored', event: undefined })]);
    await store.reject({ provider: 'mkio', connection: 'main', httpStatus: 401, reason: 'bad secret', headers: {}, receivedAt: 5 });
    await store.claimDue(2, 10, 1000);
    await store.markDelivered(a!.id, { workflowId: 'wf', closed: false }, 20);
    await store.markFailed(b!.id, 'refused', 20);
    expect(await store.requeue({}, 30, 100)).toEqual([a!.id, b!.id]);
    expect(await store.get(a!.id)).toMatchObject({ status: 'pending', attempts: 0, refusals: 0, replays: 1, nextAttemptAt: 30 });
    expect(await store.requeue({ ids: [c!.id] }, 30, 100)).toEqual([]);
    expect(await store.counts()).toMatchObject({ pending: 2, ignored: 1, rejected: 1, delivered: 0, failed: 0 });
  });

  it('lists newest first with filters and a cursor, without bodies', async () => {
    for (let i = 0; i < 5; i++) await store.record([entry(`e${i}`, { receivedAt: 100 + i, resourceKey: i % 2 ? 'odd' : 'even' })]);
    const page1 = await store.list({}, { limit: 2 });
    expect(page1.items.map((d) => d.eventId)).toEqual(['e4', 'e3']);
    expect(page1.items[0]!.body).toBeUndefined();
    const page2 = await store.list({}, { limit: 2, before: page1.next });
    expect(page2.items.map((d) => d.eventId)).toEqual(['e2', 'e1']);
    const last = await store.list({}, { limit: 2, before: page2.next });
    expect(last).toEqual({ items: [expect.objectContaining({ eventId: 'e0' })], next: undefined });
    expect((await store.list({ resourceKey: 'odd' }, { limit: 10 })).items.map((d) => d.eventId)).toEqual(['e3', 'e1']);
    expect((await store.list({ since: 103 }, { limit: 10 })).items.map((d) => d.eventId)).toEqual(['e4', 'e3']);
    expect((await store.list({ status: 'failed' }, { limit: 10 })).items).toEqual([]);
  });

  it('purges finished rows after their retention and dead letters after theirs', async () => {
    const [old, kept, dead] = await store.record([entry('old', { receivedAt: 10 }), entry('kept', { receivedAt: 500 }), entry('dead', { receivedAt: 10 })]);
    await store.claimDue(3, 1000, 1000);
    await store.markDelivered(old!.id, { workflowId: 'wf', closed: false }, 1000);
    await store.markDelivered(kept!.id, { workflowId: 'wf', closed: false }, 1000);
    await store.markFailed(dead!.id, 'refused', 1000);
    expect(await store.purge({ finished: 100, failed: 5 })).toBe(1);
    expect(await store.get(dead!.id)).toBeDefined();
    expect(await store.purge({ finished: 100, failed: 100 })).toBe(1);
    expect(await store.get(kept!.id)).toBeDefined();
  });

  it('survives a reopen (a restart) with its pending rows, in WAL mode', async () => {
    const file = tempFile();
    const first = open(file);
    await first.record([entry('a')]);
    await first.close();
    const second = open(file);
    try {
      expect((await second.counts()).pending).toBe(1);
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
    } finally {
      await second.close();
    }
  });

  it('a write that cannot get the lock fails as InboxUnavailableError, and works again once the lock is gone', async () => {
    const file = tempFile();
    const inbox = open(file, 50);
    const other = new Database(file);
    try {
      other.exec('BEGIN EXCLUSIVE');
      await expect(inbox.record([entry('a')])).rejects.toBeInstanceOf(InboxUnavailableError);
      other.exec('COMMIT');
      expect((await inbox.record([entry('a')]))[0]!.duplicate).toBe(false);
    } finally {
      other.close();
      await inbox.close();
    }
  });

  it("with synchronous full, a record (a duplicate's too) resolves only once its WAL sync has, its rows claimable before; a failed sync is InboxUnavailableError", async () => {
    const file = tempFile();
    const syncs: Array<{ walFile: string; done: (error?: Error) => void }> = [];
    const heldSync = (walFile: string) =>
      Object.assign(() => new Promise<void>((resolve, reject) => syncs.push({ walFile, done: (error) => (error ? reject(error) : resolve()) })), { close: async () => {} });
    const inbox = openSqliteInbox({ file, synchronous: 'full', busyTimeout: 1000, walSync: heldSync });
    try {
      // The rows are committed (a hand-off may start) while the sync runs.
      const committed: RecordResult[][] = [];
      const first = inbox.record([entry('a')], (results) => committed.push(results));
      expect(await stillPending(first)).toBe(true);
      expect(committed).toEqual([[{ id: expect.any(Number), duplicate: false }]]);
      expect((await inbox.claimDue(5, 2_000, 60_000)).map((d) => d.eventId)).toEqual(['a']);
      expect(syncs.map((s) => s.walFile)).toEqual([`${file}-wal`]);
      syncs.shift()!.done();
      expect((await first)[0]!.duplicate).toBe(false);

      const repeat = inbox.record([entry('a')]);
      expect(await stillPending(repeat)).toBe(true);
      syncs.shift()!.done();
      expect((await repeat)[0]!.duplicate).toBe(true);

      const failing = inbox.record([entry('b')]);
      expect(await stillPending(failing)).toBe(true);
      syncs.shift()!.done(Object.assign(new Error('I/O error'), { code: 'EIO' }));
      await expect(failing).rejects.toBeInstanceOf(InboxUnavailableError);
      await expect(failing).rejects.toThrow('inbox cannot record the event (EIO): I/O error');
    } finally {
      await inbox.close();
    }
    // normal: no sync at all.
    const normal = openSqliteInbox({ file: tempFile(), synchronous: 'normal', busyTimeout: 1000, walSync: heldSync });
    await normal.record([entry('c')]);
    await normal.close();
    expect(syncs).toEqual([]);
  });
});
