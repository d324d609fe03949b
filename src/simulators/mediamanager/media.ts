/** What the fake knows of one media item; plain JSON so snapshots can be handed out safely. */
export interface MediaRecord {
  id: number;
  token: string;
  teamId: string;
  title: string;
  sourceUrl: string | null;
  live: boolean;
  published: boolean;
  autoPublish: boolean;
  /** The fake's own processing clock (the platform publishes no status field). */
  stage: 'processing' | 'processed' | 'failed';
  master: 'pending' | 'ready';
  /** Livestreams only: whether it accepts an encoder, and what the encoder is doing. */
  enabled: boolean;
  stream: 'offline' | 'live' | 'disconnected' | 'idle';
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Laravel serializes dates as ISO 8601 with microseconds: `2026-11-24T10:00:00.123000Z`. */
export const laravelTime = (at: Date): string => at.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Team ids are numbers on the platform; the fake keeps what it was given and shows numbers as numbers. */
const teamIdValue = (teamId: string): string | number => (/^\d{1,15}$/.test(teamId) ? Number(teamId) : teamId);

/** The media as the API lists it and as webhooks carry it (`data`). */
export function mediaResource(media: MediaRecord) {
  return {
    id: media.id,
    token: media.token,
    team_id: teamIdValue(media.teamId),
    title: media.title,
    description: null,
    published: media.published,
    live: media.live,
    video: true,
    audio: false,
    created_at: media.createdAt,
    updated_at: media.updatedAt,
    deleted_at: media.deletedAt,
  };
}
export type MediaResource = ReturnType<typeof mediaResource>;

/** A webhook body as the fake sends it: `{ event, data, created_at }`, no event id (the platform shows none). */
export function webhookBody(event: string, media: MediaRecord | MediaResource, at: Date) {
  const data = 'teamId' in media ? mediaResource(media) : media;
  return { event, data, created_at: laravelTime(at) };
}
