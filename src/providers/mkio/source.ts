import type { Kind } from '../../domain/phase';
import { PayloadError } from '../errors';

/**
 * Names out of an MK.IO `source`. The docs write job sources without `/media/`, the current
 * Media API puts `/media/` in, and the .NET SDK still uses the AMS-compatible `/api/ams/{p}/...`;
 * all three (with or without an origin in front) are accepted. Live resources are `liveEvents/{name}`
 * there, or the Live API's `live/{resource_type}/{name}`; scheduled operations hang under the latter
 * (`.../scheduledOperations/{op}`). Never fetched as given.
 */
export type MkioSourceRef =
  | { kind: 'job'; project?: string; transform: string; job: string }
  | { kind: 'locator'; project?: string; locator: string }
  /** A live channel or event; `api` is the API its source names (`media` for the Media API and AMS forms), absent when none does. */
  | { kind: 'live'; project?: string; api?: MkioLiveApi; name: string }
  /** A scheduled operation of a Live API resource. */
  | { kind: 'scheduled-operation'; project?: string; resourceType: MkioLiveResourceType; name: string; operation: string };

/** The Live API's four kinds of live resource, as its paths spell them. */
export const MKIO_LIVE_RESOURCE_TYPES = ['liveChannels', 'liveEvents', 'staticMultiviewChannels', 'staticMultiviewEvents'] as const;
export type MkioLiveResourceType = (typeof MKIO_LIVE_RESOURCE_TYPES)[number];
/** Where a live resource lives: the Media API's `/media/liveEvents` or one of the Live API's collections. */
export type MkioLiveApi = 'media' | MkioLiveResourceType;
export const isLiveResourceType = (word: string): word is MkioLiveResourceType => (MKIO_LIVE_RESOURCE_TYPES as readonly string[]).includes(word);

/** MK.IO resource names: letters, digits and a few separators; nothing that could escape a path. */
export const MKIO_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,259}$/;

/** Far above any real source (an origin and three names of at most 260): longer is not from MK.IO. */
export const MAX_SOURCE_LENGTH = 2048;

/** An MK.IO API path, any origin (or none) in front: the project segment, possibly empty or bad, then the rest. */
const API_PATH = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/[^/]*)?\/api\/(?:v1\/projects\/([^/]*)(?:\/media)?|ams\/([^/]*))(?:\/(.*))?$/is;
const JOB = /^transforms\/([^/]+)\/jobs\/([^/?#]+)\/?$/;
const LOCATOR = /^streamingLocators\/([^/?#]+)\/?$/;
/** Media API (`/media/liveEvents/x`) and AMS (`/api/ams/{p}/liveEvents/x`) live events. */
const MEDIA_LIVE = /^liveEvents\/([^/?#]+)\/?$/;
const LIVE_API = /^live\/([^/]+)\/([^/?#]+)\/?$/;
/** Live API scheduled operations; the Media API spelling (`liveEvents/x/scheduledOperations/y`) is tolerated as liveEvents. */
const OPERATION = /^(?:live\/([^/]+)\/|(liveEvents)\/)([^/]+)\/scheduledOperations\/([^/?#]+)\/?$/;

const valid = (name: string | undefined): name is string => name !== undefined && MKIO_NAME.test(name);

/** A name as a person can read it in an answer: bounded, and anything outside printable ASCII escaped (`d\u0435mo` is not `demo`). */
export const printable = (name: string): string =>
  name.slice(0, 64).replace(/[^\x20-\x7e]|\\/g, (c) => (c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)) + (name.length > 64 ? '…' : '');

/**
 * The project an MK.IO API path names, or undefined when `source` is not such a path (a URN, a bare
 * `transforms/...`). A path whose project segment is not an MK.IO name (`evil:corp`, `demo%00`, a
 * Cyrillic look-alike) is refused: falling back to `data.projectName` would let it pass the
 * connection's project check.
 */
export function mkioSourceProject(source: string, field = 'source'): string | undefined {
  return splitApiPath(source, field)?.project;
}

/** The job or streaming locator a source (or `data.resource.id`) points at; throws as mkioSourceProject does. */
export function parseMkioSource(source: string, field = 'source'): MkioSourceRef | undefined {
  const api = splitApiPath(source, field);
  const rest = api ? api.rest : source.replace(/^\/+/, '');
  const project = api?.project;
  const job = JOB.exec(rest);
  if (job && valid(job[1]) && valid(job[2])) return { kind: 'job', project, transform: job[1], job: job[2] };
  const locator = LOCATOR.exec(rest);
  if (locator && valid(locator[1])) return { kind: 'locator', project, locator: locator[1] };
  const mediaLive = MEDIA_LIVE.exec(rest);
  if (mediaLive && valid(mediaLive[1])) return { kind: 'live', project, api: 'media', name: mediaLive[1] };
  const liveApi = LIVE_API.exec(rest);
  if (liveApi && isLiveResourceType(liveApi[1]!) && valid(liveApi[2])) return { kind: 'live', project, api: liveApi[1], name: liveApi[2] };
  const operation = OPERATION.exec(rest);
  const resourceType = operation?.[1] ?? operation?.[2];
  if (operation && resourceType && isLiveResourceType(resourceType) && valid(operation[3]) && valid(operation[4])) {
    return { kind: 'scheduled-operation', project, resourceType, name: operation[3], operation: operation[4] };
  }
  return undefined;
}

function splitApiPath(source: string, field: string): { project: string; rest: string } | undefined {
  if (source.length > MAX_SOURCE_LENGTH) throw new PayloadError(field, `longer than ${MAX_SOURCE_LENGTH} characters`);
  const api = API_PATH.exec(source);
  if (!api) return undefined;
  const project = api[1] ?? api[2] ?? '';
  if (!valid(project)) {
    throw new PayloadError(field, `project segment "${printable(project)}" is not an MK.IO name (letters, digits, ".", "_", "~", "-")`);
  }
  return { project, rest: api[3] ?? '' };
}

/**
 * The Reelflow kind and id of what a source names: a job is `<transform>/<job>`, a live resource
 * its name (whichever API), a scheduled operation `<resource_type>/<name>/<operation>`, so that
 * polling builds its GET path from the id alone.
 */
export function mkioResourceOf(ref: MkioSourceRef): { kind: Kind; id: string } {
  switch (ref.kind) {
    case 'job':
      return { kind: 'job', id: `${ref.transform}/${ref.job}` };
    case 'locator':
      return { kind: 'locator', id: ref.locator };
    case 'live':
      return { kind: 'live', id: ref.name };
    case 'scheduled-operation':
      return { kind: 'scheduled-operation', id: operationId(ref) };
  }
}

/** `<resource_type>/<name>/<operation>`: a scheduled operation's id, from which its GET path is built. */
export const operationId = (ref: { resourceType: MkioLiveResourceType; name: string; operation: string }): string => `${ref.resourceType}/${ref.name}/${ref.operation}`;

/** The names in a scheduled operation's id, or undefined when it is not one. */
export function splitOperationId(id: string): { resourceType: MkioLiveResourceType; name: string; operation: string } | undefined {
  const [resourceType, name, operation, ...rest] = id.split('/');
  if (rest.length > 0 || !resourceType || !isLiveResourceType(resourceType) || !valid(name) || !valid(operation)) return undefined;
  return { resourceType, name, operation };
}
