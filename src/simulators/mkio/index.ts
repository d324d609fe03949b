/** A fake MK.IO for tests, demo mode and `reelflow simulate`. */
export { startFakeMkio } from './fakeMkio';
export type { DeliveryFaults, FakeMkio, FakeMkioCounters, FakeMkioOptions, FakeMkioTiming, JobOutcome, JobRecord, WebhookRuleSpec } from './types';
export type { DeliveryRecord, DeliveryStatus } from './webhookRules';
export { MkioApiError } from './errors';
export * from './cloudEvents';
