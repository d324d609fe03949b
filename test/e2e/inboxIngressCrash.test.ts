import { inSendingOrder, jobSequences } from '../support/jobSequences';
import { useOutageRig } from '../support/outageRig';
import { sendBurst } from '../support/pacedSender';
import { receivedByAll, runsPerWorkflow } from '../support/receivedEvents';
import { eventually } from '../support/temporal';
import { countBy, is2xx, statusRuns, statusWord, tally, type Answer } from '../support/webhookPost';
import { keepForFailure } from '../support/testLog';

/**
 * A 2xx promises the event is durable (docs/architecture.md#the-durable-inbox): an ingress killed with SIGKILL in the middle
 * of a burst, while Temporal is frozen so that many acknowledged events are still pending in the
 * inbox, delivers every one of them after it restarts on the same inbox file.
 */
describe('the ingress killed during a burst', () => {
  const JOBS = 60; // 180 events
  const outage = useOutageRig('reelflow-inbox-crash-');

  it('delivers every acknowledged event after a restart; what got no answer is safe to send again', async () => {
    const jobs = jobSequences(outage.rig().project, JOBS);
    const events = inSendingOrder(jobs);
    const KILL_AFTER = 100;
    let answered = 0;
    const burst = sendBurst(events.length, 16, async (i) => {
      const answer = await outage.rig().post(events[i]!.event);
      // Frozen in the tick of the 100th answer: a fast ingress could otherwise answer the rest before the kill lands.
      if (++answered === KILL_AFTER) outage.rig().ingress.freeze();
      return answer;
    });
    const untilAnswered = (n: number) => eventually(async () => (burst.answered() >= n ? true : undefined), 90_000);

    await untilAnswered(40);
    outage.temporal().pause(); // from here acknowledged events stay pending in the inbox
    await untilAnswered(KILL_AFTER);
    await outage.rig().ingress.kill();
    outage.temporal().resume();
    const answers = await burst.done;
    keepForFailure(`[inbox crash] ${answers.length} requests: ${JSON.stringify(tally(answers))}; in order: ${statusRuns(answers)}`);
    expect(answers.filter((a) => !is2xx(a) && a.status !== 'no-answer')).toEqual([]);
    const acknowledged = new Set(events.filter((_, i) => is2xx(answers[i]!)).map((e) => e.event.id));
    expect(tally(answers)['202']).toBeGreaterThan(0); // pending rows existed when it died
    expect(answers.some((a) => a.status === 'no-answer')).toBe(true); // it did die mid-burst

    await outage.rig().ingress.restart();
    const received = await eventually(() => receivedByAll(outage.rig().client, jobs, (job) => job.events.map((e) => e.id).filter((id) => acknowledged.has(id))), 180_000, 1000);
    const receivedIds = received.flatMap((r) => r.ids);
    expect(new Set(receivedIds).size).toBe(receivedIds.length); // none twice
    keepForFailure(`[inbox crash] after restart: ${acknowledged.size} acknowledged, all delivered; ${receivedIds.length} events in workflows so far`);

    // The platform retries what got no answer: stored ones are duplicates, the rest new.
    const retried: Answer[] = [];
    for (const [i, { event }] of events.entries()) if (!is2xx(answers[i]!)) retried.push(await outage.rig().post(event));
    keepForFailure(`[inbox crash] ${retried.length} retried: ${JSON.stringify(tally(retried))} ${JSON.stringify(countBy(retried.map(statusWord)))}`);
    expect(retried.filter((a) => !is2xx(a))).toEqual([]);

    const all = await eventually(() => receivedByAll(outage.rig().client, jobs), 120_000, 1000);
    for (const [i, job] of jobs.entries()) {
      expect([...all[i]!.ids].sort()).toEqual(job.events.map((e) => e.id).sort());
      expect(all[i]!.state).toBe('Finished');
    }
    const runs = await eventually(async () => {
      const found = await runsPerWorkflow(outage.rig().client, outage.rig().project);
      return found.size === JOBS ? found : undefined;
    }, 30_000);
    expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);
    expect(outage.rig().workerFailure()).toBeUndefined();
    expect(outage.rig().ingress.output()).not.toContain(outage.rig().secret);
  }, 300_000);
});
