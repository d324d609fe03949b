import { inSendingOrder, jobSequence, jobSequences } from '../support/jobSequences';
import { useOutageRig } from '../support/outageRig';
import { sendPaced } from '../support/pacedSender';
import { receivedByAll, runsPerWorkflow } from '../support/receivedEvents';
import { eventually } from '../support/temporal';
import { statusRuns, tally } from '../support/webhookPost';
import { keepForFailure } from '../support/testLog';

/**
 * docs/architecture.md#the-durable-inbox: an event the inbox holds gets its 2xx whatever Temporal is doing, and reaches its
 * workflow once Temporal is back. Temporal is frozen (SIGSTOP: sockets open, nothing answers),
 * thawed, then killed outright and restarted on the same port and database, while a platform
 * keeps sending 10 webhooks a second.
 */
describe('Temporal paused and killed while webhooks keep arriving', () => {
  const JOBS = 66; // 198 events, about 20 s at 10/s
  const RATE = 10;
  const outage = useOutageRig('reelflow-inbox-outage-');

  it('answers every request 200 or 202, then delivers every event to its workflow exactly once', async () => {
    const jobs = jobSequences(outage.rig().project, JOBS);
    const events = inSendingOrder(jobs);
    const sending = sendPaced(events.length, RATE, (i) => outage.rig().post(events[i]!.event));
    const untilSent = (n: number) => eventually(async () => (sending.sent() >= n ? true : undefined), 60_000);

    // Outages by how much was sent, not by the clock: events arrive before, during and after each.
    await untilSent(20);
    outage.temporal().pause();
    await untilSent(60);
    outage.temporal().resume();
    await untilSent(100);
    outage.temporal().pause(); // a hung server, then killed as an operator would
    await outage.temporal().kill();
    await outage.temporal().restart();
    const answers = await sending.done;

    const statuses = tally(answers);
    keepForFailure(`[inbox outage] ${answers.length} requests: ${JSON.stringify(statuses)}; in order: ${statusRuns(answers)}`);
    expect(answers.filter((a) => a.status !== 200 && a.status !== 202)).toEqual([]);
    // Spooled answers prove events arrived during the outage (200s before it depend on the machine's load).
    expect(statuses['202']).toBeGreaterThan(0);

    const received = await eventually(() => receivedByAll(outage.rig().client, jobs), 180_000, 1000);
    const delivered = received.reduce((n, r) => n + r.ids.length, 0);
    const duplicates = received.reduce((n, r) => n + r.duplicates, 0);
    keepForFailure(`[inbox outage] delivered ${delivered} of ${events.length} events to ${received.length} workflows; ${duplicates} repeated hand-offs dropped by the workflows`);
    for (const [i, job] of jobs.entries()) {
      // Each event once: a transition or a stale record (the relay may hand a job's events over out of order).
      expect([...received[i]!.ids].sort()).toEqual(job.events.map((e) => e.id).sort());
      expect(received[i]!.state).toBe('Finished');
    }
    expect(delivered).toBe(events.length);

    // One run per job: no event started its resource's workflow a second time.
    const runs = await eventually(async () => {
      const found = await runsPerWorkflow(outage.rig().client, outage.rig().project);
      return found.size === JOBS ? found : undefined;
    }, 30_000);
    expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);

    // Back to normal: with the backlog delivered, a new event is acknowledged by Temporal again, not spooled.
    // (A fresh job each try: repeating one event would be answered `duplicate`.)
    let tries = 0;
    const next = await eventually(
      async () => {
        const answer = await outage.rig().post(jobSequence(outage.rig().project, `after-${++tries}`).events[0]!);
        return answer.status === 200 ? answer : undefined;
      },
      30_000,
      500,
    );
    expect(next.body).toMatchObject({ status: 'accepted' });
    keepForFailure(`[inbox outage] after recovery: 200 accepted at try ${tries}`);

    expect(outage.rig().workerFailure()).toBeUndefined();
    expect(outage.rig().ingress.output()).not.toContain(outage.rig().secret);
  }, 300_000);
});
