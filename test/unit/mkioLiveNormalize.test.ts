import type { CanonicalEvent } from '../../src/domain/canonicalEvent';
import { MkioConnection } from '../../src/providers/mkio/connection';
import { MKIO_EVENT_TYPES } from '../../src/providers/mkio/eventTypes';
import { normalizeMkio } from '../../src/providers/mkio/normalize';
import { mkioResourceOf, parseMkioSource } from '../../src/providers/mkio/source';
import type { ParseOutcome } from '../../src/providers/types';
import { payloadErrorOf } from '../support/payloadError';

const connection = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 'x' });
const context = { connection, receivedAt: new Date('2026-11-24T12:00:00Z') };

type Resource = Record<string, unknown>;

/** The envelope MK.IO posts; `state` is data.state, the resource carries its own. */
function cloudEvent(type: string, source: string, resource: Resource | undefined, data: { state?: string; previousState?: string } = {}) {
  return {
    specversion: '1.0',
    id: `evt-${type}`,
    type,
    source,
    time: '2026-11-24T10:00:00Z',
    datacontenttype: 'application/json',
    data: { projectName: 'acme', ...data, ...(resource ? { resource } : {}) },
  };
}

const job = (state: string): Resource => ({ name: 'j1', id: '/api/ams/acme/transforms/t1/jobs/j1', properties: { state } });
const locator = (): Resource => ({ name: 'loc1', id: '/api/ams/acme/streamingLocators/loc1', properties: { assetName: 'a1' } });
/** A Media API live event: AMS-shaped, its state in properties.resourceState. */
const mediaLive = (name: string, resourceState: string): Resource => ({ name, id: `/api/ams/acme/liveEvents/${name}`, properties: { resourceState } });
/** A Live API resource: metadata / spec / status. */
const liveApi = (name: string, state: string): Resource => ({ metadata: { name }, spec: { state: state === 'Running' ? 'Running' : 'Stopped' }, status: { state } });
const operation = (name: string, state: string): Resource => ({ metadata: { name }, spec: { type: 'MediaKind.ScheduledOperation.StartStop' }, status: { state } });

const V1 = '/api/v1/projects/acme';

function eventOf(outcome: ParseOutcome): CanonicalEvent {
  if (outcome.outcome !== 'events') throw new Error(`expected events, got ${outcome.outcome}`);
  expect(outcome.events).toHaveLength(1);
  return outcome.events[0]!;
}

const fieldOf = (json: unknown): string => payloadErrorOf(() => normalizeMkio(json, context)).field;

/**
 * Every MK.IO event type (seed 000) across the `source` forms: the docs' job form without /media/,
 * the Media API's with /media/, the AMS-compatible one, the Live API's, and forms nobody
 * documented (then `data.resource.id`, or `data.resource.name` / `metadata.name`, name the resource).
 */
