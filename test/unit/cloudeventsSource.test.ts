import { CloudEvent, emitterFor, HTTP, Mode, type Message } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { cloudevents } from '../../src/providers/cloudevents';
import { CloudEventsConnection } from '../../src/providers/cloudevents/connection';
import { MAX_BATCH_EVENTS } from '../../src/providers/cloudevents/envelope';
import type { ParseOutcome, WebhookRequest } from '../../src/providers/types';
import { connectionSecrets } from '../../src/inbox/redact';
import { cloudEventsRequest, jobCloudEvent } from '../../src/simulators/cloudevents/cloudEvents';
import { TRANSCODER_MAPPING } from '../../src/simulators/cloudevents/module';
import { reasonOf } from '../support/verification';
import { payloadErrorOf } from '../support/payloadError';

const adapter = cloudevents.adapter;
const SECRET = 'transcoder-shared-secret-1';
const NEXT_SECRET = 'transcoder-shared-secret-2';
const SIGNING_KEY = `whsec_${Buffer.from('a transcoder signing key, 32 b!').toString('base64')}`;

const connectionWith = (verify: unknown, extra: Record<string, unknown> = {}) =>
  CloudEventsConnection.parse({ name: 'transcoder', provider: 'cloudevents', verify, mapping: TRANSCODER_MAPPING, ...extra });
const sharedSecret = connectionWith({ secretHeader: 'X-Transcoder-Secret', secret: [SECRET, NEXT_SECRET] });
const signed = connectionWith({ standardWebhooks: SIGNING_KEY });

const jobEvent = (status: string, extra: Record<string, unknown> = {}) =>
  new CloudEvent({ type: 'com.acme.transcode.job.updated', source: '//transcoder.acme.example', subject: 'job-42', data: { status, progress: 50 }, ...extra });

/** What the SDK's own emitter hands its transport in a mode: the exact headers and body it would send. */
async function emitted(event: CloudEvent<unknown>, mode: Mode.BINARY | Mode.STRUCTURED): Promise<Message> {
  let sent: Message | undefined;
  const emit = emitterFor(
    async (message) => {
      sent = message;
    },
    { binding: HTTP, mode },
  );
  await emit(event);
  return sent!;
}

/** The SDK has no batch serializer (its emitter takes binary or structured): a batch is its events' JSON in an array. */
const batchOf = (events: Array<CloudEvent<unknown>>): Message => ({ headers: { 'content-type': 'application/cloudevents-batch+json' }, body: JSON.stringify(events) });

const requestOf = (message: Message, extra: Record<string, string> = {}): WebhookRequest => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...message.headers, ...extra })) headers[name.toLowerCase()] = String(value);
  return { rawBody: Buffer.from(String(message.body)), headers, query: {} };
};

/** As the ingress does: verify the bytes, parse the JSON, hand both to the adapter. */
function receive(request: WebhookRequest, connection = sharedSecret, proof: Record<string, string> = { 'x-transcoder-secret': SECRET }): ParseOutcome {
  const withProof = { ...request, headers: { ...request.headers, ...proof } };
  adapter.verify(withProof, connection);
  return adapter.parse(JSON.parse(request.rawBody.toString('utf8')), withProof, { connection, receivedAt: new Date('2026-01-15T10:30:00Z') });
}

const eventsOf = (outcome: ParseOutcome) => {
  if (outcome.outcome !== 'events') throw new Error(`expected events, got ${JSON.stringify(outcome)}`);
  return outcome.events;
};

