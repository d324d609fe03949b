import { PayloadError } from '../errors';

/**
 * Names out of an MK.IO `source`. The docs write job sources without `/media/`, the current
 * Media API puts `/media/` in, and the .NET SDK still uses the AMS-compatible `/api/ams/{p}/...`;
 * all three (with or without an origin in front) are accepted. Never fetched as given.
 */
export type MkioSourceRef =
  | { kind: 'job'; project?: string; transform: string; job: string }
  | { kind: 'locator'; project?: string; locator: string };

/** MK.IO resource names: letters, digits and a few separators; nothing that could escape a path. */
export const MKIO_NAME = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,259}$/;

/** Far above any real source (an origin and three names of at most 260): longer is not from MK.IO. */
export const MAX_SOURCE_LENGTH = 2048;

/** An MK.IO API path, any origin (or none) in front: the project segment, possibly empty or bad, then the rest. */
const API_PATH = /^(?:[a-z][a-z0-9+.-]*:)?(?:\/\/[^/]*)?\/api\/(?:v1\/projects\/([^/]*)(?:\/media)?|ams\/([^/]*))(?:\/(.*))?$/is;
const JOB = /^transforms\/([^/]+)\/jobs\/([^/?#]+)\/?$/;
const LOCATOR = /^streamingLocators\/([^/?#]+)\/?$/;

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