describe('MK.IO events of all ten types, every source form → kind, key, state, phase', () => {
  it.each<[string, string, string, Resource | undefined, { state?: string; previousState?: string }, [string, string, string, string]]>([
    // type, form, source, data.resource, data.state / previousState, [kind, key, state, phase]
    [
      'MediaKind.JobStarted',
      'documented (no /media/)',
      `${V1}/transforms/t1/jobs/j1`,
      job('Processing'),
      { previousState: 'Queued', state: 'Processing' },
      ['job', 'mkio:acme:job:t1/j1', 'Processing', 'processing'],
    ],
    ['MediaKind.JobStarted', 'Media API', `${V1}/media/transforms/t1/jobs/j1`, job('Processing'), { state: 'Processing' }, ['job', 'mkio:acme:job:t1/j1', 'Processing', 'processing']],
    ['MediaKind.JobFinished', 'AMS', '/api/ams/acme/transforms/t1/jobs/j1', job('Finished'), { state: 'Finished' }, ['job', 'mkio:acme:job:t1/j1', 'Finished', 'ready']],
    ['MediaKind.JobFinished', 'Media API', `${V1}/media/transforms/t1/jobs/j1`, job('Error'), { state: 'Error' }, ['job', 'mkio:acme:job:t1/j1', 'Error', 'failed']],
    ['MediaKind.JobFinished', 'unknown → data.resource.id', 'urn:mediakind:job:j1', job('Canceled'), { state: 'Canceled' }, ['job', 'mkio:acme:job:t1/j1', 'Canceled', 'canceled']],
    [
      'MediaKind.StreamingLocatorCreated',
      'Media API',
      `${V1}/media/streamingLocators/loc1`,
      locator(),
      { previousState: 'Creating', state: 'Created' },
      ['locator', 'mkio:acme:locator:loc1', 'Created', 'ready'],
    ],
    ['MediaKind.StreamingLocatorCreated', 'documented (no /media/)', `${V1}/streamingLocators/loc1`, locator(), { state: 'Created' }, ['locator', 'mkio:acme:locator:loc1', 'Created', 'ready']],
    ['MediaKind.StreamingLocatorCreated', 'AMS', '/api/ams/acme/streamingLocators/loc1', locator(), { state: 'Created' }, ['locator', 'mkio:acme:locator:loc1', 'Created', 'ready']],
    ['MediaKind.StreamingLocatorCreated', 'unknown → data.resource.name', 'urn:x', { name: 'loc1' }, { state: 'Created' }, ['locator', 'mkio:acme:locator:loc1', 'Created', 'ready']],
    ['MediaKind.ChannelInstanceStarted', 'Media API', `${V1}/media/liveEvents/le1`, mediaLive('le1', 'Running'), {}, ['live', 'mkio:acme:live:le1', 'Running', 'live']],
    ['MediaKind.ChannelInstanceStarted', 'documented (no /media/)', `${V1}/liveEvents/le1`, mediaLive('le1', 'Running'), {}, ['live', 'mkio:acme:live:le1', 'Running', 'live']],
    ['MediaKind.ChannelInstanceStopped', 'AMS', '/api/ams/acme/liveEvents/le1', mediaLive('le1', 'Stopped'), {}, ['live', 'mkio:acme:live:le1', 'Stopped', 'idle']],
    ['MediaKind.ChannelInstanceStopped', 'Media API, StandBy', `${V1}/media/liveEvents/le1`, mediaLive('le1', 'StandBy'), {}, ['live', 'mkio:acme:live:le1', 'StandBy', 'idle']],
    ['MediaKind.ChannelInstanceError', 'Media API (reads Stopped)', `${V1}/media/liveEvents/le1`, mediaLive('le1', 'Stopped'), {}, ['live', 'mkio:acme:live:le1', 'Stopped', 'failed']],
    ['MediaKind.ChannelInstanceStarted', 'Live API liveChannels', `${V1}/live/liveChannels/ch1`, liveApi('ch1', 'Running'), { state: 'Running' }, ['live', 'mkio:acme:live:ch1', 'Running', 'live']],
    ['MediaKind.ChannelInstanceStopped', 'Live API liveEvents', `${V1}/live/liveEvents/ev1`, liveApi('ev1', 'Stopped'), {}, ['live', 'mkio:acme:live:ev1', 'Stopped', 'idle']],
    [
      'MediaKind.ChannelInstanceError',
      'Live API staticMultiviewChannels',
      `${V1}/live/staticMultiviewChannels/mv1`,
      liveApi('mv1', 'UnableToStart'),
      {},
      ['live', 'mkio:acme:live:mv1', 'UnableToStart', 'failed'],
    ],
    [
      'MediaKind.ChannelInstanceStarted',
      'Live API staticMultiviewEvents',
      `https://app.mk.io${V1}/live/staticMultiviewEvents/mv2`,
      liveApi('mv2', 'Started'),
      {},
      ['live', 'mkio:acme:live:mv2', 'Started', 'live'],
    ],
    [
      'MediaKind.ChannelInstanceStarted',
      'unknown → data.resource.name',
      'urn:mediakind:channel:7f3a',
      { name: 'le9', properties: { resourceState: 'Running' } },
      {},
      ['live', 'mkio:acme:live:le9', 'Running', 'live'],
    ],
    ['MediaKind.ChannelInstanceError', 'unknown → metadata.name', '/channels/7f3a', liveApi('ch9', 'UnableToStart'), {}, ['live', 'mkio:acme:live:ch9', 'UnableToStart', 'failed']],
    ['MediaKind.ChannelInstanceStopped', 'unknown, no resource state → data.state', 'urn:x', { name: 'le9' }, { state: 'Stopped' }, ['live', 'mkio:acme:live:le9', 'Stopped', 'idle']],
    [
      'MediaKind.ScheduledOperationAccepted',
      'Live API liveEvents',
      `${V1}/live/liveEvents/ev1/scheduledOperations/op1`,
      operation('op1', 'Accepted'),
      { previousState: 'Pending', state: 'Accepted' },
      ['scheduled-operation', 'mkio:acme:scheduled-operation:liveEvents/ev1/op1', 'Accepted', 'pending'],
    ],
    [
      'MediaKind.ScheduledOperationOngoing',
      'Live API liveChannels',
      `${V1}/live/liveChannels/ch1/scheduledOperations/op1`,
      operation('op1', 'Ongoing'),
      { state: 'Ongoing' },
      ['scheduled-operation', 'mkio:acme:scheduled-operation:liveChannels/ch1/op1', 'Ongoing', 'processing'],
    ],
    [
      'MediaKind.ScheduledOperationCompleted',
      'Media API spelling',
      `${V1}/media/liveEvents/le1/scheduledOperations/op1`,
      operation('op1', 'Completed'),
      { state: 'Completed' },
      ['scheduled-operation', 'mkio:acme:scheduled-operation:liveEvents/le1/op1', 'Completed', 'ready'],
    ],
    [
      'MediaKind.ScheduledOperationError',
      'Live API staticMultiviewEvents',
      `${V1}/live/staticMultiviewEvents/mv1/scheduledOperations/op2`,
      operation('op2', 'Error'),
      {},
      ['scheduled-operation', 'mkio:acme:scheduled-operation:staticMultiviewEvents/mv1/op2', 'Error', 'failed'],
    ],
    [
      'MediaKind.ScheduledOperationError',
      'Live API, state Failed',
      `${V1}/live/liveChannels/ch1/scheduledOperations/op3`,
      operation('op3', 'Failed'),
      {},
      ['scheduled-operation', 'mkio:acme:scheduled-operation:liveChannels/ch1/op3', 'Failed', 'failed'],
    ],
  ])('%s, %s source', (type, _form, source, resource, data, [kind, key, state, phase]) => {
    const event = eventOf(normalizeMkio(cloudEvent(type, source, resource, data), context));
    expect({ kind: event.kind, key: event.key, state: event.state, phase: event.phase, account: event.account, type: event.type }).toEqual({ kind, key, state, phase, account: 'acme', type });
  });

  it('the table covers every type of seed 000', () => {
    // Kept in step with the table above: a type added to the list must get rows.
    const covered = new Set([
      'MediaKind.JobStarted',
      'MediaKind.JobFinished',
      'MediaKind.StreamingLocatorCreated',
      'MediaKind.ChannelInstanceStarted',
      'MediaKind.ChannelInstanceStopped',
      'MediaKind.ChannelInstanceError',
      'MediaKind.ScheduledOperationAccepted',
      'MediaKind.ScheduledOperationOngoing',
      'MediaKind.ScheduledOperationCompleted',
      'MediaKind.ScheduledOperationError',
    ]);
    expect([...MKIO_EVENT_TYPES].sort()).toEqual([...covered].sort());
  });
});

