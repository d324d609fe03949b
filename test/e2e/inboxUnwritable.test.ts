import Database from 'better-sqlite3';
import { openInbox } from '../../src/inbox/open';
import { startInboxRig, type InboxRig } from '../support/inboxRig';
import { jobSequences } from '../support/jobSequences';
import { receivedBy } from '../support/receivedEvents';
import { eventually, testAddress } from '../support/temporal';
import { is2xx, type Answer } from '../support/webhookPost';

/**
 * docs/architecture.md#http-contract: the one 503 is an inbox that cannot write; the platform must then send the event
 * again, so nothing of it may have been kept or delivered. The inbox is made really unwritable:
 * a second connection to its SQLite file holds the write lock (BEGIN EXCLUSIVE) longer than the
 * ingress's `inbox.busyTimeout`. Temporal stays healthy (the jest run's shared server).
 */
describe('an inbox that cannot write', () => {
  let rig: InboxRig;

  beforeAll(async () => {
    rig = await startInboxRig({ temporalAddress: testAddress(), inbox: { busyTimeout: '200ms' } });
  }, 180_000);

  afterAll(async () => {
    await rig?.stop();
  }, 60_000);

  const delivered = (key: string, ids: string[]) =>
    eventually(async () => {
      const received = await receivedBy(rig.client, key);
      return received && ids.every((id) => received.ids.includes(id)) ? received : undefined;
    }, 30_000);

  it('answers 503 and keeps nothing; once the lock is gone, events are accepted again', async () => {
    const [before, locked, after] = jobSequences(rig.project, 3).map((job) => ({ key: job.key, event: job.events[0]! }));
    expect(is2xx(await rig.post(before!.event))).toBe(true);
    await delivered(before!.key, [before!.event.id]);

    const lock = new Database(rig.inboxFile, { timeout: 10_000 });
    let refused: Answer[];
    try {
      lock.exec('BEGIN EXCLUSIVE');
      refused = [await rig.post(locked!.event), await rig.post(locked!.event)];
      // Still alive and answering: only storing is impossible.
      expect((await fetch(`${rig.ingress.url}/healthz`)).status).toBe(200);
    } finally {
      lock.exec('ROLLBACK');
      lock.close();
    }
    for (const answer of refused) expect(answer).toEqual({ status: 503, body: { error: 'unavailable', detail: expect.any(String) } });

    const accepted = await rig.post(after!.event);
    expect(is2xx(accepted)).toBe(true);
    await delivered(after!.key, [after!.event.id]);

    // Nothing claimed: no row for the refused event, no workflow, although the relay has run since.
    const inbox = openInbox(rig.config.inbox);
    try {
      expect((await inbox.list({ resourceKey: locked!.key }, { limit: 10 })).items).toEqual([]);
    } finally {
      await inbox.close();
    }
    expect(await receivedBy(rig.client, locked!.key)).toBeUndefined();

    // The platform's retry is then taken like any new event, and delivered once.
    const retried = await rig.post(locked!.event);
    expect(retried).toMatchObject({ body: { status: expect.stringMatching(/^(accepted|spooled)$/) } });
    expect((await delivered(locked!.key, [locked!.event.id])).ids).toEqual([locked!.event.id]);
    expect(rig.ingress.output()).not.toContain(rig.secret);
  }, 120_000);
});
