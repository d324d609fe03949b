import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import { idempotencyKey, transitionSummary, type ActionContext } from '../../src/domain/actions';
import type { Transition } from '../../src/domain/lifecycle';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from '../../activities/notify/deliveryErrors';
import { sendHttpNotification } from '../../activities/notify/httpNotify';
import { HttpNotifySpec, SlackNotifySpec } from '../../activities/notify/schemas';
import { sendSlackNotification, slackText } from '../../activities/notify/slackNotify';
import { startHttpRecorder } from '../support/httpRecorder';

// ---- a real receiver on 127.0.0.1 -------------------------------------------------------------

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer: for timeouts. */
  hang?: boolean;
}
interface Receiver {
  /** Base URL with a secret-looking path and query, which must never reach an error message. */
  url: string;
  received: Received[];
  answer(next: Answer): void;
  close(): Promise<void>;
}

const SECRET_PATH = '/hooks/T0PATHSECRET/B0PATHSECRET';
const SECRET_QUERY = 'token=querysecret-123456';

async function startReceiver(): Promise<Receiver> {
  let answer: Answer = { status: 200, body: 'ok' };
  const recorder = await startHttpRecorder(() => answer);
  return {
    url: `${recorder.url}${SECRET_PATH}?${SECRET_QUERY}`,
    // The recorder's requests carry url, headers and body, all this test reads.
    received: recorder.requests,
    answer: (next) => {
      answer = next;
    },
    close: () => recorder.close(),
  };
}

