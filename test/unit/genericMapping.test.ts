import { PayloadError } from '../../src/providers/errors';
import { readTime } from '../../src/providers/mapping/eventTime';
import { mapEvent, type MappedEvent } from '../../src/providers/mapping/mapEvent';
import { EventMapping } from '../../src/providers/mapping/schema';
import { lookupWord } from '../../src/providers/mapping/wordPattern';
import { payloadErrorOf } from '../support/payloadError';

/** The transcoder of the README's first example: the kind from `type`, the id from `subject`, the state from `data.status`. */
const transcoder = EventMapping.parse({
  kind: { from: 'type', map: { 'com.acme.transcode.job.*': 'job', 'com.acme.transcode.channel.*': 'live' } },
  id: 'subject',
  state: 'data.status',
  account: 'tenant',
  phases: {
    job: { queued: 'pending', transcoding: 'processing', complete: 'ready', error: 'failed', 'cancel*': 'canceled' },
    live: { running: 'live', stopped: 'idle' },
  },
});

/** The SaaS of the second: a constant kind, the id deep in `data`, the event type as the state. */
const saas = EventMapping.parse({
  kind: 'media',
  id: 'data.video.id',
  state: 'type',
  phases: { media: { 'video.created': 'pending', 'video.ready': 'ready', 'video.failed': 'failed' } },
});

const job = (status: unknown, extra: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'e1',
  source: '//transcoder',
  type: 'com.acme.transcode.job.updated',
  subject: 'job-7',
  tenant: 'acme',
  data: { status },
  ...extra,
});

const mapped = (kind: string, id: string, state: string, phase: string, more: Partial<MappedEvent> = {}) => ({ outcome: 'mapped', kind, id, state, phase, ...more });

describe('mapEvent: one row per event', () => {
  it.each<[string, EventMapping, unknown, unknown]>([
    ['queued job', transcoder, job('queued'), mapped('job', 'job-7', 'queued', 'pending', { account: 'acme' })],
    ['transcoding job', transcoder, job('transcoding'), mapped('job', 'job-7', 'transcoding', 'processing', { account: 'acme' })],
    ['complete job', transcoder, job('complete'), mapped('job', 'job-7', 'complete', 'ready', { account: 'acme' })],
    ['failed job', transcoder, job('error'), mapped('job', 'job-7', 'error', 'failed', { account: 'acme' })],
    ['a state pattern', transcoder, job('cancelled-by-user'), mapped('job', 'job-7', 'cancelled-by-user', 'canceled', { account: 'acme' })],
    ['a numeric id', transcoder, job('queued', { subject: 42 }), mapped('job', '42', 'queued', 'pending', { account: 'acme' })],
    ['a cyclic kind', transcoder, job('running', { type: 'com.acme.transcode.channel.started' }), mapped('live', 'job-7', 'running', 'live', { account: 'acme' })],
    ['a constant kind, state from type', saas, { type: 'video.ready', data: { video: { id: 'v_1' } } }, mapped('media', 'v_1', 'video.ready', 'ready')],
    [
      'an unlisted one-shot state: processing, noted',
      transcoder,
      job('encoding-pass-2'),
      mapped('job', 'job-7', 'encoding-pass-2', 'processing', { account: 'acme', note: expect.stringContaining('data.status "encoding-pass-2" is not in mapping.phases.job') }),
    ],
    [
      'an unlisted cyclic state: not guessed',
      transcoder,
      job('warming', { type: 'com.acme.transcode.channel.updated' }),
      { outcome: 'unmapped', reason: expect.stringContaining('data.status "warming" is not in mapping.phases.live') },
    ],
    [
      'a type the kind map does not cover',
      transcoder,
      job('queued', { type: 'com.acme.billing.invoice' }),
      { outcome: 'unmapped', reason: 'type "com.acme.billing.invoice" is not in mapping.kind.map' },
    ],
  ])('%s', (_name, mapping, event, expected) => {
    expect(mapEvent(event, mapping)).toEqual(expected);
  });
});

