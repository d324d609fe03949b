import type { CanonicalEvent } from '../../domain/canonicalEvent';
import type { ProviderPhase as Phase } from '../../domain/phase';
import { resourceKey } from '../../domain/resourceKey';
import { PayloadError, payloadErrorFromZod } from '../errors';
import type { ParseContext, ParseOutcome } from '../types';
import { MkioCloudEvent } from './cloudEvent';
import type { MkioConnection } from './connection';
import type { MkioEventType } from './eventTypes';
import { readEventState } from './liveStates';
import { MKIO_NAME, mkioResourceOf, mkioSourceProject, parseMkioSource, printable, type MkioSourceRef } from './source';
import { jobPhase, locatorPhase } from './states';

type Family = MkioSourceRef['kind'];

/** What each MK.IO event type is about; any other valid type is answered `ignored`. */
const FAMILY_OF_TYPE: Record<MkioEventType | 'MediaKind.JobErrored', Family> = {
  'MediaKind.JobStarted': 'job',
  'MediaKind.JobFinished': 'job',
  // Only in a draft page of MK.IO's docs; tolerated as a job event.
  'MediaKind.JobErrored': 'job',
  'MediaKind.StreamingLocatorCreated': 'locator',
  'MediaKind.ChannelInstanceStarted': 'live',
  'MediaKind.ChannelInstanceStopped': 'live',
  'MediaKind.ChannelInstanceError': 'live',
  'MediaKind.ScheduledOperationAccepted': 'scheduled-operation',
  'MediaKind.ScheduledOperationOngoing': 'scheduled-operation',
  'MediaKind.ScheduledOperationCompleted': 'scheduled-operation',
  'MediaKind.ScheduledOperationError': 'scheduled-operation',
};
const familyOf = (type: string): Family | undefined => (Object.hasOwn(FAMILY_OF_TYPE, type) ? FAMILY_OF_TYPE[type as MkioEventType] : undefined);

const WHAT: Record<Family, string> = { job: 'transform and job', locator: 'streaming locator', live: 'live channel or event', 'scheduled-operation': 'scheduled operation' };

/**
 * The resource's names from `source`, then `data.resource.id` (an AMS path), then, for the kinds
 * whose name alone is their id, `data.resource.name` (or a Live API resource's `metadata.name`):
 * MK.IO documents no `source` for ChannelInstance events, so any form is tolerated.
 */
function resolveRef(event: MkioCloudEvent, family: Family): MkioSourceRef {
  const resource = event.data?.resource;
  const fromSource = parseMkioSource(event.source);
  const fromResourceId = resource?.id ? parseMkioSource(resource.id, 'data.resource.id') : undefined;
  const ref = fromSource ?? fromResourceId;
  if (ref) return ref;
  const name = resource?.name ?? resource?.metadata?.name;
  if (name !== undefined && MKIO_NAME.test(name)) {
    if (family === 'locator') return { kind: 'locator', locator: name };
    if (family === 'live') return { kind: 'live', name };
  }
  throw new PayloadError('source', `cannot find the ${WHAT[family]} in "${event.source.slice(0, 200)}"`);
}

/** The state and phase an event carries, with a note when MK.IO's word was never documented. */
function stateOf(event: MkioCloudEvent, family: Family): { state: string; previousState?: string; phase: Phase; note?: string } {
  if (family === 'live' || family === 'scheduled-operation') return readEventState(event, family);
  const state = event.data?.state ?? event.data?.resource?.properties?.state;
  if (!state) throw new PayloadError('data.state', 'required: neither data.state nor data.resource.properties.state is present');
  return { state, previousState: event.data?.previousState, phase: family === 'job' ? jobPhase(state) : locatorPhase(state) };
}

/** Polls read the API the connection names first: a live event from another API costs them extra GETs to find. */
function liveApiNote(ref: MkioSourceRef, connection: MkioConnection): string | undefined {
  if (ref.kind !== 'live' || ref.api === undefined || !connection.apiToken) return undefined;
  const polled = connection.liveApi ?? 'media';
  if (ref.api === polled) return undefined;
  return `live ${ref.name}: its source names the ${ref.api === 'media' ? 'Media API' : `Live API ${ref.api}`}, but this connection polls ${polled === 'media' ? 'the Media API' : `Live API ${polled}`} (set liveApi: ${ref.api})`;
}

export function normalizeMkio(json: unknown, context: ParseContext<MkioConnection>): ParseOutcome {
  const parsed = MkioCloudEvent.safeParse(json);
  if (!parsed.success) throw payloadErrorFromZod(parsed.error.issues);
  const event = parsed.data;
  const family = familyOf(event.type);
  if (!family) {
    // Any string is a valid type: the reason quotes it bounded, so a 900 KB type is not echoed twice.
    return { outcome: 'ignored', eventId: event.id, type: event.type, reason: `MK.IO event type ${printable(event.type)} is not tracked` };
  }

  // A project named by the source is the project, even when the names come from data.resource:
  // data.projectName only fills in for a source that names none.
  const sourceProject = mkioSourceProject(event.source);
  const ref = resolveRef(event, family);
  if (ref.kind !== family) throw new PayloadError('source', `${event.type} does not point at a ${WHAT[family]}`);
  if (sourceProject && ref.project && ref.project !== sourceProject) {
    throw new PayloadError('data.resource.id', `project "${ref.project}" differs from the source's "${sourceProject}"`);
  }
  const project = sourceProject ?? ref.project ?? event.data?.projectName ?? context.connection.project;
  if (!project || !MKIO_NAME.test(project)) throw new PayloadError('data.projectName', 'no valid MK.IO project in source or data.projectName');
  if (context.connection.project && project !== context.connection.project) {
    throw new PayloadError('source', `project "${project}" is not this connection's project`);
  }

  const { state, previousState, phase, note } = stateOf(event, family);
  const { kind, id } = mkioResourceOf(ref);
  const receivedAt = context.receivedAt.toISOString();
  const canonical: CanonicalEvent = {
    provider: 'mkio',
    connection: context.connection.name,
    account: project,
    eventId: event.id,
    type: event.type,
    kind,
    id,
    key: resourceKey({ provider: 'mkio', account: project, kind, id }),
    state,
    previousState,
    phase,
    occurredAt: event.time ? new Date(event.time).toISOString() : receivedAt,
    receivedAt,
    via: 'webhook',
    source: event.source,
    resource: event.data?.resource,
  };
  const notes = [note, liveApiNote(ref, context.connection)].filter((n): n is string => n !== undefined);
  return { outcome: 'events', events: [canonical], ...(notes.length > 0 ? { notes } : {}) };
}