/** A port nothing listens on: bind one, then let it go. */
async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${SECRET_PATH}`;
}

// ---- fixtures ---------------------------------------------------------------------------------

const SECRET = `whsec_${Buffer.from('reelflow-test-signing-key-32byte').toString('base64')}`;
const WORKFLOW_ID = 'mkio:acme:job:encode-h264/job-42';

function context(transition: Partial<Transition> = {}): ActionContext {
  const t: Transition = {
    eventId: 'evt-7',
    type: 'Microsoft.Media.JobStateChange',
    state: 'Finished',
    phase: 'ready',
    previousState: 'Processing',
    previousPhase: 'processing',
    occurredAt: '2025-05-01T10:00:00.000Z',
    receivedAt: '2025-05-01T10:00:01.000Z',
    via: 'webhook',
    ...transition,
  };
  return {
    idempotencyKey: idempotencyKey(WORKFLOW_ID, t.eventId, 'notify-team'),
    actionName: 'notify-team',
    workflowId: WORKFLOW_ID,
    key: WORKFLOW_ID,
    provider: 'mkio',
    connection: 'main',
    account: 'acme',
    kind: 'job',
    id: 'encode-h264/job-42',
    transition: t,
  };
}

const httpSpec = (url: string, extra: Record<string, unknown> = {}): HttpNotifySpec => HttpNotifySpec.parse({ type: 'notify.http', url, ...extra });

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

/** Failure messages end up in history, logs and UIs: nothing secret may be in them. */
function expectNoSecrets(message: string): void {
  for (const secret of ['PATHSECRET', 'querysecret', SECRET, SECRET.slice('whsec_'.length), 'Bearer', 'hdr-secret-value']) {
    expect(message).not.toContain(secret);
  }
}

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

// ---- notify.http ------------------------------------------------------------------------------

describe('notify.http', () => {
  it('POSTs the transition summary signed with Standard Webhooks headers that verify', async () => {
    const ctx = context();
    const spec = httpSpec(receiver.url, { secret: SECRET, headers: { 'X-Team': 'video' } });
    const result = await sendHttpNotification(spec, ctx);

    expect(result).toEqual({ status: 200, messageId: ctx.idempotencyKey });
    const [request] = receiver.received;
    if (!request) throw new Error('nothing received');
    expect(request.url).toBe(`${SECRET_PATH}?${SECRET_QUERY}`);
    expect(request.body).toBe(JSON.stringify(transitionSummary(ctx)));
    expect(new Webhook(SECRET).verify(request.body, request.headers as Record<string, string>)).toEqual(transitionSummary(ctx));
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': ctx.idempotencyKey,
      'webhook-id': ctx.idempotencyKey,
      'user-agent': 'Reelflow',
      'x-team': 'video',
    });
    expect(request.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('sends no signature without a secret, but still the id, timestamp and idempotency key', async () => {
    const ctx = context();
    await sendHttpNotification(httpSpec(receiver.url), ctx, { now: () => new Date('2025-05-01T10:00:05.900Z') });

    const headers = receiver.received[0]?.headers;
    expect(headers?.['webhook-signature']).toBeUndefined();
    expect(headers?.['webhook-id']).toBe(ctx.idempotencyKey);
    expect(headers?.['idempotency-key']).toBe(ctx.idempotencyKey);
    expect(headers?.['webhook-timestamp']).toBe(String(Date.parse('2025-05-01T10:00:05Z') / 1000));
  });

  it('sends the same webhook-id when the same context is retried, re-signed for the new time', async () => {
    const ctx = context();
    const spec = httpSpec(receiver.url, { secret: SECRET });
    const first = new Date();
    await sendHttpNotification(spec, ctx, { now: () => first });
    await sendHttpNotification(spec, ctx, { now: () => new Date(first.getTime() + 30_000) });

    const [a, b] = receiver.received;
    expect(a?.headers['webhook-id']).toBe(ctx.idempotencyKey);
    expect(b?.headers['webhook-id']).toBe(ctx.idempotencyKey);
    expect(Number(b?.headers['webhook-timestamp']) - Number(a?.headers['webhook-timestamp'])).toBe(30);
    for (const request of [a, b]) expect(() => new Webhook(SECRET).verify(request?.body ?? '', request?.headers as Record<string, string>)).not.toThrow();
  });

  it('lets configured headers replace the user agent but not the protocol headers', async () => {
    const ctx = context();
    const headers = { 'User-Agent': 'acme-relay', 'Webhook-Id': 'forged', 'Idempotency-Key': 'forged', 'Content-Type': 'text/plain' };
    await sendHttpNotification(httpSpec(receiver.url, { headers }), ctx);

    expect(receiver.received[0]?.headers).toMatchObject({
      'user-agent': 'acme-relay',
      'webhook-id': ctx.idempotencyKey,
      'idempotency-key': ctx.idempotencyKey,
      'content-type': 'application/json',
    });
  });

  it('includes output errors in the summary when given', async () => {
    const errors = [{ code: 'ContentMalformed', message: 'bad input' }];
    await sendHttpNotification(httpSpec(receiver.url), context({ state: 'Error', phase: 'failed' }), { errors });
    expect(JSON.parse(receiver.received[0]?.body ?? '{}').errors).toEqual(errors);
  });

  it.each([
    [500, 'NotifyRetryable', false],
    [502, 'NotifyRetryable', false],
    [503, 'NotifyRetryable', false],
    [408, 'NotifyRetryable', false],
    [429, 'NotifyRetryable', false],
    [400, 'NotifyRejected', true],
    [401, 'NotifyRejected', true],
    [404, 'NotifyRejected', true],
    [410, 'NotifyRejected', true],
  ])('answers %i → %s (nonRetryable %s), naming status and origin only', async (status, type, nonRetryable) => {
    receiver.answer({ status, body: 'nope' });
    const spec = httpSpec(receiver.url, { secret: SECRET, headers: { Authorization: 'Bearer hdr-secret-value' } });
    const failure = await failureOf(sendHttpNotification(spec, context()));

    expect(failure.type).toBe(type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toContain(`HTTP ${status}`);
    expect(failure.message).toContain(new URL(receiver.url).origin);
    expect(failure.message).toContain('nope');
    expectNoSecrets(failure.message);
  });

  it('turns 429 with Retry-After: 3 into a BENIGN failure that asks Temporal to wait 3 s', async () => {
    receiver.answer({ status: 429, headers: { 'Retry-After': '3' } });
    const failure = await failureOf(sendHttpNotification(httpSpec(receiver.url), context()));

    expect(failure.type).toBe('NotifyRateLimited');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(3000);
    expect(failure.category).toBe(ApplicationFailureCategory.BENIGN);
  });

  it('reads Retry-After as an HTTP date on 503', async () => {
    const now = new Date('2025-05-01T10:00:00Z');
    receiver.answer({ status: 503, headers: { 'Retry-After': 'Thu, 01 May 2025 10:01:30 GMT' } });
    const failure = await failureOf(sendHttpNotification(httpSpec(receiver.url), context(), { now: () => now }));

    expect(failure.type).toBe('NotifyRateLimited');
    expect(failure.nextRetryDelay).toBe(90_000);
  });

  it('does not follow redirects: a 3xx is a configuration problem', async () => {
    receiver.answer({ status: 302, headers: { location: 'http://127.0.0.1:1/elsewhere' } });
    const failure = await failureOf(sendHttpNotification(httpSpec(receiver.url), context()));

    expect(failure.type).toBe('NotifyRejected');
    expect(failure.nonRetryable).toBe(true);
    expect(receiver.received).toHaveLength(1);
  });

  it('keeps at most 500 chars of the body and redacts secrets a receiver echoes back', async () => {
    receiver.answer({ status: 400, body: `echo: Bearer hdr-secret-value ${SECRET} ${SECRET_PATH}\n${'x'.repeat(100_000)}` });
    const spec = httpSpec(receiver.url, { secret: SECRET, headers: { Authorization: 'Bearer hdr-secret-value' } });
    const failure = await failureOf(sendHttpNotification(spec, context()));

    expect(failure.message).toMatch(/^notify\.http to http:\/\/127\.0\.0\.1:\d+: HTTP 400: echo: \[redacted\] \[redacted\] \[redacted\] x+$/);
    expect(failure.message.length).toBeLessThan(600);
    expectNoSecrets(failure.message);
  });

  it('retries a refused connection', async () => {
    const url = await refusedUrl();
    const failure = await failureOf(sendHttpNotification(httpSpec(url, { secret: SECRET }), context()));

    expect(failure.type).toBe('NotifyRetryable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toMatch(/network error \(ECONNREFUSED\)/);
    expectNoSecrets(failure.message);
  });

  it('retries a receiver that does not answer within the timeout', async () => {
    receiver.answer({ status: 200, hang: true });
    const started = Date.now();
    const failure = await failureOf(sendHttpNotification(httpSpec(receiver.url, { timeout: 200 }), context()));

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failure.type).toBe('NotifyRetryable');
    expect(failure.nonRetryable).toBe(false);
    expect(failure.message).toMatch(/timed out/);
    expectNoSecrets(failure.message);
  });

  it("rethrows the caller's cancellation as is, not as a delivery failure", async () => {
    receiver.answer({ status: 200, hang: true });
    const controller = new AbortController();
    const cancelled = new Error('activity cancelled');
    setTimeout(() => controller.abort(cancelled), 50);
    await expect(sendHttpNotification(httpSpec(receiver.url), context(), { signal: controller.signal })).rejects.toBe(cancelled);
  });

  it('fails a header value fetch refuses without retrying and without quoting it', async () => {
    const spec = httpSpec(receiver.url, { headers: { Authorization: 'Bearer hdr-secret-value\nInjected: yes' } });
    const failure = await failureOf(sendHttpNotification(spec, context()));

    expect(failure.type).toBe('NotifyMisconfigured');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('header "Authorization"');
    expectNoSecrets(failure.message);
    expect(receiver.received).toHaveLength(0);
  });
});

// ---- notify.slack -----------------------------------------------------------------------------

describe('notify.slack', () => {
  it('writes one readable line for a ready job', () => {
    expect(slackText(context())).toBe(':white_check_mark: mkio job encode-h264/job-42 (acme) → Finished (ready) via webhook');
  });

  it('adds each error of a failed job, escaped for Slack', () => {
    const ctx = context({ state: 'Error', phase: 'failed', via: 'poll' });
    const text = slackText(ctx, [{ code: 'ContentMalformed', message: 'input <main.mp4> & co' }, { message: 'no code' }, { code: 'OnlyCode' }]);
    expect(text).toBe([':x: mkio job encode-h264/job-42 (acme) → Error (failed) via poll', '• ContentMalformed: input &lt;main.mp4&gt; &amp; co', '• no code', '• OnlyCode'].join('\n'));
  });

  it.each([
    ['canceled', ':no_entry_sign:'],
    ['stalled', ':hourglass:'],
    ['needs-attention', ':warning:'],
    ['processing', ':arrows_counterclockwise:'],
  ] as const)('marks %s with %s', (phase, emoji) => {
    expect(slackText(context({ phase }))).toMatch(new RegExp(`^${emoji} `));
  });

  it('caps a long error list', () => {
    const errors = Array.from({ length: 15 }, (_, i) => ({ code: `E${i}`, message: 'm'.repeat(1000) }));
    const lines = slackText(context({ phase: 'failed' }), errors).split('\n');
    expect(lines).toHaveLength(1 + 10 + 1);
    expect(lines.at(-1)).toBe('… and 5 more');
    expect(lines[1]?.length).toBeLessThan(320);
  });

  it('POSTs { text, channel } as JSON to the webhook URL', async () => {
    const spec = SlackNotifySpec.parse({ type: 'notify.slack', webhookUrl: receiver.url, channel: '#video' });
    await expect(sendSlackNotification(spec, context())).resolves.toEqual({ status: 200 });

    const request = receiver.received[0];
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ text: slackText(context()), channel: '#video' });
  });

  it("keeps Slack's refusal but not the webhook path in the error", async () => {
    receiver.answer({ status: 404, body: 'no_service' });
    const spec = SlackNotifySpec.parse({ type: 'notify.slack', webhookUrl: receiver.url });
    const failure = await failureOf(sendSlackNotification(spec, context()));

    expect(failure.type).toBe('NotifyRejected');
    expect(failure.message).toMatch(/^notify\.slack to http:\/\/127\.0\.0\.1:\d+: HTTP 404: no_service$/);
    expectNoSecrets(failure.message);
  });

  it('waits as Slack asks on 429', async () => {
    receiver.answer({ status: 429, headers: { 'Retry-After': '30' }, body: 'rate_limited' });
    const spec = SlackNotifySpec.parse({ type: 'notify.slack', webhookUrl: receiver.url });
    const failure = await failureOf(sendSlackNotification(spec, context()));

    expect(failure).toMatchObject({ type: 'NotifyRateLimited', nextRetryDelay: 30_000, category: 'BENIGN' });
  });
});

// ---- Retry-After and schemas ------------------------------------------------------------------

describe('Retry-After', () => {
  const now = new Date('2025-05-01T10:00:00Z');
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 May 2025 10:00:10 GMT', 10_000],
    ['Thu, 01 May 2025 09:00:00 GMT', 0],
    ['999999', MAX_RETRY_AFTER_MS],
    ['3.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%p → %p ms', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});

describe('notify specs', () => {
  const pathsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) => result.error?.issues.map((issue) => issue.path.join('.'));

  it('fills defaults', () => {
    expect(HttpNotifySpec.parse({ type: 'notify.http', url: 'https://hooks.example.com/x' })).toEqual({
      type: 'notify.http',
      url: 'https://hooks.example.com/x',
      headers: {},
      timeout: 10_000,
    });
    expect(SlackNotifySpec.parse({ type: 'notify.slack', webhookUrl: 'https://hooks.slack.com/services/T/B/X' }).timeout).toBe(10_000);
  });

  it.each([
    [{ secret: 'not-a-secret' }, ['secret']],
    [{ secret: 'whsec_abc' }, ['secret']], // matches the regex but is not base64
    [{ url: 'not a url' }, ['url']],
    [{ url: 'ftp://files.example.com/x' }, ['url']],
    [{ url: 'https://user:pass@hooks.example.com/x' }, ['url']],
    [{ timeout: 0 }, ['timeout']],
    [{ headers: { 'X-Count': 3 } }, ['headers.X-Count']],
  ])('rejects %p at %p', (override, paths) => {
    expect(pathsOf(HttpNotifySpec.safeParse({ type: 'notify.http', url: 'https://hooks.example.com/x', ...override }))).toEqual(paths);
  });

  it('never echoes a rejected secret', () => {
    const result = HttpNotifySpec.safeParse({ type: 'notify.http', url: 'https://h.example.com', secret: 'whsec_abc!topsecret' });
    expect(JSON.stringify(result.error?.issues)).not.toContain('topsecret');
  });

  it('rejects a Slack spec without a usable webhook URL', () => {
    expect(pathsOf(SlackNotifySpec.safeParse({ type: 'notify.slack', webhookUrl: 'hooks.slack.com/services/x' }))).toEqual(['webhookUrl']);
  });
});