describe('mapEvent: errors name the event field', () => {
  const fieldOf = (mapping: EventMapping, event: unknown): string => {
    const { field, detail } = payloadErrorOf(() => mapEvent(event, mapping));
    return `${field}: ${detail}`;
  };

  it.each<[string, EventMapping, unknown, RegExp]>([
    ['no state', transcoder, job(undefined), /^data\.status: required by mapping\.state, absent$/],
    ['a state that is an object', transcoder, job({ code: 1 }), /^data\.status: mapping\.state reads a string or a number here, got object$/],
    ['no data at all', transcoder, { ...job('x'), data: undefined }, /^data\.status: required/],
    ['no subject', transcoder, job('queued', { subject: undefined }), /^subject: required by mapping\.id/],
    ['an id with spaces', transcoder, job('queued', { subject: 'job 7' }), /^subject: not usable as a resource id/],
    ['no type', transcoder, job('queued', { type: undefined }), /^type: required by mapping\.kind\.from/],
    ['an account with ":"', transcoder, job('queued', { tenant: 'a:b' }), /^tenant: not usable as an account/],
    ['an id deep in data', saas, { type: 'video.ready', data: { video: {} } }, /^data\.video\.id: required by mapping\.id/],
    ['a state that is too long', saas, { type: 'v'.repeat(201), data: { video: { id: 'v' } } }, /^type: not usable as a state/],
    // Checked before the kind map's patterns run on it: a matching prefix does not make it a kind.
    ['a kind word that is too long', transcoder, job('queued', { type: `com.acme.transcode.job.${'x'.repeat(200)}` }), /^type: not usable as a kind word \(printable ASCII, at most 200 characters\)/],
    ['a kind word that is not printable', transcoder, job('queued', { type: 'com.acme.transcode.job.\nupdated' }), /^type: not usable as a kind word/],
  ])('%s', (_name, mapping, event, expected) => {
    expect(fieldOf(mapping, event)).toMatch(expected);
  });
});

describe('the mapping config', () => {
  const issueOf = (raw: unknown) => {
    const parsed = EventMapping.safeParse(raw);
    return parsed.success ? 'valid' : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(' | ');
  };
  const base = { kind: 'job', id: 'subject', state: 'data.status', phases: { job: { done: 'ready' } } };

  it.each([
    ['valid', base, 'valid'],
    ['a kind Reelflow has not', { ...base, kind: 'invoice' }, /^kind: /],
    ['a kind without phases', { ...base, kind: { from: 'type', map: { 'a.*': 'job', 'b.*': 'live' } } }, /^phases\.live: the mapping makes live resources/],
    ['a phase Reelflow has not', { ...base, phases: { job: { done: 'finished' } } }, /^phases\.job\.done: /],
    ['a path that is not one', { ...base, state: 'data..status' }, /^state: a dotted path/],
    ['an unknown key', { ...base, status: 'x' }, /status/],
  ])('%s', (_name, raw, expected) => {
    if (typeof expected === 'string') expect(issueOf(raw)).toBe(expected);
    else expect(issueOf(raw)).toMatch(expected);
  });
});

describe('word patterns', () => {
  const table = { 'com.acme.*': 'a', 'com.acme.exact': 'b', '*.failed': 'c' };
  it.each([
    ['com.acme.exact', 'b'], // an exact key beats a pattern listed before it
    ['com.acme.job.started', 'a'],
    ['com.other.failed', 'c'],
    ['comXacme.job', undefined], // "." is literal
    ['com.acme', undefined],
  ])('%s → %s', (word, expected) => {
    expect(lookupWord(table, word)).toBe(expected);
  });
});

describe('readTime', () => {
  it.each([
    [{ time: '2026-01-15T10:21:33Z' }, '2026-01-15T10:21:33.000Z'],
    [{ time: 1768472493 }, '2026-01-15T10:21:33.000Z'],
    [{ time: '1768472493000' }, '2026-01-15T10:21:33.000Z'],
    [{}, undefined],
  ])('%j', (event, expected) => {
    expect(readTime(event, 'time')?.toISOString()).toBe(expected);
  });
  it('names the field of an unreadable date', () => {
    expect(() => readTime({ data: { at: 'yesterday' } }, 'data.at')).toThrow(new PayloadError('data.at', 'not a date: "yesterday"'));
  });
});
