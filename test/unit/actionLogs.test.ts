import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActionActivities } from '../../activities/actions';
import { validateConfig } from '../../src/config/load';
import type { ActionContext } from '../../src/domain/actions';
import { createLogger } from '../../src/observability/logger';
import { temporalLogger } from '../../src/observability/temporalLogger';

const SECRET_PATH = '/T000/B000/hook-secret-path-1234';
const config = validateConfig(
  {
    actions: {
      hook: { type: 'notify.http', url: `https://hooks.example.com${SECRET_PATH}`, headers: { authorization: 'Bearer header-token-123456' } },
      pipeline: { type: 'startWorkflow', workflowType: 'teamPipeline' },
    },
  },
  'test',
);

const ctx = (actionName: string): ActionContext => ({
  idempotencyKey: `mkio:demo:job:t/job-42:e-1:${actionName}`,
  actionName,
  workflowId: 'mkio:demo:job:t/job-42',
  key: 'mkio:demo:job:t/job-42',
  provider: 'mkio',
  connection: 'demo',
  account: 'demo',
  kind: 'job',
  id: 't/job-42',
  transition: { eventId: 'e-1', type: 'MediaKind.JobFinished', state: 'Finished', phase: 'ready', occurredAt: '2026-12-07T12:00:00Z', receivedAt: '2026-12-07T12:00:01Z', via: 'webhook' },
});

/**
 * runAction in a real SDK Activity (the mock environment runs the SDK's own execute, with its
 * "Activity failed" line), logging through the product's adapter at WARN as `npm start` does.
 */
async function run(actionName: string, deps: { fetch?: typeof fetch; client?: Client }) {
  const lines: Array<Record<string, any>> = [];
  const root = createLogger({ level: 'trace', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const env = new MockActivityEnvironment({ activityType: 'runAction' }, { logger: temporalLogger(root, 'WARN') });
  const { runAction } = createActionActivities({ config, client: deps.client ?? ({} as Client), fetch: deps.fetch });
  const outcome = await env.run(runAction, { actionName, ctx: ctx(actionName) }).then(
    (value) => ({ value }),
    (error: Error) => ({ error }),
  );
  return { outcome, lines };
}

describe("an action's outcome in the log", () => {
  it('done: one info line naming the action, the resource and the outcome', async () => {
    const { outcome, lines } = await run('hook', { fetch: async () => new Response('ok', { status: 202 }) });
    expect(outcome).toEqual({ value: 'HTTP 202' });
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'action done', action: 'hook', key: 'mkio:demo:job:t/job-42', outcome: 'HTTP 202' })]);
  });

  it("an expected failure (the receiver's 400): one warning without a stack; the SDK's own line about it stays below WARN", async () => {
    const { outcome, lines } = await run('hook', { fetch: async () => new Response(`{"error":"no such hook ${SECRET_PATH}"}`, { status: 400 }) });
    expect(outcome).toEqual({ error: expect.objectContaining({ type: 'NotifyRejected' }) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'action failed',
        action: 'hook',
        key: 'mkio:demo:job:t/job-42',
        failure: expect.stringMatching(/^NotifyRejected: notify.http to https:\/\/hooks.example.com: HTTP 400/),
      }),
    );
    expect(lines[0]).not.toHaveProperty('err');
    const text = JSON.stringify(lines);
    expect(text).not.toContain('    at ');
    for (const secret of ['hook-secret-path-1234', 'header-token-123456']) expect(text).not.toContain(secret);
  });

  it('an unexpected error keeps its stack (through the SDK line), and no second line', async () => {
    const client = { workflow: { start: async () => Promise.reject(new TypeError('cannot read properties of undefined')) } } as unknown as Client;
    const { outcome, lines } = await run('pipeline', { client });
    expect(outcome).toEqual({ error: expect.any(TypeError) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toEqual(expect.objectContaining({ level: 'warn', msg: 'Activity failed', err: expect.objectContaining({ type: 'TypeError', stack: expect.stringContaining('    at ') }) }));
  });
});
