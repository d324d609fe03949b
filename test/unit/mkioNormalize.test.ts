import { MkioConnection } from '../../src/providers/mkio/connection';
import { normalizeMkio } from '../../src/providers/mkio/normalize';
import { MKIO_NAME, parseMkioSource } from '../../src/providers/mkio/source';
import { locatorNameFor } from '../../src/providers/mkio/publish';
import { PayloadError } from '../../src/providers/errors';
import { jobCloudEvent, type SourceForm } from '../../src/simulators/mkio/cloudEvents';
import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { payloadErrorOf } from '../support/payloadError';

const connection = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 'x' });
const context = { connection, receivedAt: new Date('2026-11-24T12:00:00Z') };

function normalize(json: unknown): CanonicalEvent {
  const outcome = normalizeMkio(json, context);
  if (outcome.outcome !== 'events') throw new Error(`expected events, got ${outcome.outcome}`);
  expect(outcome.events).toHaveLength(1);
  return outcome.events[0]!;
}

const fieldOf = (json: unknown): string => payloadErrorOf(() => normalizeMkio(json, context)).field;

describe('MK.IO job events → canonical events', () => {
  const base = { project: 'acme', transform: 'encode-h264', job: 'job-42', time: new Date('2026-11-24T10:00:00Z') };
  it.each([
    ['MediaKind.JobStarted', 'Queued', 'Processing', 'processing'],
    ['MediaKind.JobFinished', 'Processing', 'Finished', 'ready'],
    ['MediaKind.JobFinished', 'Processing', 'Error', 'failed'],
    ['MediaKind.JobFinished', 'Processing', 'Canceled', 'canceled'],
  ] as const)('%s %s → %s is phase %s', (type, previousState, state, phase) => {
    const event = normalize(jobCloudEvent({ ...base, type, previousState, state, id: 'evt-1' }));
    expect(event).toMatchObject({
      provider: 'mkio',
      connection: 'main',
      account: 'acme',
      eventId: 'evt-1',
      type,
      kind: 'job',
      id: 'encode-h264/job-42',
      key: 'mkio:acme:job:encode-h264/job-42',
      state,
      previousState,
      phase,
      occurredAt: '2026-11-24T10:00:00.000Z',
      receivedAt: '2026-11-24T12:00:00.000Z',
      via: 'webhook',
    });
    expect((event.resource as { properties: { state: string } }).properties.state).toBe(state);
  });

  it.each<[SourceForm]>([['v1'], ['v1-media'], ['ams']])('reads project, transform and job from the %s source form', (sourceForm) => {
    const event = normalize(jobCloudEvent({ ...base, type: 'MediaKind.JobStarted', state: 'Processing', sourceForm }));
    expect(event.key).toBe('mkio:acme:job:encode-h264/job-42');
  });

  it('accepts a source with an origin in front', () => {
    expect(parseMkioSource('https://app.mk.io/api/v1/projects/p/media/transforms/t/jobs/j')).toEqual({ kind: 'job', project: 'p', transform: 't', job: 'j' });
  });

  it('falls back to data.resource.id and data.projectName when source is unusable', () => {
    const json = jobCloudEvent({ ...base, type: 'MediaKind.JobStarted', state: 'Processing' });
    json.source = 'urn:mkio:something-else';
    const event = normalize(json);
    expect(event.key).toBe('mkio:acme:job:encode-h264/job-42');
  });

  it('takes the project from data.projectName when source has none', () => {
    const json = jobCloudEvent({ ...base, type: 'MediaKind.JobStarted', state: 'Processing' });
    json.source = 'transforms/encode-h264/jobs/job-42';
    expect(normalize(json).account).toBe('acme');
  });

  it('takes the state from data.resource when data.state is missing', () => {
    const json = jobCloudEvent({ ...base, type: 'MediaKind.JobFinished', state: 'Finished' }) as Record<string, any>;
    delete json.data.state;
    expect(normalize(json).phase).toBe('ready');
  });

  it('uses receivedAt when the optional CloudEvents time is absent', () => {
    const json = jobCloudEvent({ ...base, type: 'MediaKind.JobStarted', state: 'Processing' }) as Record<string, any>;
    delete json.time;
    expect(normalize(json).occurredAt).toBe('2026-11-24T12:00:00.000Z');
  });

  it('keeps an unknown job state non-terminal', () => {
    expect(normalize(jobCloudEvent({ ...base, type: 'MediaKind.JobStarted', state: 'Warming' })).phase).toBe('processing');
  });

  it('normalizes a streaming locator creation', () => {
    const event = normalize({
      specversion: '1.0',
      id: 'loc-1',
      type: 'MediaKind.StreamingLocatorCreated',
      source: '/api/v1/projects/acme/media/streamingLocators/job-42-locator',
      data: { projectName: 'acme', previousState: 'Creating', state: 'Created', resource: { name: 'job-42-locator' } },
    });
    expect(event).toMatchObject({ kind: 'locator', key: 'mkio:acme:locator:job-42-locator', phase: 'ready' });
  });

  it('answers an untracked event type as ignored, not as an error', () => {
    const outcome = normalizeMkio({ specversion: '1.0', id: 'x-1', type: 'MediaKind.AssetCreated', source: '/anything', data: {} }, context);
    expect(outcome).toEqual({ outcome: 'ignored', eventId: 'x-1', type: 'MediaKind.AssetCreated', reason: expect.stringContaining('not tracked') });
  });
});

