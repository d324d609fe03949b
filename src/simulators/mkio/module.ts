import { z } from 'zod';
import type { MkioConnection } from '../../providers/mkio/connection';
import { mkioRuleName } from '../../providers/mkio/deliveryHistory';
import { wantedMkioRule } from '../../providers/mkio/ruleSpec';
import type { ProviderSimulator } from '../../providers/types';
import { FakeBaseOptions } from '../kit/options';
import { startFakeMkio } from './fakeMkio';
import { mkioScenarios } from './scenarios';
import type { FakeMkio } from './types';

/** `simulators.mkio:` in the config. */
export const FakeMkioSettings = FakeBaseOptions.extend({
  port: z.number().int().min(0).max(65535).default(3100),
  /** Required as `Authorization: Bearer <token>`; a connection with this apiToken is served by the fake. */
  token: z.string().min(1),
  timing: z
    .strictObject({
      queuedMs: z.number().int().nonnegative().optional(),
      processingMs: z.number().int().nonnegative().optional(),
      liveStartingMs: z.number().int().nonnegative().optional(),
      liveStoppingMs: z.number().int().nonnegative().optional(),
      operationStepMs: z.number().int().nonnegative().optional(),
    })
    .default({}),
});
export type FakeMkioSettings = z.infer<typeof FakeMkioSettings>;

export const mkioSimulator: ProviderSimulator<MkioConnection, FakeMkioSettings, FakeMkio> = {
  optionsSchema: FakeMkioSettings,
  start: (options) => startFakeMkio(options),
  connect(fake, connection, webhookUrl) {
    if (!connection.project) throw new Error(`mkio connection ${connection.name} needs a project for the fake to send it webhooks`);
    // The rule `reelflow webhooks sync` would write, under the same name.
    fake.putRule(connection.project, mkioRuleName(connection), wantedMkioRule(connection, webhookUrl));
  },
  serves: (options, connection) => connection.apiToken === options.token && connection.project !== undefined,
  demo: () => ({
    connection: {
      name: 'demo',
      provider: 'mkio',
      project: 'demo',
      secret: '${MKIO_WEBHOOK_SECRET:-demo-secret}',
      apiBaseUrl: 'http://127.0.0.1:3100',
      apiToken: 'demo-token',
      // The fake serves both live APIs; the demo's channels are the Live API's (where scheduled operations live).
      liveApi: 'liveChannels',
      // A live channel's failure alerts by default; a failed scheduled operation (one-shot) is said here.
      // No `publish` on ready jobs: in the demo the VOD pipeline publishes its job, and a rule doing
      // it too would win the race (the pipeline would report its first publish as "already existed")
      // and fail on jobs the fake never ran (the README's hand-sent webhooks).
      on: [{ kind: 'scheduled-operation', phase: 'failed', run: ['alert'] }],
    },
    options: { port: 3100, token: 'demo-token', timing: { queuedMs: 1000, processingMs: 5000, liveStartingMs: 2000, liveStoppingMs: 1000, operationStepMs: 2000 } },
  }),
  scenarios: mkioScenarios,
};
