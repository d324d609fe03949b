import type { ProviderPhase as Phase } from '../../domain/phase';

/**
 * What a FastPix event type is about, before any payload is read: which resource it moves, to
 * which phase, or which aspect of it. The whole mapping table of the README lives here.
 */
export type FastpixEventClass =
  /** The media's own state, or one aspect of it (`metadata`, a transform such as `mp4Support`). */
  | { subject: 'media'; phase: Phase; aspect?: string; undocumented?: boolean }
  /** A track of a media: aspect `track:<track id>` of the media. */
  | { subject: 'track'; phase: Phase }
  /** An in-video AI result: aspect `mediaAI.<x>` of the media. */
  | { subject: 'mediaAI'; aspect: string }
  /** `video.media.live_stream.created`: a live stream recorded into a new media (links both). */
  | { subject: 'recording' }
  | { subject: 'live'; phase: Phase; aspect?: string }
  /** `phase` absent: it comes from `data.status` (`video.live_stream.simulcast_target.updated`). */
  | { subject: 'simulcast'; phase?: Phase };

const MEDIA: Record<string, Phase> = {
  'video.media.created': 'pending',
  'video.media.upload': 'pending',
  'video.upload.media_created': 'pending',
  'video.media.ready': 'ready',
  'video.media.failed': 'failed',
  'video.media.upload.cancelled': 'canceled',
  'video.media.deleted': 'deleted',
};

/** Transform events FastPix documents (`video.media.<x>.ready`; `source` also has `.deleted`). */
export const FASTPIX_TRANSFORMS = ['intro', 'outro', 'expunge', 'splicing', 'imposeAudio', 'swapAudio', 'watermark', 'optimize_audio', 'mp4Support', 'subtitle.generated', 'source'] as const;
const KNOWN_TRANSFORMS = new Set<string>(FASTPIX_TRANSFORMS);

const TRACK: Record<string, Phase> = { created: 'pending', ready: 'ready', failed: 'failed', updated: 'ready', deleted: 'deleted' };

export const FASTPIX_MEDIA_AI = ['chapters', 'namedEntities', 'named-entities', 'summary', 'moderation'] as const;
const MEDIA_AI = new Set<string>(FASTPIX_MEDIA_AI);

/** `disconnected` is temporary (inside the reconnect window); `idle` is the definitive end of a session. */
const LIVE: Record<string, Phase> = {
  created: 'idle',
  preparing: 'pending',
  connected: 'pending',
  recording: 'live',
  active: 'live',
  disconnected: 'pending',
  idle: 'idle',
  disabled: 'idle',
  enabled: 'idle',
  deleted: 'deleted',
};

const SIMULCAST: Record<string, Phase | undefined> = { created: 'idle', updated: undefined, deleted: 'deleted' };

/** `data.status` of a simulcast target; any other word is idle. */
const SIMULCAST_STATUS: Record<string, Phase> = { broadcasting: 'live', starting: 'pending', failed: 'failed' };

/** Own keys only: a type such as `video.live_stream.constructor` must not find a prototype member. */
const own = (table: object, key: string): boolean => Object.hasOwn(table, key);

/** A name of letters, digits and `_.-` (`subtitle.generated`): anything stranger is not a transform FastPix would send. */
const TRANSFORM = /^video\.media\.([A-Za-z0-9_.-]{1,100})\.(ready|deleted)$/;

export function classifyFastpixEvent(type: string): FastpixEventClass | undefined {
  if (own(MEDIA, type)) return { subject: 'media', phase: MEDIA[type]! };
  if (type === 'video.media.updated') return { subject: 'media', phase: 'ready', aspect: 'metadata' };
  if (type === 'video.media.live_stream.created') return { subject: 'recording' };

  const track = /^video\.media\.track\.([a-z]+)$/.exec(type)?.[1];
  if (track !== undefined) return own(TRACK, track) ? { subject: 'track', phase: TRACK[track]! } : undefined;

  const ai = /^video\.mediaAI\.(.+)\.ready$/.exec(type)?.[1];
  if (ai !== undefined) return MEDIA_AI.has(ai) ? { subject: 'mediaAI', aspect: `mediaAI.${ai}` } : undefined;

  // Any other `video.media.<x>.ready|deleted` is a transform: new ones are taken as aspects too.
  const transform = TRANSFORM.exec(type);
  if (transform) {
    const [, name, outcome] = transform as unknown as [string, string, 'ready' | 'deleted'];
    return { subject: 'media', phase: outcome, aspect: name, ...(KNOWN_TRANSFORMS.has(name) ? {} : { undocumented: true }) };
  }

  const simulcast = /^video\.live_stream\.simulcast_target\.([a-z_]+)$/.exec(type)?.[1];
  if (simulcast !== undefined) return own(SIMULCAST, simulcast) ? { subject: 'simulcast', phase: SIMULCAST[simulcast] } : undefined;

  const live = /^video\.live_stream\.([a-z_]+)$/.exec(type)?.[1];
  if (live === 'updated') return { subject: 'live', phase: 'ready', aspect: 'metadata' };
  if (live !== undefined && own(LIVE, live)) return { subject: 'live', phase: LIVE[live]! };
  return undefined;
}

/** A simulcast target's phase from its `data.status`; `known` is false for a word FastPix never documented. */
export function simulcastPhase(status: string | null | undefined): { phase: Phase; known: boolean } {
  if (status && own(SIMULCAST_STATUS, status)) return { phase: SIMULCAST_STATUS[status]!, known: true };
  return { phase: 'idle', known: status === undefined || status === null || status === 'idle' };
}
