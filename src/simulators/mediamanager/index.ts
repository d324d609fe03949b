/** A fake Media Manager for tests, demo mode and `reelflow simulate`. */
export { startFakeMediaManager, type FakeMediaManager } from './fakeMediaManager';
export { FakeMediaManagerSettings, type FakeMediaManagerOptions, type FakeMediaManagerTiming } from './settings';
export type { FakeMediaManagerCounters } from './counters';
export type { MediaRecord, MediaResource } from './media';
export { laravelTime, mediaResource, webhookBody } from './media';
export type { WebhookEndpoint, WebhookSettings } from './webhooks';
export { MediaManagerApiError } from './errors';
