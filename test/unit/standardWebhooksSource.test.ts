import { Webhook } from 'standardwebhooks';
import { connectionSecrets } from '../../src/inbox/redact';
import { standardWebhooks } from '../../src/providers/standardWebhooks';
import { StandardWebhooksConnection } from '../../src/providers/standardWebhooks/connection';
import type { WebhookRequest } from '../../src/providers/types';
import { VIDEO_SAAS_MAPPING } from '../../src/simulators/standardWebhooks/module';
import { reasonOf } from '../support/verification';

const adapter = standardWebhooks.adapter;
const key = (seed: string) => `whsec_${Buffer.from(`${seed} signing key, 24 bytes!!`.slice(0, 24)).toString('base64')}`;
const OLD_KEY = key('old');
const NEW_KEY = key('new');

const connectionWith = (secret: unknown, extra: Record<string, unknown> = {}) =>
  StandardWebhooksConnection.parse({ name: 'saas', provider: 'standard-webhooks', secret, mapping: VIDEO_SAAS_MAPPING, ...extra });
const rotating = connectionWith([OLD_KEY, NEW_KEY]);

const BODY = JSON.stringify({ type: 'video.ready', timestamp: '2026-01-15T10:21:33Z', data: { id: 'vid_1', workspace: 'acme', status: 'ready' } });

/** A delivery exactly as a Standard Webhooks sender makes it, signed by the library. */
function delivery(options: { secret?: string; at?: Date; id?: string; body?: string } = {}): WebhookRequest {
  const { secret = OLD_KEY, at = new Date(), id = 'msg_2Lr0xyz', body = BODY } = options;
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, body) };
  return { rawBody: Buffer.from(body), headers, query: {} };
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('Standard Webhooks: verified by the library', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a valid delivery', () => {
    expect(reasonOf(() => adapter.verify(delivery(), rotating))).toBeUndefined();
  });

  it('an expired timestamp (over 5 minutes old) is refused', () => {
    expect(reasonOf(() => adapter.verify(delivery({ at: minutesAgo(4.5) }), rotating))).toBeUndefined();
    expect(reasonOf(() => adapter.verify(delivery({ at: minutesAgo(6) }), rotating))).toBe('Standard Webhooks: message timestamp too old');
    expect(reasonOf(() => adapter.verify(delivery({ at: minutesAgo(-6) }), rotating))).toBe('Standard Webhooks: message timestamp too new');
  });

  it('a rotated key: the second secret verifies; a key not configured does not', () => {
    expect(reasonOf(() => adapter.verify(delivery({ secret: NEW_KEY }), rotating))).toBeUndefined();
    expect(reasonOf(() => adapter.verify(delivery({ secret: NEW_KEY }), connectionWith(OLD_KEY)))).toBe('Standard Webhooks: no matching signature found');
    expect(reasonOf(() => adapter.verify(delivery({ secret: key('stranger') }), rotating))).toBe('Standard Webhooks: no matching signature found');
  });

  it('a tampered body is refused', () => {
    const request = delivery();
    const tampered = { ...request, rawBody: Buffer.from(BODY.replace('vid_1', 'vid_2')) };
    expect(reasonOf(() => adapter.verify(tampered, rotating))).toBe('Standard Webhooks: no matching signature found');
  });

  it('a replayed delivery is refused once it is over 5 minutes old', () => {
    const captured = delivery();
    expect(reasonOf(() => adapter.verify(captured, rotating))).toBeUndefined();
    const later = Date.now() + 5 * 60_000 + 2_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect(reasonOf(() => adapter.verify(captured, rotating))).toBe('Standard Webhooks: message timestamp too old');
  });

  it('missing headers are refused', () => {
    const { 'webhook-signature': _dropped, ...headers } = delivery().headers;
    expect(reasonOf(() => adapter.verify({ ...delivery(), headers }, rotating))).toBe('Standard Webhooks: missing required headers');
  });
});

