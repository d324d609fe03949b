import type { ProviderPhase as Phase } from '../../domain/phase';

/** Video `status` (webhook `data.status`, GET `data.status`) → phase. done, error and aborted are terminal. */
const VIDEO_PHASES: Record<string, Phase> = {
  pending: 'pending',
  uploading: 'pending',
  'pre-processing': 'processing',
  processing: 'processing',
  aborted: 'canceled',
  done: 'ready',
  error: 'failed',
  // Processing or uploading paused: it may resume, so never terminal.
  suspended: 'pending',
};

export const isKnownVideoStatus = (status: string): boolean => Object.hasOwn(VIDEO_PHASES, status);
/** An undocumented status is taken as still processing: never terminal by accident. */
export const videoPhase = (status: string): Phase => (isKnownVideoStatus(status) ? VIDEO_PHASES[status]! : 'processing');

export const MEDIA_EVENT = 'media.update.status';

/** The live events Reelflow tracks, each a phase of the live event (the stream) it names. */
export const LIVE_EVENT_PHASES = {
  'live.created': 'idle',
  // Viewers can open the page; the streamer has not connected yet.
  'live.enabled': 'pending',
  'live.connected': 'live',
  'live.disconnected': 'pending',
  'live.finished': 'idle',
  'live.cancelled': 'canceled',
} as const satisfies Record<string, Phase>;
export type LiveEventName = keyof typeof LIVE_EVENT_PHASES;

export const isLiveEventName = (event: string): event is LiveEventName => Object.hasOwn(LIVE_EVENT_PHASES, event);

/** Every event this adapter tracks: what `webhooks sync` and the fake subscribe a webhook to. */
export const TRACKED_EVENTS: readonly string[] = [MEDIA_EVENT, ...Object.keys(LIVE_EVENT_PHASES)];

/**
 * A live event's `status` from GET /v2/live/events/{id}, which Kinescope does not document, in the
 * webhooks' own words: a poll that confirms the last webhook is then `unchanged`, not a transition.
 */
const LIVE_STATUS_EVENTS: Record<string, LiveEventName> = {
  created: 'live.created',
  enabled: 'live.enabled',
  connected: 'live.connected',
  live: 'live.connected',
  active: 'live.connected',
  disconnected: 'live.disconnected',
  finished: 'live.finished',
  completed: 'live.finished',
  cancelled: 'live.cancelled',
  canceled: 'live.cancelled',
};

/** The webhook event a polled live status stands for, or undefined when the word is unknown. */
export const liveStatusEvent = (status: string): LiveEventName | undefined => (Object.hasOwn(LIVE_STATUS_EVENTS, status.toLowerCase()) ? LIVE_STATUS_EVENTS[status.toLowerCase()] : undefined);
