import type { ProviderPhase as Phase } from '../../domain/phase';

/** GET /v1/on-demand/{id} `data.status` → phase. Ready and Failed are terminal; a deleted media is a 404. */
const MEDIA_STATUS: Record<string, Phase> = {
  Created: 'pending',
  Downloading: 'processing',
  Downloaded: 'processing',
  Validating: 'processing',
  'In Queue': 'processing',
  Processing: 'processing',
  Ready: 'ready',
  Failed: 'failed',
};

/** The SDK's enum is open: a status FastPix adds later is taken as still processing, never terminal by accident. */
export const mediaStatusPhase = (status: string): Phase => (Object.hasOwn(MEDIA_STATUS, status) ? MEDIA_STATUS[status]! : 'processing');

/** GET /v1/live/streams/{id} `data.status` → phase; `disabled` takes no more publishing, yet the stream lives on. */
const LIVE_STATUS: Record<string, Phase> = { idle: 'idle', preparing: 'pending', active: 'live', disabled: 'idle' };

/** Undefined for a word FastPix never documented: a live stream's phase is not guessed. */
export const liveStatusPhase = (status: string): Phase | undefined => (Object.hasOwn(LIVE_STATUS, status) ? LIVE_STATUS[status] : undefined);
