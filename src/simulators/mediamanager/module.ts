import type { MediaManagerConnection } from '../../providers/mediamanager/connection';
import type { ProviderSimulator } from '../../providers/types';
import { startFakeMediaManager, type FakeMediaManager } from './fakeMediaManager';
import { mediaManagerScenarios } from './scenarios';
import { FakeMediaManagerSettings } from './settings';

export const mediaManagerSimulator: ProviderSimulator<MediaManagerConnection, FakeMediaManagerSettings, FakeMediaManager> = {
  optionsSchema: FakeMediaManagerSettings,
  start: (options) => startFakeMediaManager(options),
  // The team's webhook (team settings → Webhooks), with the connection's secret and signature scheme.
  connect(fake, connection, webhookUrl) {
    fake.setWebhook(webhookUrl, { secret: connection.secret[0]!, signature: connection.signature });
  },
  serves: (options, connection) => connection.apiToken === options.apiToken,
  demo: () => ({
    connection: {
      name: 'demo',
      provider: 'mediamanager',
      secret: '${MEDIAMANAGER_WEBHOOK_SECRET:-demo-secret}',
      apiBaseUrl: 'http://127.0.0.1:3103/api/v1',
      apiToken: 'demo-token',
      teamId: 1,
      on: [{ kind: 'media', phase: 'failed', run: ['alert'] }],
    },
    // Seconds instead of minutes: processing 3 s, idle 3 s after an encoder stops, GETs cached 5 s.
    options: { port: 3103, apiToken: 'demo-token', teamId: 1, getCacheMs: 5000, idleAfterMs: 3000, timing: { processingMs: 3000, masterMs: 1000 } },
  }),
  scenarios: mediaManagerScenarios,
};
