/** A fake FastPix for tests, demo mode and `reelflow simulate`. */
export { startFakeFastpix, DEFAULT_SIGNING_SECRET, DEFAULT_WORKSPACE_ID } from './fakeFastpix';
export type { DeliveryFaults, FakeFastpix, FakeFastpixCounters, FakeFastpixOptions, FakeFastpixTiming, FastpixEndpoint, LiveStreamRecord, MediaRecord } from './types';
export { FastpixApiError } from './errors';
export { fastpixEvent, type FastpixEvent, type FastpixEventInput } from './events';
export { liveStreamResource } from './liveStreams';
export { mediaResource } from './media';
