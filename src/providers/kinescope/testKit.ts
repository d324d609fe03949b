import type { ProviderTestKit, SignedWebhook } from '../types';
import { basicAuthorization } from './basicAuth';
import type { KinescopeConnection } from './connection';
import { liveEventKey } from './keys';
import { MEDIA_EVENT, type LiveEventName } from './states';

/** A webhook body exactly as Kinescope serializes it: `{event, data}`, nothing else. */
export const kinescopeBody = (event: string, data: Record<string, unknown>): string => JSON.stringify({ event, data });

/**
 * The request Kinescope makes for `body`: HTTP Basic with the webhook's login and password
 * (Kinescope's only credential), none when the webhook has neither.
 */
export function signKinescope(login: string, password: string, body: string): SignedWebhook {
  return {
    body,
    headers: { 'content-type': 'application/json', ...(login || password ? { authorization: basicAuthorization(login, password) } : {}) },
  };
}

const live = (name: LiveEventName, data: Record<string, unknown>) => kinescopeBody(name, data);

export const kinescopeTestKit: ProviderTestKit<KinescopeConnection> = {
  // Kinescope's keys carry the connection's name as account (its webhooks name no workspace).
  connection: ({ name, account }) => ({
    entry: { name, provider: 'kinescope', username: `reelflow-${account}`, password: `test-password-${account}` },
    account: name,
  }),
  sign: (connection, body) => signKinescope(connection.username ?? '', connection.password?.[0] ?? '', body),
  /**
   * Created, enabled, live, a drop, back, finished with its recording. Kinescope sends nothing
   * when a live event is deleted (a poll's 404 says so), so the webhooks end with live.finished.
   */
  liveSession: (connection) => {
    const eventId = 'rf-live-session';
    const data = { event_id: eventId };
    return {
      key: liveEventKey(connection.name, eventId),
      bodies: [
        live('live.created', data),
        live('live.enabled', data),
        live('live.connected', data),
        live('live.disconnected', data),
        live('live.connected', data),
        live('live.finished', { ...data, video_id: `${eventId}-recording` }),
      ],
    };
  },
  sampleWebhook: (_connection, n) => kinescopeBody(MEDIA_EVENT, { id: `rf-sample-${n}`, status: 'done' }),
};
