/** A fake Kinescope for tests, demo mode and `reelflow simulate`. */
export { startFakeKinescope } from './fakeKinescope';
export type { DeliveryFaults, FakeKinescope, FakeKinescopeCounters, FakeKinescopeOptions, VideoTiming, WebhookSpec } from './types';
export type { LiveEventResource } from './liveEvents';
export type { VideoResource } from './videos';
export type { WebhookResource } from './webhookStore';
export { KinescopeApiError } from './errors';
