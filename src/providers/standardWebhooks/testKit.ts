import { randomBytes } from 'node:crypto';
import { VIDEO_SAAS_MAPPING } from '../../simulators/standardWebhooks/module';
import { videoWebhookBody } from '../../simulators/standardWebhooks/videos';
import type { ProviderTestKit } from '../types';
import type { StandardWebhooksConnection } from './connection';
import { standardWebhookHeaders } from './sign';

/** Signed by the `standardwebhooks` library with the connection's first secret, timestamped now. */
export const standardWebhooksTestKit: ProviderTestKit<StandardWebhooksConnection> = {
  connection: ({ name, account }) => ({
    entry: { name, provider: 'standard-webhooks', account, secret: `whsec_${randomBytes(24).toString('base64')}`, mapping: VIDEO_SAAS_MAPPING },
    account,
  }),
  sign: (connection, body) => ({ body, headers: { 'content-type': 'application/json', ...standardWebhookHeaders(connection.secret[0]!, body) } }),
  // A new upload per n: its video.created, as a customer uploading in bulk would cause.
  sampleWebhook: (_connection, n) => {
    const at = new Date().toISOString();
    return JSON.stringify(
      videoWebhookBody({ id: `vid_bench_${n}`, workspace: 'bench', title: `Upload ${n}`, sourceUrl: `https://uploads.example.com/${n}.mp4`, status: 'created', createdAt: at, updatedAt: at }),
    );
  },
};