describe('malformed MK.IO envelopes name the field', () => {
  const good = () => jobCloudEvent({ project: 'acme', transform: 't', job: 'j', type: 'MediaKind.JobStarted', state: 'Processing' }) as Record<string, any>;
  it.each([
    ['id', (j: Record<string, any>) => delete j.id],
    ['type', (j: Record<string, any>) => (j.type = 42)],
    ['source', (j: Record<string, any>) => delete j.source],
    ['specversion', (j: Record<string, any>) => (j.specversion = '0.3')],
    ['time', (j: Record<string, any>) => (j.time = 'yesterday')],
    ['data.state', (j: Record<string, any>) => (delete j.data.state, delete j.data.resource.properties.state)],
    ['source', (j: Record<string, any>) => ((j.source = '/api/v1/projects/acme/transforms/../jobs/x'), delete j.data.resource.id)],
    ['source', (j: Record<string, any>) => ((j.source = '/nowhere'), delete j.data.resource.id)],
  ])('%s', (field, breakIt) => {
    const json = good();
    breakIt(json);
    expect(fieldOf(json)).toBe(field);
  });

  it('(body) when the JSON is not an object', () => {
    expect(fieldOf([1, 2])).toBe('(body)');
  });

  it('refuses an event from another project than the connection’s', () => {
    const pinned = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 'x', project: 'acme' });
    expect(() =>
      normalizeMkio(jobCloudEvent({ project: 'other', transform: 't', job: 'j', type: 'MediaKind.JobStarted', state: 'Processing' }), {
        connection: pinned,
        receivedAt: new Date(),
      }),
    ).toThrow(/project "other" is not this connection's project/);
  });
});

describe('hostile MK.IO states stay harmless', () => {
  const base = { project: 'acme', transform: 't', job: 'j', type: 'MediaKind.JobStarted' as const };
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('"%s" is an unknown, non-terminal state', (state) => {
    const outcome = normalizeMkio(jobCloudEvent({ ...base, state }), context);
    expect(outcome.outcome === 'events' && outcome.events[0]!.phase).toBe('processing');
  });

  it('locator names from different transform/job pairs never collide', () => {
    expect(locatorNameFor('encode-h264', 'job-42')).not.toBe(locatorNameFor('encode', 'h264-job-42'));
    expect(locatorNameFor('encode', 'job-42')).toBe(locatorNameFor('encode', 'job-42'));
    expect(locatorNameFor('t', 'j'.repeat(260))).toMatch(MKIO_NAME);
  });
});

