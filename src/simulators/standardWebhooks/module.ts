import type { StandardWebhooksConnection } from '../../providers/standardWebhooks/connection';
import type { ProviderSimulator } from '../../providers/types';
import { startFakeVideoSaas, type FakeVideoSaas } from './fakeVideoSaas';
import { videoSaasScenarios } from './scenarios';
import { FakeVideoSaasSettings } from './settings';

/** The mapping of the SaaS's webhooks (README: generic sources, second worked example): the event type is the state. */
export const VIDEO_SAAS_MAPPING = {
  kind: 'media',
  id: 'data.id',
  state: 'type',
  phases: { media: { 'video.created': 'pending', 'video.processing': 'processing', 'video.ready': 'ready', 'video.failed': 'failed', 'video.deleted': 'deleted' } },
};

/** A demo signing secret (base64 of "reelflow-demo-signing-key-0001"); never use it for a real endpoint. */
const DEMO_SECRET = 'whsec_cmVlbGZsb3ctZGVtby1zaWduaW5nLWtleS0wMDAx';

/** A generic Standard Webhooks source: a fake video SaaS. It has no API Reelflow reads, so it serves every standard-webhooks connection. */
export const videoSaasSimulator: ProviderSimulator<StandardWebhooksConnection, FakeVideoSaasSettings, FakeVideoSaas> = {
  optionsSchema: FakeVideoSaasSettings,
  start: (options) => startFakeVideoSaas(options),
  // The endpoint is signed with the first secret, as a sender does until its rotation is done.
  connect: (fake, connection, webhookUrl) => fake.addEndpoint({ url: webhookUrl, secret: connection.secret[0]! }),
  serves: () => true,
  demo: () => ({
    connection: {
      name: 'demo',
      provider: 'standard-webhooks',
      secret: `\${STANDARD_WEBHOOKS_SECRET:-${DEMO_SECRET}}`,
      mapping: VIDEO_SAAS_MAPPING,
      on: [{ kind: 'media', phase: 'failed', run: ['alert'] }],
    },
    options: { port: 3105, timing: { createdMs: 1000, processingMs: 3000 } },
  }),
  scenarios: videoSaasScenarios,
};
