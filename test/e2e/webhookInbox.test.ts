import { openSqliteInbox } from '../../src/inbox/sqliteStore';
import type { InboxStore } from '../../src/inbox/types';
import { MAX_EVENT_DEPTH } from '../../src/ingress/eventLimits';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { startStack, type Stack } from '../support/stack';
import { unique } from '../support/temporal';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the inbox keeps of each request, and what it refuses before keeping anything. */
describe('webhooks through the inbox', () => {
  const SECRET = 'inbox-shared-secret-5c2b';
  let stack: Stack;
  let inbox: InboxStore;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'inbox-e2e-')), 'inbox.sqlite');
    stack = await startStack({ config: { inbox: { file, ackDeadline: '10s' } }, connection: { secret: SECRET, secretQueryParam: 'token' } });
    // A second handle on the same file, as the CLI opens it.
    inbox = openSqliteInbox({ file, synchronous: 'full', busyTimeout: 1000 });
  });
  afterAll(async () => {
    await inbox.close();
    await stack.stop();
  });

  const started = (job = unique('job')) => jobCloudEvent({ project: stack.account, transform: 't', job, type: 'MediaKind.JobStarted', state: 'Processing' });
  const postRaw = (payload: string | Buffer, url = `/webhooks/mkio/test`, headers: Record<string, string> = { 'x-webhook-secret': SECRET }) =>
    stack.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });

  it('stores the accepted event with its workflow and run, and a body and headers without the secret', async () => {
    const event = started();
    const answer = await postRaw(JSON.stringify({ ...event, data: { ...event.data, note: `echo ${SECRET}` } }), `/webhooks/mkio/test?token=${SECRET}`, {
      'x-webhook-secret': SECRET,
      authorization: 'Bearer abc-def-ghi-jkl',
    });
    expect(answer.statusCode).toBe(200);
    const { deliveryId, workflowId } = answer.json();
    const row = await inbox.get(deliveryId);
    expect(row).toMatchObject({ status: 'delivered', eventId: event.id, workflowId, runId: expect.any(String), resourceKey: workflowId, attempts: 1 });
    expect(row!.event).toMatchObject({ eventId: event.id, key: workflowId });
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(row!.body).toContain('echo [redacted]');
    expect(row!.headers).not.toHaveProperty('x-webhook-secret');
    expect(row!.headers).not.toHaveProperty('authorization');
    expect(row!.headers).toHaveProperty('content-type', 'application/json');
  });

  it('a repeat is answered duplicate from the inbox and counted on the first row', async () => {
    const event = started();
    const first = (await stack.postWebhook(event)).json();
    const again = await stack.postWebhook(event);
    expect(again.json()).toEqual({ status: 'duplicate', eventId: event.id, workflowId: first.workflowId, deliveryId: first.deliveryId });
    expect(await inbox.get(first.deliveryId)).toMatchObject({ duplicates: 1, status: 'delivered' });
  });

  it('keeps an ignored event as such', async () => {
    const answer = await stack.postWebhook({ specversion: '1.0', id: unique('evt'), type: 'MediaKind.SomethingNew', source: `/api/v1/projects/${stack.account}/x/y`, data: {} });
    expect(answer.json()).toMatchObject({ status: 'ignored' });
    expect(await inbox.get(answer.json().deliveryId)).toMatchObject({ status: 'ignored', type: 'MediaKind.SomethingNew' });
  });

  it('keeps a rejected request as an audit row, with its reason and without its body', async () => {
    const before = (await inbox.counts()).rejected;
    const payload = JSON.stringify(started());
    expect((await postRaw(payload, '/webhooks/mkio/test', { 'x-webhook-secret': `${SECRET}-wrong` })).statusCode).toBe(401);
    expect((await postRaw('{"specversion":"1.0"', '/webhooks/mkio/test')).statusCode).toBe(400);
    const rows = (await inbox.list({ status: 'rejected' }, { limit: 2 })).items;
    expect((await inbox.counts()).rejected).toBe(before + 2);
    expect(rows.map((r) => r.httpStatus)).toEqual([400, 401]);
    expect(rows[0]!.reason).toMatch(/malformed JSON/);
    const full = await inbox.get(rows[1]!.id);
    expect(full).toMatchObject({ body: undefined, event: undefined, eventId: undefined });
    expect(JSON.stringify(full)).not.toContain(SECRET);
  });

  it('refuses with a 4xx, before storing, what Temporal could never take', async () => {
    const before = await inbox.counts();
    // Written as text: even JSON.stringify overflows on 5,000 levels.
    const deep = `${'{"nested":'.repeat(5000)}{}${'}'.repeat(5000)}`;
    const event = started();
    const body = JSON.stringify({ ...event, data: { ...event.data, resource: { ...(event.data as { resource: object }).resource, properties: 'DEEP' } } });
    const tooDeep = await postRaw(body.replace('"DEEP"', deep));
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json()).toMatchObject({ error: 'invalid_payload', field: 'data.resource', detail: expect.stringContaining(`deeper than ${MAX_EVENT_DEPTH}`) });

    // 700 KB of invalid UTF-8 would have grown to over 2 MB on its way to Temporal.
    const invalid = Buffer.concat([Buffer.from(JSON.stringify(started()).slice(0, -1) + ',"pad":"'), Buffer.alloc(700 * 1024, 0xff), Buffer.from('"}')]);
    const notUtf8 = await postRaw(invalid);
    expect(notUtf8.statusCode).toBe(400);
    expect(notUtf8.json().detail).toMatch(/UTF-8/);

    const big = started();
    const tooBig = await postRaw(JSON.stringify({ ...big, data: { ...big.data, resource: { ...(big.data as { resource: object }).resource, padding: 'x'.repeat(600 * 1024) } } }));
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ error: 'payload_too_large', detail: expect.stringContaining('once normalized') });

    const after = await inbox.counts();
    expect(after.pending + after.delivered).toBe(before.pending + before.delivered);
    expect(after.rejected).toBe(before.rejected + 3);
  });
});
