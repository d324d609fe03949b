import { Connection, WorkflowNotFoundError, Client } from '@temporalio/client';
import { stateQuery } from '../../workflows/messages';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { normalizeMkio } from '../../src/providers/mkio/normalize';
import { isMkioConnection } from '../../src/providers/mkio/connection';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { freePort } from '../../src/temporal/devServer';
import { eventually, unique } from '../support/temporal';
import { startStack, type Stack } from '../support/stack';

/**
 * The walking skeleton end to end: MK.IO webhooks → fastify ingress → signalWithStart →
 * entity workflow on a real Temporal dev server; visibility queries on our search attributes.
 */
describe('MK.IO job webhooks drive entity workflows', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) => stack.postWebhook(body, headers);

  const jobEvents = (job: string) => {
    const common = { project: stack.account, transform: 'encode-h264', job };
    return {
      started: jobCloudEvent({ ...common, type: 'MediaKind.JobStarted', previousState: 'Queued', state: 'Processing', time: new Date('2026-11-24T10:00:00Z') }),
      finished: jobCloudEvent({ ...common, type: 'MediaKind.JobFinished', previousState: 'Processing', state: 'Finished', time: new Date('2026-11-24T10:05:00Z') }),
      key: `mkio:${stack.account}:job:encode-h264/${job}`,
    };
  };

  const stateOf = (key: string) => stack.client.workflow.getHandle(key).query(stateQuery);

  it('JobStarted then JobFinished → phase ready, found by a visibility query on ReelflowPhase', async () => {
    const { started, finished, key } = jobEvents(unique('job'));
    const first = await post(started);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'accepted', eventId: started.id, workflowId: key, deliveryId: expect.any(Number) });
    expect((await post(finished)).json()).toMatchObject({ status: 'accepted', workflowId: key });

    const state = await eventually(async () => {
      const s = await stateOf(key);
      return s.transitions.length === 2 ? s : undefined;
    });
    expect(state).toMatchObject({ state: 'Finished', phase: 'ready', terminal: true, kind: 'job', account: stack.account });
    expect(state.transitions.map((t) => [t.previousState ?? null, t.state, t.via])).toEqual([
      [null, 'Processing', 'webhook'],
      ['Processing', 'Finished', 'webhook'],
    ]);

    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of stack.client.workflow.list({ query: `ReelflowPhase = "ready" AND ReelflowAccount = "${stack.account}"` })) ids.push(wf.workflowId);
      return ids.includes(key) ? ids : undefined;
    });
    expect(found).toContain(key);
    const description = await stack.client.workflow.getHandle(key).describe();
    expect(description.searchAttributes).toMatchObject({
      ReelflowProvider: ['mkio'],
      ReelflowKind: ['job'],
      ReelflowState: ['Finished'],
      ReelflowPhase: ['ready'],
      ReelflowAccount: [stack.account],
    });
  });

  it('the same event three times at once → one transition, two duplicates', async () => {
    const { started, key } = jobEvents(unique('job'));
    const answers = await Promise.all([post(started), post(started), post(started)]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.json().status).sort()).toEqual(['accepted', 'duplicate', 'duplicate']);
    const state = await eventually(async () => {
      const s = await stateOf(key);
      return s.counts.transitions === 1 ? s : undefined;
    });
    expect(state.transitions).toHaveLength(1);
    expect(state.counts.events).toBe(1);
  });

  it('a repeat that reaches the workflow anyway (ingress restarted) is deduped there', async () => {
    const { started, key } = jobEvents(unique('job'));
    await post(started);
    // A second dispatcher stands for a restarted ingress that has forgotten what it delivered.
    const fresh = configuredDispatcher(stack.client, stack.config);
    const connection = stack.config.connections[0];
    if (!isMkioConnection(connection)) throw new Error('expected the MK.IO test connection');
    const parsed = normalizeMkio(started, { connection, receivedAt: new Date() });
    if (parsed.outcome !== 'events') throw new Error('expected events');
    await fresh.deliver(parsed.events[0]!);
    const state = await eventually(async () => {
      const s = await stateOf(key);
      return s.counts.duplicates === 1 ? s : undefined;
    });
    expect(state.counts).toMatchObject({ transitions: 1, duplicates: 1 });
  });

  it('JobFinished then a late JobStarted → stays Finished, one stale recorded', async () => {
    const { started, finished, key } = jobEvents(unique('job'));
    expect((await post(finished)).statusCode).toBe(200);
    expect((await post(started)).statusCode).toBe(200);
    const state = await eventually(async () => {
      const s = await stateOf(key);
      return s.counts.events === 2 ? s : undefined;
    });
    expect(state).toMatchObject({ state: 'Finished', phase: 'ready', counts: { transitions: 1, stale: 1 } });
    expect(state.stale).toEqual([expect.objectContaining({ eventId: started.id, state: 'Processing', reason: 'terminal' })]);
  });

  it('a bad secret → 401 and no workflow', async () => {
    const { started, key } = jobEvents(unique('job'));
    const answer = await post(started, { 'x-webhook-secret': 'wrong' });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ error: 'unauthorized', detail: 'shared secret does not match' });
    await expect(stack.client.workflow.getHandle(key).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('broken JSON → 400 naming the body; a schema violation → 400 naming the field', async () => {
    const broken = await post('{"specversion":"1.0",');
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: 'invalid_payload', field: '(body)' });
    const { started } = jobEvents(unique('job'));
    const noId = await post({ ...started, id: undefined });
    expect(noId.statusCode).toBe(400);
    expect(noId.json()).toMatchObject({ error: 'invalid_payload', field: 'id' });
  });

  it('an oversized body → 413, a wrong media type → 415, unknown routes → 404', async () => {
    const big = await post({ pad: 'x'.repeat(stack.config.server.bodyLimitBytes) });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: 'payload_too_large' });
    const text = await stack.postWebhook('hi', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ error: 'unsupported_media_type' });
    expect((await stack.app.inject({ method: 'POST', url: '/webhooks/nope/test', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode).toBe(404);
    const unknownConnection = await stack.app.inject({ method: 'POST', url: '/webhooks/mkio/other', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(unknownConnection.statusCode).toBe(404);
    expect(unknownConnection.json()).toEqual({ error: 'not_found', detail: 'no mkio connection named "other"' });
  });

  it.each(['application/json; charset=utf-8', 'application/cloudevents+json; charset=UTF-8', 'Application/JSON'])('accepts Content-Type %s', async (contentType) => {
    const { started } = jobEvents(unique('job'));
    const answer = await post(started, { 'content-type': contentType });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'accepted' });
  });

  it('an untracked MK.IO event type → 200 ignored, no workflow', async () => {
    const answer = await post({ specversion: '1.0', id: unique('evt'), type: 'MediaKind.AssetCreated', source: `/api/v1/projects/${stack.account}/media/assets/a1`, data: {} });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'ignored', type: 'MediaKind.AssetCreated' });
  });
});

describe('when Temporal cannot be reached', () => {
  it("keeps the event and answers 202 spooled; the platform's retry is a duplicate; the process keeps running", async () => {
    const deadPort = await freePort();
    const stack = await startStack({
      signalTimeoutMs: 300,
      config: { inbox: { file: ':memory:', ackDeadline: '200ms' } },
      dispatcher: (_client, config) => configuredDispatcher(new Client({ connection: Connection.lazy({ address: `127.0.0.1:${deadPort}` }) }), config, 300),
    });
    try {
      const event = jobCloudEvent({ project: stack.account, transform: 't', job: 'j', type: 'MediaKind.JobStarted', state: 'Processing' });
      const first = await stack.postWebhook(event);
      expect(first.statusCode).toBe(202);
      expect(first.json()).toMatchObject({ status: 'spooled', eventId: event.id, workflowId: `mkio:${stack.account}:job:t/j`, deliveryId: expect.any(Number) });
      expect((await stack.postWebhook(event)).json()).toMatchObject({ status: 'duplicate', deliveryId: first.json().deliveryId });
      expect((await stack.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await stack.stop();
    }
  });
});
