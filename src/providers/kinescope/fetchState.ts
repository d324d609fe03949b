import type { ResourceRef } from '../../domain/resourceKey';
import { ProviderApiError } from '../apiError';
import type { FetchedState } from '../types';
import { kinescopeApi, kinescopePath } from './api';
import type { KinescopeConnection } from './connection';
import { LIVE_EVENT_PHASES, liveStatusEvent, videoPhase } from './states';

/** Kinescope answers every read as `{ data: {...} }`. */
interface KinescopeAnswer {
  data?: { id?: string; status?: unknown } & Record<string, unknown>;
}

const pathOf = (ref: ResourceRef): string => {
  if (ref.kind === 'media') return kinescopePath`/v1/videos/${ref.id}`;
  if (ref.kind === 'live') return kinescopePath`/v2/live/events/${ref.id}`;
  throw new ProviderApiError(400, `Kinescope polling does not cover kind ${ref.kind}`);
};

/** The full video or live event in one GET (`data`): what actions read once it is terminal. */
export async function fetchKinescopeResource(ref: ResourceRef, connection: KinescopeConnection, fetchImpl?: typeof fetch): Promise<unknown> {
  const answer = await kinescopeApi(connection, fetchImpl).get<KinescopeAnswer>(pathOf(ref));
  return answer?.data;
}

/**
 * The current state in one GET. A video's `status` is documented and mapped like the webhook's;
 * a live event's is not, so only the words we know count, in the webhooks' vocabulary, and any
 * other answer is `unknown` (a poll never invents a state). A 404 is `gone`, mapped by the poll activity.
 */
export async function fetchKinescopeState(ref: ResourceRef, connection: KinescopeConnection, fetchImpl?: typeof fetch): Promise<FetchedState> {
  const resource = await fetchKinescopeResource(ref, connection, fetchImpl);
  const status = resource && typeof resource === 'object' ? (resource as { status?: unknown }).status : undefined;
  if (typeof status !== 'string' || status === '' || !/^[\x20-\x7E]{1,200}$/.test(status)) {
    return { outcome: 'unknown', detail: `Kinescope ${ref.kind === 'live' ? 'live event' : 'video'} ${ref.id} answered without a usable data.status` };
  }
  if (ref.kind === 'media') return { outcome: 'state', state: status, phase: videoPhase(status), resource };
  const event = liveStatusEvent(status);
  if (!event) return { outcome: 'unknown', detail: `Kinescope live event ${ref.id} has status "${status}", which Reelflow does not know` };
  return { outcome: 'state', state: event, phase: LIVE_EVENT_PHASES[event], resource };
}
