import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { stateQuery } from '../../workflows/messages';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

/**
 * An action runs first as a local activity (inside the workflow task) and, when that attempt
 * fails and may succeed later, again as an activity that retries: against a real dev server.
 */
describe('actions: a local attempt first, an activity after', () => {
  let receiver: HttpRecorder;
  let stack: Stack;
  const seen = new Set<string>();

  beforeAll(async () => {
    // /flaky answers 503 to the first request of each idempotency key, then 200.
    receiver = await startHttpRecorder((request) => {
      const id = String(request.headers['idempotency-key']);
      if (request.url === '/flaky' && !seen.has(id)) {
        seen.add(id);
        return { status: 503, body: { error: 'busy' } };
      }
      return { status: 200, body: {} };
    });
    stack = await startStack({
      config: {
        actions: {
          team: { type: 'notify.http', url: `${receiver.url}/team` },
          flaky: { type: 'notify.http', url: `${receiver.url}/flaky` },
        },
      },
      connection: { apiBaseUrl: 'http://127.0.0.1:9', apiToken: 'unused', on: [{ kind: 'job', phase: 'ready', run: ['team', 'flaky'] }] },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await receiver.close();
  });

  it('a prompt action leaves one marker and no activity; a failed attempt is sent again, by an activity, with the same key', async () => {
    const job = unique('local');
    await stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobFinished', state: 'Finished' }));
    const key = `mkio:${stack.account}:job:encode/${job}`;
    const handle = stack.client.workflow.getHandle(key);
    const state = await eventually(async () => {
      const s: ResourceSnapshot = await handle.query(stateQuery);
      return s.actions.length === 2 && s.actions.every((a) => a.status !== 'running') ? s : undefined;
    });
    expect(state.actions.map((a) => [a.name, a.status, a.detail])).toEqual(
      expect.arrayContaining([
        ['team', 'succeeded', 'HTTP 200'],
        ['flaky', 'succeeded', 'HTTP 200'],
      ]),
    );

    const team = receiver.requests.filter((r) => r.url === '/team' && r.body.includes(job));
    const flaky = receiver.requests.filter((r) => r.url === '/flaky' && r.body.includes(job));
    expect(team).toHaveLength(1);
    expect(flaky).toHaveLength(2);
    expect(flaky[1]!.headers['idempotency-key']).toBe(flaky[0]!.headers['idempotency-key']);

    const { events } = await handle.fetchHistory();
    const localAttempts = events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    const activities = events!.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runAction');
    expect(localAttempts).toHaveLength(2); // team's, and flaky's first attempt
    expect(activities).toHaveLength(1); // flaky's second
  });
});
