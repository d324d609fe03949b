import { z } from 'zod';
import type { KinescopeConnection } from '../../providers/kinescope/connection';
import { wantedWebhook } from '../../providers/kinescope/webhooks';
import type { ProviderSimulator } from '../../providers/types';
import { FakeBaseOptions } from '../kit/options';
import { startFakeKinescope } from './fakeKinescope';
import { kinescopeScenarios } from './scenarios';
import type { FakeKinescope } from './types';

/** `simulators.kinescope:` in the config. */
export const FakeKinescopeSettings = FakeBaseOptions.extend({
  port: z.number().int().min(0).max(65535).default(3102),
  /** Required as `Authorization: Bearer <apiToken>`; a connection with this apiToken is served by the fake. */
  apiToken: z.string().min(1),
  /** Video clock: pending, uploading and pre-processing last `stepMs` each, processing `processingMs`. */
  timing: z.strictObject({ stepMs: z.number().int().nonnegative().optional(), processingMs: z.number().int().nonnegative().optional() }).default({}),
});
export type FakeKinescopeSettings = z.infer<typeof FakeKinescopeSettings>;

export const kinescopeSimulator: ProviderSimulator<KinescopeConnection, FakeKinescopeSettings, FakeKinescope> = {
  optionsSchema: FakeKinescopeSettings,
  start: (options) => startFakeKinescope(options),
  // The same webhook `reelflow webhooks sync` would register: its name, Basic credentials and tracked events.
  connect: (fake, connection, webhookUrl) => void fake.putWebhook(wantedWebhook(connection, webhookUrl)),
  serves: (options, connection) => connection.apiToken === options.apiToken,
  demo: () => ({
    connection: {
      name: 'demo',
      provider: 'kinescope',
      username: 'reelflow',
      password: '${KINESCOPE_WEBHOOK_PASSWORD:-demo-password}',
      apiBaseUrl: 'http://127.0.0.1:3102',
      apiToken: 'demo-token',
      on: [{ kind: 'media', phase: 'failed', run: ['alert'] }],
    },
    options: { port: 3102, apiToken: 'demo-token', timing: { stepMs: 1000, processingMs: 3000 } },
  }),
  scenarios: kinescopeScenarios,
};
