import type { CanonicalEvent } from '../../domain/canonicalEvent';
import { resourceKey } from '../../domain/resourceKey';
import { PayloadError } from '../errors';
import type { ParseContext, ParseOutcome } from '../types';
import { MkioCloudEvent } from './cloudEvent';
import type { MkioConnection } from './connection';
import { MKIO_NAME, mkioSourceProject, parseMkioSource, printable, type MkioSourceRef } from './source';
import { jobPhase, locatorPhase } from './states';

/** MK.IO event types Reelflow tracks; any other valid type is answered `ignored`. */
const JOB_EVENTS = new Set(['MediaKind.JobStarted', 'MediaKind.JobFinished', 'MediaKind.JobErrored']);
const LOCATOR_EVENTS = new Set(['MediaKind.StreamingLocatorCreated']);

function zodField(issue: { path: PropertyKey[] }): string {
  return issue.path.map(String).join('.') || '(body)';
}

/** The resource's names from `source`, falling back to `data.resource`. */
function resolveRef(event: MkioCloudEvent): MkioSourceRef {
  const fromSource = parseMkioSource(event.source);
  const fromResourceId = event.data?.resource?.id ? parseMkioSource(event.data.resource.id, 'data.resource.id') : undefined;
  const ref = fromSource ?? fromResourceId;
  if (ref) return ref;
  const name = event.data?.resource?.name;
  if (LOCATOR_EVENTS.has(event.type) && name && MKIO_NAME.test(name)) return { kind: 'locator', locator: name };
  throw new PayloadError('source', `cannot find the ${LOCATOR_EVENTS.has(event.type) ? 'streaming locator' : 'transform and job'} in "${event.source.slice(0, 200)}"`);
}

export function normalizeMkio(json: unknown, context: ParseContext<MkioConnection>): ParseOutcome {
  const parsed = MkioCloudEvent.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PayloadError(zodField(issue), issue.message);
  }
  const event = parsed.data;
  const isJob = JOB_EVENTS.has(event.type);
  if (!isJob && !LOCATOR_EVENTS.has(event.type)) {
    // Any string is a valid type: the reason quotes it bounded, so a 900 KB type is not echoed twice.
    return { outcome: 'ignored', eventId: event.id, type: event.type, reason: `MK.IO event type ${printable(event.type)} is not tracked` };
  }

  // A project named by the source is the project, even when the names come from data.resource:
  // data.projectName only fills in for a source that names none.
  const sourceProject = mkioSourceProject(event.source);
  const ref = resolveRef(event);
  if (sourceProject && ref.project && ref.project !== sourceProject) {
    throw new PayloadError('data.resource.id', `project "${ref.project}" differs from the source's "${sourceProject}"`);
  }
  const project = sourceProject ?? ref.project ?? event.data?.projectName ?? context.connection.project;
  if (!project || !MKIO_NAME.test(project)) throw new PayloadError('data.projectName', 'no valid MK.IO project in source or data.projectName');
  if (context.connection.project && project !== context.connection.project) {
    throw new PayloadError('source', `project "${project}" is not this connection's project`);
  }

  const state = event.data?.state ?? event.data?.resource?.properties?.state;
  if (!state) throw new PayloadError('data.state', 'required: neither data.state nor data.resource.properties.state is present');

  const receivedAt = context.receivedAt.toISOString();
  const common = {
    provider: 'mkio',
    connection: context.connection.name,
    account: project,
    eventId: event.id,
    type: event.type,
    state,
    previousState: event.data?.previousState,
    occurredAt: event.time ? new Date(event.time).toISOString() : receivedAt,
    receivedAt,
    via: 'webhook' as const,
    source: event.source,
    resource: event.data?.resource,
  };
  const canonical: CanonicalEvent =
    ref.kind === 'job'
      ? {
          ...common,
          kind: 'job',
          id: `${ref.transform}/${ref.job}`,
          key: resourceKey({ provider: 'mkio', account: project, kind: 'job', id: `${ref.transform}/${ref.job}` }),
          phase: jobPhase(state),
        }
      : {
          ...common,
          kind: 'locator',
          id: ref.locator,
          key: resourceKey({ provider: 'mkio', account: project, kind: 'locator', id: ref.locator }),
          phase: locatorPhase(state),
        };
  if (isJob !== (ref.kind === 'job')) throw new PayloadError('source', `${event.type} does not point at a ${isJob ? 'job' : 'streaming locator'}`);
  return { outcome: 'events', events: [canonical] };
}