describe('live state words → phases', () => {
  const started = (word: string) => eventOf(normalizeMkio(cloudEvent('MediaKind.ChannelInstanceStarted', `${V1}/live/liveChannels/ch1`, liveApi('ch1', word)), context));
  const media = (word: string) => eventOf(normalizeMkio(cloudEvent('MediaKind.ChannelInstanceStarted', `${V1}/media/liveEvents/le1`, mediaLive('le1', word)), context));

  it.each([
    ['', 'pending'],
    ['Pending', 'pending'],
    ['Allocating', 'pending'],
    ['Allocated', 'pending'],
    ['Starting', 'pending'],
    ['Started', 'live'],
    ['Running', 'live'],
    ['Updating', 'live'],
    ['Stopping', 'idle'],
    ['Stopped', 'idle'],
    ['Deleting', 'deleted'],
    ['Deleted', 'deleted'],
    ['UnableToStart', 'failed'],
  ])('Live API status.state "%s" → %s', (word, phase) => {
    expect(started(word).phase).toBe(phase);
  });

  it.each([
    ['Allocating', 'pending'],
    ['Starting', 'pending'],
    ['Running', 'live'],
    ['StandBy', 'idle'],
    ['Stopping', 'idle'],
    ['Stopped', 'idle'],
    ['Deleting', 'deleted'],
  ])('Media API properties.resourceState %s → %s', (word, phase) => {
    expect(media(word).phase).toBe(phase);
  });

  it('the Live API\'s "" is kept as a storable word', () => {
    expect(started('')).toMatchObject({ state: '""', phase: 'pending' });
  });

  it('data.resource wins over data.state', () => {
    const event = eventOf(
      normalizeMkio(cloudEvent('MediaKind.ChannelInstanceStopped', `${V1}/media/liveEvents/le1`, mediaLive('le1', 'Stopped'), { state: 'Running', previousState: 'Stopping' }), context),
    );
    expect(event).toMatchObject({ state: 'Stopped', previousState: 'Stopping', phase: 'idle' });
  });

  it.each([
    ['MediaKind.ChannelInstanceStarted', 'Warming', 'live'],
    ['MediaKind.ChannelInstanceStopped', 'Hibernating', 'idle'],
  ])('%s with the undocumented word %s → the event type decides (%s), and a note says so', (type, word, phase) => {
    const outcome = normalizeMkio(cloudEvent(type, `${V1}/live/liveChannels/ch1`, liveApi('ch1', word)), context);
    expect(eventOf(outcome)).toMatchObject({ state: word, phase });
    expect(outcome.outcome === 'events' && outcome.notes).toEqual([expect.stringContaining(`undocumented MK.IO live state "${word}"`)]);
  });

  it('a scheduled operation with an undocumented word goes by its event type', () => {
    const outcome = normalizeMkio(cloudEvent('MediaKind.ScheduledOperationOngoing', `${V1}/live/liveEvents/ev1/scheduledOperations/op1`, operation('op1', 'Running')), context);
    expect(eventOf(outcome)).toMatchObject({ state: 'Running', phase: 'processing' });
    expect(outcome.outcome === 'events' && outcome.notes).toEqual([expect.stringContaining('undocumented MK.IO scheduled-operation state "Running"')]);
  });

  it('a documented word gives no note', () => {
    const outcome = normalizeMkio(cloudEvent('MediaKind.ChannelInstanceStarted', `${V1}/live/liveChannels/ch1`, liveApi('ch1', 'Running')), context);
    expect(outcome).not.toHaveProperty('notes');
  });

  it('notes a live event from another API than the one the connection polls', () => {
    const polling = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 'x', apiToken: 't' });
    const outcome = normalizeMkio(cloudEvent('MediaKind.ChannelInstanceStarted', `${V1}/live/liveChannels/ch1`, liveApi('ch1', 'Running')), { ...context, connection: polling });
    expect(outcome.outcome === 'events' && outcome.notes).toEqual([expect.stringContaining('set liveApi: liveChannels')]);
    const matching = MkioConnection.parse({ name: 'main', provider: 'mkio', secret: 'x', apiToken: 't', liveApi: 'liveChannels' });
    expect(normalizeMkio(cloudEvent('MediaKind.ChannelInstanceStarted', `${V1}/live/liveChannels/ch1`, liveApi('ch1', 'Running')), { ...context, connection: matching })).not.toHaveProperty('notes');
  });
});

