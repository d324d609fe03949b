import { cloudEventsSimulator } from '../../simulators/cloudevents/module';
import { fixedAccountOf } from '../mapping/connectionFields';
import type { ProviderAdapter, ProviderModule } from '../types';
import { CloudEventsConnection } from './connection';
import { normalizeCloudEvents } from './normalize';
import { cloudEventsTestKit } from './testKit';
import { verifyCloudEvents } from './verify';

/**
 * Any CloudEvents 1.0 source over HTTP (binary, structured or batch mode), its events mapped to
 * resources by the connection's `mapping`. It has no API Reelflow could read: webhooks only.
 */
export const cloudEventsAdapter: ProviderAdapter<CloudEventsConnection> = {
  name: 'cloudevents',
  title: 'CloudEvents',
  connectionSchema: CloudEventsConnection,
  verify: verifyCloudEvents,
  parse: normalizeCloudEvents,
  // The rest (id, state, account) come from fields the mapping names, and its errors name them.
  payloadFields: { eventId: 'id', type: 'type', source: 'source', occurredAt: 'time', resource: 'data' },
  canPoll: () => false,
  accountOf: fixedAccountOf,
  // Never polled (no fetchState); the rate is the registry's required field, unused.
  defaultPollRatePerSecond: 1,
};

export const cloudevents: ProviderModule<CloudEventsConnection> = {
  adapter: cloudEventsAdapter,
  simulator: cloudEventsSimulator,
  testKit: cloudEventsTestKit,
};

export { CloudEventsConnection } from './connection';
