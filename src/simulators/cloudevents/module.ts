import type { CloudEventsConnection } from '../../providers/cloudevents/connection';
import type { ProviderSimulator } from '../../providers/types';
import { startFakeTranscoder, type FakeTranscoder } from './fakeTranscoder';
import { transcoderScenarios } from './scenarios';
import { FakeTranscoderSettings } from './settings';

/** The mapping of the transcoder's events (README: generic sources, first worked example). */
export const TRANSCODER_MAPPING = {
  kind: { from: 'type', map: { 'com.acme.transcode.job.*': 'job' } },
  id: 'subject',
  state: 'data.status',
  phases: { job: { queued: 'pending', transcoding: 'processing', complete: 'ready', error: 'failed', canceled: 'canceled' } },
};

/** A generic CloudEvents source: a fake transcoding service. It has no API Reelflow reads, so it serves every cloudevents connection. */
export const cloudEventsSimulator: ProviderSimulator<CloudEventsConnection, FakeTranscoderSettings, FakeTranscoder> = {
  optionsSchema: FakeTranscoderSettings,
  start: (options) => startFakeTranscoder(options),
  connect: (fake, connection, webhookUrl) => fake.subscribe({ url: webhookUrl, verify: connection.verify }),
  serves: () => true,
  demo: () => ({
    connection: {
      name: 'demo',
      provider: 'cloudevents',
      verify: { secretHeader: 'X-Transcoder-Secret', secret: '${CLOUDEVENTS_WEBHOOK_SECRET:-demo-secret}' },
      mapping: TRANSCODER_MAPPING,
      on: [{ kind: 'job', phase: 'failed', run: ['alert'] }],
    },
    options: { port: 3104, mode: 'structured', timing: { queuedMs: 1000, transcodingMs: 3000 } },
  }),
  scenarios: transcoderScenarios,
};