describe('CloudEvents: the SDK emitter in each mode', () => {
  it.each([Mode.BINARY, Mode.STRUCTURED] as const)('%s mode: one job event, mapped', async (mode) => {
    const event = jobEvent('complete');
    const [canonical, ...rest] = eventsOf(receive(requestOf(await emitted(event, mode))));
    expect(rest).toHaveLength(0);
    expect(canonical).toMatchObject({
      provider: 'cloudevents',
      connection: 'transcoder',
      account: 'transcoder',
      // The spec makes only source + id unique: both are in the dedupe id.
      eventId: `//transcoder.acme.example#${event.id}`,
      eventIdSource: 'provider',
      type: 'com.acme.transcode.job.updated',
      key: 'cloudevents:transcoder:job:job-42',
      kind: 'job',
      id: 'job-42',
      state: 'complete',
      phase: 'ready',
      occurredAt: new Date(event.time!).toISOString(),
      source: '//transcoder.acme.example',
      resource: { status: 'complete', progress: 50 },
      via: 'webhook',
    });
  });

  it('batch mode: every event of the batch, in order, each with its own id', () => {
    const events = [jobEvent('queued'), jobEvent('transcoding'), jobEvent('error', { subject: 'job-43' })];
    const canonical = eventsOf(receive(requestOf(batchOf(events))));
    expect(canonical.map((e) => [e.eventId, e.key, e.state, e.phase])).toEqual([
      [`//transcoder.acme.example#${events[0]!.id}`, 'cloudevents:transcoder:job:job-42', 'queued', 'pending'],
      [`//transcoder.acme.example#${events[1]!.id}`, 'cloudevents:transcoder:job:job-42', 'transcoding', 'processing'],
      [`//transcoder.acme.example#${events[2]!.id}`, 'cloudevents:transcoder:job:job-43', 'error', 'failed'],
    ]);
  });

  it('batch mode: an event the mapping does not cover is left out with a note', () => {
    const invoice = new CloudEvent({ type: 'com.acme.billing.invoice.paid', source: '//billing', subject: 'inv-1', data: {} });
    const outcome = receive(requestOf(batchOf([invoice, jobEvent('queued')])));
    expect(eventsOf(outcome).map((e) => e.state)).toEqual(['queued']);
    expect(outcome.outcome === 'events' && outcome.notes).toEqual(['[0] com.acme.billing.invoice.paid: type "com.acme.billing.invoice.paid" is not in mapping.kind.map (ignored)']);
  });

  it('a batch none of whose events is covered is ignored, as a single untracked event is', async () => {
    const invoice = new CloudEvent({ type: 'com.acme.billing.invoice.paid', source: '//billing', subject: 'inv-1', data: {} });
    expect(receive(requestOf(batchOf([invoice, invoice.cloneWith({ id: 'other' })])))).toMatchObject({
      outcome: 'ignored',
      eventId: `//billing#${invoice.id}`,
      reason: expect.stringMatching(/^none of the batch's 2 events is tracked/),
    });
    expect(receive(requestOf(await emitted(invoice, Mode.BINARY)))).toEqual({
      outcome: 'ignored',
      eventId: `//billing#${invoice.id}`,
      type: 'com.acme.billing.invoice.paid',
      reason: 'type "com.acme.billing.invoice.paid" is not in mapping.kind.map',
    });
  });

  it('the same id from two sources is two events; the dedupe id says both', () => {
    const fromA = jobEvent('queued', { id: 'evt-1', source: '//a.example' });
    const fromB = jobEvent('transcoding', { id: 'evt-1', source: '//b.example' });
    expect(eventsOf(receive(requestOf(batchOf([fromA, fromB])))).map((e) => e.eventId)).toEqual(['//a.example#evt-1', '//b.example#evt-1']);
  });

  it.each([
    ['a source with "#" (it could not be split back)', { source: '//a.example/x#y', id: 'evt-1' }],
    ['a pair over 300 characters', { source: `//a.example/${'s'.repeat(250)}`, id: 'e'.repeat(60) }],
  ])('%s: the dedupe id is a sha256 of both', (_name, attributes) => {
    const [canonical] = eventsOf(receive(requestOf(batchOf([jobEvent('queued', attributes)]))));
    expect(canonical!.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const [sameIdOtherSource] = eventsOf(receive(requestOf(batchOf([jobEvent('queued', { ...attributes, source: `${attributes.source}2` })]))));
    expect(sameIdOtherSource!.eventId).not.toBe(canonical!.eventId);
  });

  it('an empty batch is ignored', () => {
    expect(receive(requestOf(batchOf([])))).toMatchObject({ outcome: 'ignored', type: '(empty batch)' });
  });

  it('an unlisted state word keeps a job processing, with a note', async () => {
    const outcome = receive(requestOf(await emitted(jobEvent('muxing'), Mode.STRUCTURED)));
    expect(eventsOf(outcome)[0]).toMatchObject({ state: 'muxing', phase: 'processing' });
    expect(outcome.outcome === 'events' && outcome.notes).toEqual([expect.stringContaining('data.status "muxing" is not in mapping.phases.job: taken as processing')]);
  });

  it('binary mode: percent-encoded attribute values are decoded', async () => {
    const message = await emitted(jobEvent('queued'), Mode.BINARY);
    const [canonical] = eventsOf(receive(requestOf(message, { 'ce-subject': 'encode%2Fjob-42' })));
    expect(canonical).toMatchObject({ id: 'encode/job-42', key: 'cloudevents:transcoder:job:encode/job-42' });
  });

  it('a structured event sent as plain application/json is still read (some senders do)', async () => {
    const message = await emitted(jobEvent('queued'), Mode.STRUCTURED);
    const [canonical] = eventsOf(receive(requestOf({ ...message, headers: { 'content-type': 'application/json' } })));
    expect(canonical!.state).toBe('queued');
  });
});

describe('CloudEvents: errors name the field as the mode carries it', () => {
  const fieldOf = (run: () => unknown): string => {
    const { field, detail } = payloadErrorOf(run);
    return `${field}: ${detail}`;
  };

  it.each<[string, () => Promise<Message> | Message, RegExp]>([
    ['binary: no subject (the mapped id)', async () => requestWithout(await emitted(jobEvent('queued'), Mode.BINARY), 'ce-subject'), /^ce-subject: required by mapping\.id/],
    ['binary: no ce-type', async () => requestWithout(await emitted(jobEvent('queued'), Mode.BINARY), 'ce-type'), /^ce-type: /],
    ['binary: no data.status', async () => emitted(jobEvent('queued', { data: { progress: 1 } }), Mode.BINARY), /^data\.status: required by mapping\.state/],
    ['structured: no data.status', async () => emitted(jobEvent('queued', { data: { progress: 1 } }), Mode.STRUCTURED), /^data\.status: required by mapping\.state/],
    ['structured: spec version 0.3', async () => emitted(jobEvent('queued', { specversion: '0.3' }), Mode.STRUCTURED), /^specversion: CloudEvents 1\.x expected/],
    ['batch: the second event has no data.status', () => batchOf([jobEvent('queued'), jobEvent('queued', { data: {} })]), /^\[1\]\.data\.status: required by mapping\.state/],
    ['batch: the first is not an event', () => ({ headers: { 'content-type': 'application/cloudevents-batch+json' }, body: '[{"id":"x"}]' }), /^\[0\]\.specversion: /],
    ['batch: not an array', () => ({ headers: { 'content-type': 'application/cloudevents-batch+json' }, body: '{}' }), /^\(body\): a batch .* is a JSON array/],
    ['batch: too many', () => batchOf(Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => jobEvent('queued'))), /^\(body\): a batch of 101 events; at most 100$/],
    ['not a CloudEvent at all', () => ({ headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' }), /^ce-specversion: not a CloudEvent/],
  ])('%s', async (_name, build, expected) => {
    const message = await build();
    expect(fieldOf(() => receive(requestOf(message)))).toMatch(expected);
  });

  function requestWithout(message: Message, header: string): Message {
    const { [header]: _dropped, ...headers } = message.headers;
    return { ...message, headers };
  }
});

describe('CloudEvents: verification', () => {
  const structured = async () => requestOf(await emitted(jobEvent('queued'), Mode.STRUCTURED));

  it('a shared secret in the configured header, either of a rotation', async () => {
    const request = await structured();
    expect(reasonOf(() => adapter.verify({ ...request, headers: { ...request.headers, 'x-transcoder-secret': SECRET } }, sharedSecret))).toBeUndefined();
    expect(reasonOf(() => adapter.verify({ ...request, headers: { ...request.headers, 'x-transcoder-secret': NEXT_SECRET } }, sharedSecret))).toBeUndefined();
    expect(reasonOf(() => adapter.verify({ ...request, headers: { ...request.headers, 'x-transcoder-secret': 'guess' } }, sharedSecret))).toBe('shared secret does not match');
    expect(reasonOf(() => adapter.verify(request, sharedSecret))).toBe('missing X-Transcoder-Secret header');
    // A repeated header: its first value is the one compared.
    expect(reasonOf(() => adapter.verify({ ...request, headers: { ...request.headers, 'x-transcoder-secret': [SECRET, 'guess'] } }, sharedSecret))).toBeUndefined();
    expect(reasonOf(() => adapter.verify({ ...request, headers: { ...request.headers, 'x-transcoder-secret': ['guess', SECRET] } }, sharedSecret))).toBe('shared secret does not match');
  });

  it('a Standard Webhooks signature over the exact bytes, signed by the library', async () => {
    const request = await structured();
    const body = request.rawBody.toString('utf8');
    const at = new Date();
    const proof = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(SIGNING_KEY).sign('msg_1', at, body) };
    expect(reasonOf(() => adapter.verify({ ...request, headers: { ...request.headers, ...proof } }, signed))).toBeUndefined();
    const tampered = { ...request, rawBody: Buffer.from(body.replace('queued', 'complete')), headers: { ...request.headers, ...proof } };
    expect(reasonOf(() => adapter.verify(tampered, signed))).toBe('Standard Webhooks: no matching signature found');
    // The event id stays the CloudEvent's, not the delivery's.
    expect(eventsOf(receive(request, signed, proof))[0]!.eventId).not.toBe('msg_1');
  });

  it('a Standard Webhooks connection refuses binary mode, even correctly signed: its ce-* headers are not signed', async () => {
    const message = await emitted(jobEvent('complete'), Mode.BINARY);
    const body = String(message.body);
    const at = new Date();
    const proof = { 'webhook-id': 'msg_2', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(SIGNING_KEY).sign('msg_2', at, body) };
    // A holder of this signed delivery could point it at another job and pass dedupe with a new ce-id.
    const retargeted = requestOf(message, { ...proof, 'ce-subject': 'victim-job', 'ce-id': 'fresh-id' });
    const refusal = 'Standard Webhooks: binary mode refused, its attributes travel in unsigned ce-* headers; send structured or batch mode';
    expect(reasonOf(() => adapter.verify(retargeted, signed))).toBe(refusal);
    expect(reasonOf(() => adapter.verify(requestOf(message, proof), signed))).toBe(refusal);
    // The same event in structured mode, the attributes inside the signed body, is taken.
    const structured = await emitted(jobEvent('complete'), Mode.STRUCTURED);
    const structuredProof = { ...proof, 'webhook-signature': new Webhook(SIGNING_KEY).sign('msg_2', at, String(structured.body)) };
    expect(reasonOf(() => adapter.verify(requestOf(structured, structuredProof), signed))).toBeUndefined();
  });

  it("the connection's secrets are all found for redaction, the signing key included", () => {
    expect(connectionSecrets(sharedSecret)).toEqual(expect.arrayContaining([SECRET, NEXT_SECRET]));
    expect(connectionSecrets(signed)).toContain(SIGNING_KEY);
  });

  it.each([
    [{ secretHeader: 'X-S' }, /^verify\.secret: /],
    [{ standardWebhooks: 'not base64!' }, /^verify\.standardWebhooks\.0: a Standard Webhooks secret/],
    [{ standardWebhooks: SIGNING_KEY, secretHeader: 'X-S' }, /^verify: Unrecognized key/],
    ['a-secret', /^verify: expected \{ secretHeader, secret \} or \{ standardWebhooks: whsec_… \}/],
  ])('config %j names the field', (verify, expected) => {
    const parsed = CloudEventsConnection.safeParse({ name: 'x', provider: 'cloudevents', verify, mapping: TRANSCODER_MAPPING });
    expect(parsed.success ? 'valid' : `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`).toMatch(expected);
  });

  it('the account: the connection name, a fixed one, or none when the mapping reads it per event', () => {
    expect(adapter.accountOf!(sharedSecret)).toBe('transcoder');
    expect(adapter.accountOf!(connectionWith({ secretHeader: 'X-S', secret: SECRET }, { account: 'acme' }))).toBe('acme');
    expect(adapter.accountOf!(connectionWith({ secretHeader: 'X-S', secret: SECRET }, { mapping: { ...TRANSCODER_MAPPING, account: 'data.tenant' } }))).toBeUndefined();
    expect(adapter.canPoll!(sharedSecret)).toBe(false);
    expect(adapter.fetchState).toBeUndefined();
  });
});

describe("the fake transcoder's hand-built requests", () => {
  const at = '2026-01-15T10:21:33.000Z';
  const events = ['queued', 'complete'].map((status) =>
    jobCloudEvent({ id: 'job-9', input: 'https://uploads.example.com/a b.mov', preset: 'hls', status: status as 'queued', progress: 0, outputs: [], createdAt: at, updatedAt: at }, '//transcoder'),
  );

  it.each(['binary', 'structured', 'batch'] as const)('%s mode: the SDK reads them as the same CloudEvents Reelflow does', (mode) => {
    const sent = mode === 'batch' ? events : events.slice(0, 1);
    const { headers, body } = cloudEventsRequest(sent, mode);
    const read = ([] as Array<CloudEvent<unknown>>).concat(HTTP.toEvent({ headers, body }) as CloudEvent<unknown> | Array<CloudEvent<unknown>>);
    expect(read.map((e) => [e.id, e.type, e.subject, (e.data as { status: string }).status])).toEqual(sent.map((e) => [e.id, e.type, e.subject, e.data.status]));
    const ours = eventsOf(receive(requestOf({ headers, body })));
    expect(ours.map((e) => [e.eventId, e.key, e.phase])).toEqual(sent.map((e) => [`//transcoder#${e.id}`, 'cloudevents:transcoder:job:job-9', e.data.status === 'queued' ? 'pending' : 'ready']));
  });
});
