import { ProviderApiError } from '../apiError';
import { mkioPath } from './api';
import type { MkioConnection } from './connection';
import { MKIO_LIVE_RESOURCE_TYPES, printable, type MkioLiveApi } from './source';

/** Every API a live resource can live in, in the order a 404 makes polls look: the Media API, then the Live API's collections. */
export const MKIO_LIVE_APIS: readonly MkioLiveApi[] = ['media', ...MKIO_LIVE_RESOURCE_TYPES];

/** A live resource's path in one API. */
export function livePathIn(project: string, name: string, api: MkioLiveApi): string {
  return api === 'media' ? mkioPath`/api/v1/projects/${project}/media/liveEvents/${name}` : mkioPath`/api/v1/projects/${project}/live/${api}/${name}`;
}

/** The connection's `liveApi` (default the Media API) first, then the others in MKIO_LIVE_APIS order. */
export function liveApisToTry(connection: MkioConnection): MkioLiveApi[] {
  const configured = connection.liveApi ?? 'media';
  return [configured, ...MKIO_LIVE_APIS.filter((api) => api !== configured)];
}

const apiName = (api: MkioLiveApi): string => (api === 'media' ? 'the Media API' : `Live API ${api}`);

/** What an operator reads when the name lives elsewhere than `liveApi` says. */
export const misplacedLiveNote = (name: string, configured: MkioLiveApi, found: MkioLiveApi): string =>
  `live ${printable(name)}: not in ${apiName(configured)} (this connection's liveApi) but in ${apiName(found)}; set liveApi: ${found}`;

const isNotFound = (error: unknown): boolean => error instanceof ProviderApiError && error.status === 404;

/**
 * Reads a live resource by name through the configured API and, only when that answers 404,
 * through the other APIs in a fixed order: the key carries the name only, and a project may hold
 * Media API live events and Live API channels both, so a 404 there does not mean deleted.
 * These extra GETs (through the same client, inside the same poll) happen only on a 404 (a
 * deletion, once, since `deleted` ends a live resource; or a wrong `liveApi`, which the note logs
 * so it gets fixed) and are bounded by the number of APIs (at most four more). Any other error
 * (401, 429, 5xx) is thrown at once: it says nothing about where the name lives. When no API
 * knows the name, the configured API's 404 is thrown (the poll activity maps it to `gone`). `note`
 * says where it was found instead, for the operator to set `liveApi`.
 */
export async function readLive<T>(connection: MkioConnection, project: string, name: string, read: (path: string) => Promise<T>): Promise<{ value: T; note?: string }> {
  const [configured, ...others] = liveApisToTry(connection) as [MkioLiveApi, ...MkioLiveApi[]];
  try {
    return { value: await read(livePathIn(project, name, configured)) };
  } catch (first) {
    if (!isNotFound(first)) throw first;
    for (const api of others) {
      try {
        return { value: await read(livePathIn(project, name, api)), note: misplacedLiveNote(name, configured, api) };
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    throw first;
  }
}