describe('bad live and scheduled-operation events name the field', () => {
  it.each<[string, string, string, Resource | undefined, { state?: string }]>([
    ['data.state', 'MediaKind.ChannelInstanceStarted', `${V1}/live/liveChannels/ch1`, { metadata: { name: 'ch1' } }, {}],
    ['data.state', 'MediaKind.ScheduledOperationCompleted', `${V1}/live/liveChannels/ch1/scheduledOperations/op1`, undefined, {}],
    ['source', 'MediaKind.ChannelInstanceStarted', 'urn:x', { properties: { resourceState: 'Running' } }, {}],
    ['source', 'MediaKind.ChannelInstanceStarted', 'urn:x', { name: '../etc', properties: { resourceState: 'Running' } }, {}],
    ['source', 'MediaKind.ChannelInstanceStarted', `${V1}/live/liveThings/x`, { status: { state: 'Running' } }, {}],
    ['source', 'MediaKind.ChannelInstanceStarted', '/api/v1/projects/ev%il/live/liveChannels/ch1', liveApi('ch1', 'Running'), {}],
    ['source', 'MediaKind.ChannelInstanceStarted', `${V1}/media/transforms/t1/jobs/j1`, liveApi('ch1', 'Running'), {}],
    ['source', 'MediaKind.ScheduledOperationAccepted', 'urn:op:1', operation('op1', 'Accepted'), {}],
    ['source', 'MediaKind.ScheduledOperationAccepted', `${V1}/live/liveChannels/ch1`, operation('op1', 'Accepted'), {}],
    ['data.resource.id', 'MediaKind.ChannelInstanceStopped', 'urn:x', { name: 'le1', id: '/api/ams/other/liveEvents/le1', properties: { resourceState: 'Stopped' } }, {}],
  ])('%s: %s from %s', (field, type, source, resource, data) => {
    const json = cloudEvent(type, source, resource, data);
    if (field === 'data.resource.id') json.source = `${V1}/unknown/le1`;
    expect(fieldOf(json)).toBe(field);
  });
});

