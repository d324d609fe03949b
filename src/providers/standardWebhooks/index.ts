import { videoSaasSimulator } from '../../simulators/standardWebhooks/module';
import { fixedAccountOf } from '../mapping/connectionFields';
import type { ProviderAdapter, ProviderModule } from '../types';
import { StandardWebhooksConnection } from './connection';
import { normalizeStandardWebhook } from './normalize';
import { standardWebhooksTestKit } from './testKit';
import { verifyStandardWebhook } from './verify';

/**
 * Any service that signs its webhooks the Standard Webhooks way (standardwebhooks.com), its
 * events mapped to resources by the connection's `mapping`. No API Reelflow could read: webhooks only.
 */
export const standardWebhooksAdapter: ProviderAdapter<StandardWebhooksConnection> = {
  name: 'standard-webhooks',
  title: 'Standard Webhooks',
  connectionSchema: StandardWebhooksConnection,
  verify: (request, connection) => verifyStandardWebhook(request, connection.secret),
  parse: normalizeStandardWebhook,
  payloadFields: { eventId: 'webhook-id', type: 'type', occurredAt: 'timestamp', resource: 'data' },
  canPoll: () => false,
  accountOf: fixedAccountOf,
  // Never polled (no fetchState); the rate is the registry's required field, unused.
  defaultPollRatePerSecond: 1,
};

export const standardWebhooks: ProviderModule<StandardWebhooksConnection> = {
  adapter: standardWebhooksAdapter,
  simulator: videoSaasSimulator,
  testKit: standardWebhooksTestKit,
};

export { StandardWebhooksConnection } from './connection';
