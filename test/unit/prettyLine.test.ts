import { ApplicationFailure } from '@temporalio/common';
import { createLogger } from '../../src/observability/logger';
import { prettyLine } from '../../src/observability/prettyLine';
import { temporalLogger } from '../../src/observability/temporalLogger';

// Times print as the local clock: pin the zone so the expected lines are exact.
process.env.TZ = 'UTC';
const time = '2026-12-07T12:01:02.345Z';

/** A pretty logger writing into an array, as a terminal would show it. */
function terminal(level = 'info') {
  const written: string[] = [];
  const log = createLogger({ level, format: 'pretty', destination: { write: (text: string) => void written.push(text) } });
  return { log, written, text: () => written.join('') };
}

describe('a log record as one pretty line', () => {
  it('a webhook: where from, what, which resource, its phase, the answer and how long it took', () => {
    const record = {
      level: 'info',
      time,
      pid: 1,
      hostname: 'h',
      reqId: 'req-1',
      provider: 'mkio',
      connection: 'demo',
      eventId: 'e-1',
      type: 'MediaKind.JobFinished',
      source: 'webhook',
      key: 'mkio:demo:job:t/job-42',
      phase: 'ready',
      status: 'accepted',
      ms: 4,
      msg: 'webhook',
    };
    expect(prettyLine(record)).toBe('12:01:02 ← mkio/demo MediaKind.JobFinished → mkio:demo:job:t/job-42 (ready) accepted 4 ms');
  });

  it("an action's outcome, done or failed, in one line each", () => {
    const common = { time, component: 'temporal', sdkComponent: 'activity', taskQueue: 'reelflow', activityType: 'runAction', workflowId: 'mkio:demo:job:t/job-42', taskToken: 'CiQw', attempt: 1 };
    expect(prettyLine({ ...common, level: 'info', msg: 'action done', action: 'publish', key: 'mkio:demo:job:t/job-42', outcome: 'locator loc-1 created' })).toBe(
      '12:01:02 action publish mkio:demo:job:t/job-42 → locator loc-1 created',
    );
    expect(
      prettyLine({ ...common, attempt: 3, level: 'warn', msg: 'action failed', action: 'hook', key: 'mkio:demo:job:t/job-42', failure: 'NotifyRejected: notify.http to http://x: HTTP 400' }),
    ).toBe('12:01:02 WARN action hook mkio:demo:job:t/job-42 failed (attempt 3): NotifyRejected: notify.http to http://x: HTTP 400');
  });

  it("an alert: the resource, its phase and its provider's state", () => {
    const line = prettyLine({
      level: 'warn',
      time,
      component: 'temporal',
      sdkComponent: 'activity',
      taskQueue: 'reelflow',
      attempt: 1,
      activityType: 'runAction',
      workflowId: 'k',
      workflowType: 'resourceLifecycle',
      key: 'mkio:demo:live:ch-1',
      phase: 'failed',
      state: 'UnableToStart',
      errors: [],
      msg: 'reelflow alert',
    });
    expect(line).toBe('12:01:02 WARN alert mkio:demo:live:ch-1 failed (UnableToStart)');
  });

  it('any other record: level, component, message and its fields; machine-only fields left out', () => {
    const line = prettyLine({
      level: 'warn',
      time,
      pid: 1,
      hostname: 'h',
      component: 'temporal',
      sdkComponent: 'worker',
      taskToken: 'CiQw',
      taskQueue: 'reelflow.poll.mkio',
      msg: 'Poll error',
      attempt: 3,
      detail: 'two words',
    });
    expect(line).toBe('12:01:02 WARN temporal › Poll error taskQueue=reelflow.poll.mkio attempt=3 detail="two words"');
  });

  it('stays one line whatever the message holds; long values are clipped', () => {
    const line = prettyLine({ level: 'info', time, msg: 'first\nsecond\r\nthird', note: 'x'.repeat(1000) });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('first ⏎ second ⏎ third');
    expect(line.length).toBeLessThan(400);
  });

  it('an unexpected error keeps its stack, indented below its line', () => {
    const { log, text } = terminal();
    log.error({ err: new TypeError('cannot read x of undefined') }, 'unexpected error');
    const [first, ...rest] = text().trimEnd().split('\n');
    expect(first).toMatch(/^\d\d:\d\d:\d\d ERROR unexpected error TypeError: cannot read x of undefined$/);
    expect(rest.length).toBeGreaterThan(0);
    expect(rest.every((line) => line.startsWith('    at '))).toBe(true);
  });

  it('colours only when asked (a terminal without NO_COLOR)', () => {
    const record = { level: 'warn', time, msg: 'inbox: Temporal does not answer' };
    expect(prettyLine(record)).not.toContain('\u001b[');
    expect(prettyLine(record, { color: true })).toContain('\u001b[33mWARN\u001b[0m');
  });
});

describe('the pretty format shows no more than the JSON one', () => {
  it('credential headers redacted, a query string dropped, as in the JSON lines', () => {
    const { log, text } = terminal('debug');
    const headers = { authorization: 'Basic c2VjcmV0', 'x-webhook-secret': 'hunter2-secret', 'content-type': 'application/json' };
    log.warn({ headers }, 'top level');
    log.warn({ delivery: { id: 1, headers } }, 'nested');
    log.info({ req: { method: 'POST', url: '/webhooks/mkio/demo?X-Webhook-Secret=hunter2-secret', id: 'r1' } }, 'incoming request');
    for (const secret of ['c2VjcmV0', 'hunter2-secret']) expect(text()).not.toContain(secret);
    expect(text()).toContain('[redacted]');
    expect(text()).toContain('→ POST /webhooks/mkio/demo?…');
  });

  it('an expected activity failure through the SDK adapter: one line, its type and message, no stack', () => {
    const { log, written } = terminal();
    temporalLogger(log, 'WARN').warn('Activity failed', {
      error: ApplicationFailure.nonRetryable('notify.http to http://127.0.0.1:9: HTTP 400: {"error":"no"}', 'NotifyRejected'),
      activityType: 'runAction',
      workflowId: 'mkio:demo:job:t/job-42',
      attempt: 1,
      durationMs: 12,
      taskToken: 'CiQwMWEyNGU4MS0wMDVi',
    });
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\d\d:\d\d:\d\d WARN activity runAction mkio:demo:job:t\/job-42 failed: NotifyRejected: notify.http to http:\/\/127.0.0.1:9: HTTP 400: \{"error":"no"\} 12 ms\n$/);
  });
});
