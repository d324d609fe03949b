import type { ResourceRef } from '../../domain/resourceKey';
import { ProviderApiError } from '../apiError';
import type { FetchedState } from '../types';
import { fastpixApi, liveStreamPath, mediaPath } from './api';
import type { FastpixConnection } from './connection';
import { withoutCredentials } from './resource';
import { liveStatusPhase, mediaStatusPhase } from './states';

/** What FastPix answers a GET with: `{ success, data }`, `data` being the media or the live stream. */
interface FastpixAnswer {
  success?: boolean;
  data?: { status?: unknown; workspaceId?: unknown } & Record<string, unknown>;
}

async function read(ref: ResourceRef, connection: FastpixConnection, fetchImpl?: typeof fetch): Promise<FastpixAnswer['data']> {
  const path = ref.kind === 'media' ? mediaPath(ref.id) : liveStreamPath(ref.id);
  const answer = await fastpixApi(connection, fetchImpl).get<FastpixAnswer>(path);
  return answer && typeof answer === 'object' && answer.data && typeof answer.data === 'object' ? withoutCredentials(answer.data) : undefined;
}

/**
 * The current state through FastPix's API in one GET (a 404 is `gone`, mapped once for every
 * provider by the poll activity). Simulcast targets have no GET of their own: `unknown`.
 */
export async function fetchFastpixState(ref: ResourceRef, connection: FastpixConnection, fetchImpl?: typeof fetch): Promise<FetchedState> {
  if (ref.kind !== 'media' && ref.kind !== 'live') return { outcome: 'unknown', detail: `FastPix has no API to read a ${ref.kind}` };
  const data = await read(ref, connection, fetchImpl);
  const status = data?.status;
  if (typeof status !== 'string' || status === '') return { outcome: 'unknown', detail: `FastPix answered no data.status for ${ref.kind} ${ref.id}` };
  // Tokens belong to one workspace: an answer from another one says nothing about this resource.
  const workspaceId = data?.workspaceId;
  if (typeof workspaceId === 'string' && ref.account !== connection.name && workspaceId !== ref.account) {
    return { outcome: 'unknown', detail: `FastPix answered for workspace ${workspaceId}, not ${ref.account}: check the connection's access token` };
  }
  if (ref.kind === 'media') return { outcome: 'state', state: status, phase: mediaStatusPhase(status), resource: data };
  const phase = liveStatusPhase(status);
  if (!phase) return { outcome: 'unknown', detail: `undocumented FastPix live stream status "${status.slice(0, 80)}"` };
  return { outcome: 'state', state: status, phase, resource: data };
}

/** The full media or live stream in one GET, for actions once it is terminal. */
export async function fetchFastpixResource(ref: ResourceRef, connection: FastpixConnection, fetchImpl?: typeof fetch): Promise<unknown> {
  if (ref.kind !== 'media' && ref.kind !== 'live') throw new ProviderApiError(400, `FastPix has no API to read a ${ref.kind}`);
  return read(ref, connection, fetchImpl);
}