/** Reconcile maps delivery-history sources to resource keys through these two; every accepted form comes out of them. */
describe('parseMkioSource + mkioResourceOf', () => {
  it.each([
    [`${V1}/transforms/t1/jobs/j1`, 'job', 't1/j1'],
    ['/api/ams/acme/streamingLocators/loc1', 'locator', 'loc1'],
    [`${V1}/media/liveEvents/le1`, 'live', 'le1'],
    ['/api/ams/acme/liveEvents/le1', 'live', 'le1'],
    [`${V1}/live/liveChannels/ch1`, 'live', 'ch1'],
    [`${V1}/live/staticMultiviewEvents/mv1/`, 'live', 'mv1'],
    [`${V1}/live/liveEvents/ev1/scheduledOperations/op1`, 'scheduled-operation', 'liveEvents/ev1/op1'],
    [`${V1}/media/liveEvents/le1/scheduledOperations/op1`, 'scheduled-operation', 'liveEvents/le1/op1'],
  ])('%s → %s %s', (source, kind, id) => {
    const ref = parseMkioSource(source);
    expect(ref).toMatchObject({ project: 'acme' });
    expect(mkioResourceOf(ref!)).toEqual({ kind, id });
  });

  it('says which API a live source names', () => {
    expect(parseMkioSource(`${V1}/media/liveEvents/le1`)).toEqual({ kind: 'live', project: 'acme', api: 'media', name: 'le1' });
    expect(parseMkioSource(`${V1}/live/liveEvents/le1`)).toEqual({ kind: 'live', project: 'acme', api: 'liveEvents', name: 'le1' });
  });

  it.each([`${V1}/live/liveThings/x`, `${V1}/live/liveChannels/ch1/scheduledOperations`, `${V1}/live/liveChannels/ch1/outputs/o1`, `${V1}/live/liveChannels/../x`])(
    '%s is nothing Reelflow tracks',
    (source) => {
      expect(parseMkioSource(source)).toBeUndefined();
    },
  );
});
