import { jobCloudEvent } from '../../simulators/cloudevents/cloudEvents';
import { TRANSCODER_MAPPING } from '../../simulators/cloudevents/module';
import type { ProviderTestKit } from '../types';
import type { CloudEventsConnection } from './connection';
import { cloudEventsProofHeaders } from './sign';

/** Structured mode with the connection's proof (a shared-secret header or a Standard Webhooks signature). */
export const cloudEventsTestKit: ProviderTestKit<CloudEventsConnection> = {
  connection: ({ name, account }) => ({
    entry: { name, provider: 'cloudevents', account, verify: { secretHeader: 'X-Source-Secret', secret: `test-secret-${account}` }, mapping: TRANSCODER_MAPPING },
    account,
  }),
  sign: (connection, body) => ({ body, headers: { 'content-type': 'application/cloudevents+json', ...cloudEventsProofHeaders(connection.verify, body) } }),
  // A new job per n, as it is created: what benchmarks send in bulk.
  sampleWebhook: (_connection, n) => {
    const at = new Date().toISOString();
    return JSON.stringify(
      jobCloudEvent({ id: `bench-job-${n}`, input: `https://uploads.example.com/${n}.mov`, preset: 'hls-1080p', status: 'queued', progress: 0, outputs: [], createdAt: at, updatedAt: at }, '//bench'),
    );
  },
};