describe('Standard Webhooks: parsed through the mapping', () => {
  const parse = (request: WebhookRequest, connection = rotating) => adapter.parse(JSON.parse(request.rawBody.toString()), request, { connection, receivedAt: new Date('2026-01-15T10:30:00Z') });

  it('the delivery id is the event id; the body timestamp when it happened', () => {
    expect(parse(delivery())).toEqual({
      outcome: 'events',
      events: [
        {
          provider: 'standard-webhooks',
          connection: 'saas',
          account: 'saas',
          eventId: 'msg_2Lr0xyz',
          eventIdSource: 'provider',
          type: 'video.ready',
          key: 'standard-webhooks:saas:media:vid_1',
          kind: 'media',
          id: 'vid_1',
          state: 'video.ready',
          phase: 'ready',
          occurredAt: '2026-01-15T10:21:33.000Z',
          receivedAt: '2026-01-15T10:30:00.000Z',
          via: 'webhook',
          resource: { id: 'vid_1', workspace: 'acme', status: 'ready' },
        },
      ],
    });
  });

  it('without a body timestamp, the signed webhook-timestamp', () => {
    const at = new Date('2026-01-15T10:29:00Z');
    const [event] = (parse(delivery({ at, body: JSON.stringify({ type: 'video.created', data: { id: 'vid_1' } }) })) as { events: Array<{ occurredAt: string }> }).events;
    expect(event!.occurredAt).toBe(at.toISOString());
  });

  it('the account read from the event when the mapping says so', () => {
    const perWorkspace = connectionWith(OLD_KEY, { mapping: { ...VIDEO_SAAS_MAPPING, account: 'data.workspace' } });
    expect(parse(delivery(), perWorkspace)).toMatchObject({ events: [{ account: 'acme', key: 'standard-webhooks:acme:media:vid_1' }] });
    expect(adapter.accountOf!(perWorkspace)).toBeUndefined();
    expect(adapter.accountOf!(rotating)).toBe('saas');
  });

  it('an event type the mapping does not list: ignored for a cyclic kind, processing for a one-shot one', () => {
    const body = JSON.stringify({ type: 'video.thumbnail.created', data: { id: 'vid_1' } });
    expect(parse(delivery({ body }))).toMatchObject({
      outcome: 'events',
      events: [{ phase: 'processing' }],
      notes: [expect.stringContaining('type "video.thumbnail.created" is not in mapping.phases.media')],
    });
    const live = connectionWith(OLD_KEY, { mapping: { ...VIDEO_SAAS_MAPPING, kind: 'live', phases: { live: { 'stream.live': 'live' } } } });
    expect(parse(delivery({ body }), live)).toMatchObject({ outcome: 'ignored', eventId: 'msg_2Lr0xyz', type: 'video.thumbnail.created' });
  });

  it.each([
    ['no type', 'type', '{"data":{"id":"v"}}'],
    ['no id in data', 'data.id', '{"type":"video.ready","data":{}}'],
    ['not an object', '(body)', '[1]'],
    ['an unreadable timestamp', 'timestamp', '{"type":"video.ready","timestamp":"soon","data":{"id":"v"}}'],
  ])('%s → 400 naming %s', (_name, field, body) => {
    expect(() => parse(delivery({ body }))).toThrow(expect.objectContaining({ name: 'PayloadError', field }));
  });
});

describe('Standard Webhooks: the connection', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['not base64', { secret: 'whsec_***' }, /^secret\.0: a Standard Webhooks secret/],
    ['the second of a rotation', { secret: [OLD_KEY, 'whsec_'] }, /^secret\.1: /],
    ['account and mapping.account', { account: 'a', mapping: { ...VIDEO_SAAS_MAPPING, account: 'data.workspace' } }, /^account: set account .* or mapping\.account/],
  ])('%s', (_name, fields, expected) => {
    const parsed = StandardWebhooksConnection.safeParse({ name: 'saas', provider: 'standard-webhooks', secret: OLD_KEY, mapping: VIDEO_SAAS_MAPPING, ...fields });
    expect(parsed.success ? 'valid' : `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`).toMatch(expected);
  });

  it('its secrets are found for redaction', () => {
    expect(connectionSecrets(rotating)).toEqual(expect.arrayContaining([OLD_KEY, NEW_KEY]));
  });
});