describe('a source naming a malformed project is refused, never replaced by data.projectName', () => {
  // Pinned to `demo`, and data.projectName says `demo`: only the source's own project can fail the check.
  const pinned = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 'x', project: 'demo' });
  const event = (source: string) => ({ ...jobCloudEvent({ project: 'demo', transform: 't', job: 'j', type: 'MediaKind.JobStarted', state: 'Processing' }), source });
  const refusal = (json: unknown): PayloadError => {
    try {
      normalizeMkio(json, { connection: pinned, receivedAt: new Date() });
    } catch (error) {
      expect(error).toBeInstanceOf(PayloadError);
      return error as PayloadError;
    }
    throw new Error('expected a PayloadError');
  };

  it.each([
    ['a colon', '/api/v1/projects/evil:corp/transforms/t/jobs/j', 'evil:corp'],
    ['a percent-encoded NUL', '/api/v1/projects/demo%00/transforms/t/jobs/j', 'demo%00'],
    ['a raw NUL', '/api/v1/projects/demo\u0000/transforms/t/jobs/j', 'demo\\u0000'],
    ['a Cyrillic look-alike (U+0435)', '/api/v1/projects/d\u0435mo/transforms/t/jobs/j', 'd\\u0435mo'],
    ['an empty segment', '/api/v1/projects//transforms/t/jobs/j', ''],
    ['a dot-dot segment', '/api/v1/projects/../transforms/t/jobs/j', '..'],
    ['the /media/ form', '/api/v1/projects/evil:corp/media/transforms/t/jobs/j', 'evil:corp'],
    ['the AMS form', '/api/ams/evil:corp/transforms/t/jobs/j', 'evil:corp'],
    ['an origin in front', 'https://app.mk.io/api/v1/projects/evil:corp/transforms/t/jobs/j', 'evil:corp'],
    ['a scheme-relative origin', '//app.mk.io/api/v1/projects/evil:corp/transforms/t/jobs/j', 'evil:corp'],
    ['an unparseable rest', '/api/v1/projects/evil:corp/something/else', 'evil:corp'],
  ])('%s: 400 on `source`, the segment shown escaped', (_case, source, shown) => {
    const error = refusal(event(source));
    expect(error.field).toBe('source');
    expect(error.detail).toContain(`project segment "${shown}" is not an MK.IO name`);
  });

  it('a valid project in an otherwise unusable source still decides (data.resource.id gives the names)', () => {
    const json = event('/api/v1/projects/other/transforms/t/jobs/../x') as Record<string, any>;
    json.data.resource.id = 'transforms/t/jobs/j';
    expect(refusal(json).detail).toMatch(/project "other" is not this connection's project/);
  });

  it('data.resource.id naming a malformed project, or another project than the source, is refused on data.resource.id', () => {
    const bad = event('urn:mkio:elsewhere') as Record<string, any>;
    bad.data.resource.id = '/api/ams/evil:corp/transforms/t/jobs/j';
    expect(refusal(bad).field).toBe('data.resource.id');
    const other = event('/api/v1/projects/demo/transforms/t/jobs/..') as Record<string, any>;
    other.data.resource.id = '/api/ams/other/transforms/t/jobs/j';
    expect(refusal(other)).toMatchObject({ field: 'data.resource.id', detail: expect.stringMatching(/"other" differs from the source's "demo"/) });
  });

  it('a source longer than any MK.IO path is refused', () => {
    expect(refusal(event(`https://${'a'.repeat(3000)}/api/v1/projects/demo/transforms/t/jobs/j`)).field).toBe('source');
  });

  it('well-formed sources of the pinned project still pass', () => {
    for (const source of ['/api/v1/projects/demo/transforms/t/jobs/j', '//app.mk.io/api/ams/demo/transforms/t/jobs/j', 'urn:mkio:not-a-path']) {
      const outcome = normalizeMkio(event(source), { connection: pinned, receivedAt: new Date() });
      expect(outcome.outcome === 'events' && outcome.events[0]!.key).toBe('mkio:demo:job:t/j');
    }
  });

  it('an untracked type of 900 KB is not repeated in the reason', () => {
    const outcome = normalizeMkio({ specversion: '1.0', id: 'x-2', type: 'T'.repeat(900 * 1024), source: '/anything' }, context);
    expect(outcome.outcome === 'ignored' && outcome.reason.length).toBeLessThan(200);
  });
});
