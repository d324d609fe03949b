import { resourceKey, type ResourceKey } from '../../domain/resourceKey';

/**
 * Kinescope has no project or account in its webhooks: the connection's name is the account,
 * so `kinescope:<connection>:media:<video id>` and `kinescope:<connection>:live:<event id>`.
 */
export const videoKey = (connection: string, videoId: string): ResourceKey => resourceKey({ provider: 'kinescope', account: connection, kind: 'media', id: videoId });

export const liveEventKey = (connection: string, eventId: string): ResourceKey => resourceKey({ provider: 'kinescope', account: connection, kind: 'live', id: eventId });
