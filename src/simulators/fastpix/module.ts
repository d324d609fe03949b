import { z } from 'zod';
import type { FastpixConnection } from '../../providers/fastpix/connection';
import { WORKSPACE_ID } from '../../providers/fastpix/ids';
import { isBase64 } from '../../providers/fastpix/signature';
import type { ProviderSimulator } from '../../providers/types';
import { FakeBaseOptions } from '../kit/options';
import { DEFAULT_SIGNING_SECRET, DEFAULT_WORKSPACE_ID, startFakeFastpix } from './fakeFastpix';
import { fastpixScenarios } from './scenarios';
import type { FakeFastpix } from './types';

const Ms = z.number().int().nonnegative();

/** `simulators.fastpix:` in the config. */
export const FakeFastpixSettings = FakeBaseOptions.extend({
  port: z.number().int().min(0).max(65535).default(3101),
  /** HTTP Basic on every API call; a connection with this accessTokenId is served by the fake. */
  accessTokenId: z.string().min(1),
  secretKey: z.string().min(1),
  /** The workspace every resource lives in (the `workspace.id` of every webhook). */
  workspaceId: z.string().regex(WORKSPACE_ID, 'a workspace id (printable, no spaces or ":")').default(DEFAULT_WORKSPACE_ID),
  workspaceName: z.string().min(1).default('Reelflow demo'),
  /** The dashboard's signing secret (base64), for endpoints added without their own. */
  signingSecret: z.string().refine(isBase64, 'not valid base64').default(DEFAULT_SIGNING_SECRET),
  /** Created -(processingMs)-> Processing -(readyMs)-> Ready|Failed; live streams' default reconnect window. */
  timing: z.strictObject({ processingMs: Ms.optional(), readyMs: Ms.optional(), reconnectWindowMs: Ms.optional() }).default({}),
});
export type FakeFastpixSettings = z.infer<typeof FakeFastpixSettings>;

/** The demo's workspace and signing secret: the connection and the fake must agree on both. */
const DEMO_WORKSPACE = '3f8e2d1c-7b6a-4c5d-9e0f-a1b2c3d4e5f6';
const DEMO_SIGNING_SECRET = Buffer.from('reelflow-demo-fastpix-signing-secret').toString('base64');

export const fastpixSimulator: ProviderSimulator<FastpixConnection, FakeFastpixSettings, FakeFastpix> = {
  optionsSchema: FakeFastpixSettings,
  start: (options) => startFakeFastpix(options),
  // The dashboard's Webhooks page: this URL, signed with the connection's (first) secret, for its workspace.
  connect(fake, connection, webhookUrl) {
    fake.addEndpoint({
      url: webhookUrl,
      signingSecret: connection.signingSecret[0]!,
      encoding: connection.signingSecretEncoding,
      workspaceId: connection.workspace ?? fake.workspaceId,
    });
  },
  serves: (options, connection) => connection.accessTokenId === options.accessTokenId,
  demo: () => ({
    connection: {
      name: 'demo',
      provider: 'fastpix',
      workspace: DEMO_WORKSPACE,
      signingSecret: `\${FASTPIX_SIGNING_SECRET:-${DEMO_SIGNING_SECRET}}`,
      apiBaseUrl: 'http://127.0.0.1:3101',
      accessTokenId: 'demo-access-token',
      secretKey: 'demo-secret-key',
      on: [{ phase: 'failed', run: ['alert'] }],
    },
    options: {
      port: 3101,
      accessTokenId: 'demo-access-token',
      secretKey: 'demo-secret-key',
      workspaceId: DEMO_WORKSPACE,
      signingSecret: DEMO_SIGNING_SECRET,
      timing: { processingMs: 1500, readyMs: 2500, reconnectWindowMs: 3000 },
    },
  }),
  scenarios: fastpixScenarios,
};
