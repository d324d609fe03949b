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

const PREFIX = /^(?:https?:\/\/[^/]+)?\/api\/(?:v1\/projects\/([^/]+)(?:\/media)?|ams\/([^/]+))\/(.+)$/;
const JOB = /^transforms\/([^/]+)\/jobs\/([^/?#]+)\/?$/;
const LOCATOR = /^streamingLocators\/([^/?#]+)\/?$/;

const valid = (name: string | undefined): name is string => name !== undefined && MKIO_NAME.test(name);

export function parseMkioSource(source: string): MkioSourceRef | undefined {
  const prefixed = PREFIX.exec(source);
  const project = prefixed ? (prefixed[1] ?? prefixed[2]) : undefined;
  const rest = prefixed ? prefixed[3]! : source.replace(/^\/+/, '');
  const job = JOB.exec(rest);
  if (job && valid(job[1]) && valid(job[2])) {
    return { kind: 'job', project: valid(project) ? project : undefined, transform: job[1], job: job[2] };
  }
  const locator = LOCATOR.exec(rest);
  if (locator && valid(locator[1])) {
    return { kind: 'locator', project: valid(project) ? project : undefined, locator: locator[1] };
  }
  return undefined;
}
