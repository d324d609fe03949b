import { z } from 'zod';
import type { ResourceRef } from '../../domain/resourceKey';
import { ProviderApiError } from '../apiError';
import type { FetchedState } from '../types';
import { mediaManagerApi } from './api';
import type { MediaManagerConnection } from './connection';
import { MEDIA_TOKEN } from './envelope';

/** The media list's answer: Laravel's paginated resource collection; items are kept as sent. */
const MediaList = z.looseObject({ data: z.array(z.looseObject({ token: z.unknown().optional(), id: z.unknown().optional() })) });

/**
 * What Media Manager's API can tell of a resource, in one GET. There is no single-item read: the
 * media list (`GET /media?team_id=…&filter[token]=…`) shows PUBLISHED media only, and the platform
 * caches every GET for 60 s (hence the adapter's minPollIntervalMs). So a listed media is ready
 * (published implies processed), and an absent one tells nothing: still processing, unpublished,
 * or deleted look alike. A livestream's own state (live, idle) is never in the list, so it is
 * never fetched.
 */
export async function fetchMediaManagerState(ref: ResourceRef, connection: MediaManagerConnection, fetchImpl?: typeof fetch): Promise<FetchedState> {
  if (ref.kind !== 'media' && ref.kind !== 'live') throw new ProviderApiError(400, `Media Manager polling does not cover kind ${ref.kind}`);
  if (!MEDIA_TOKEN.test(ref.id)) throw new ProviderApiError(400, `not a Media Manager token: "${ref.id.slice(0, 80)}"`);
  // Listed or not, the list cannot tell a livestream's state: no GET spent on it.
  if (ref.kind === 'live') return { outcome: 'unknown', detail: 'the media list does not say whether a livestream is live or idle' };
  if (/^\d+$/.test(ref.id)) return { outcome: 'unknown', detail: 'known by its numeric id only; the media list filters by token' };
  // Without a team the platform answers 422; like a missing token it is a config problem, not a retry.
  if (!connection.teamId) throw new ProviderApiError(401, `connection ${connection.name} has no teamId for the Media Manager API`);

  const answer = await mediaManagerApi(connection, fetchImpl).get<unknown>('/media', { team_id: connection.teamId, 'filter[token]': ref.id });
  const parsed = MediaList.safeParse(answer);
  if (!parsed.success) throw new ProviderApiError(502, 'Media Manager media list answer has no data array');
  const item = parsed.data.data.find((media) => media.token === ref.id);
  if (!item) return { outcome: 'unknown', detail: 'not in the published media list (processing, unpublished or deleted look alike)' };
  return { outcome: 'state', state: 'published', phase: 'ready', resource: item };
}
