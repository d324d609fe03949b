import { kinescopeSimulator } from '../../simulators/kinescope/module';
import type { ProviderAdapter, ProviderModule } from '../types';
import { KinescopeConnection } from './connection';
import { fetchKinescopeResource, fetchKinescopeState } from './fetchState';
import { normalizeKinescope } from './normalize';
import { kinescopeTestKit } from './testKit';
import { kinescopeVideoErrors } from './videoErrors';
import { verifyKinescope } from './verify';
import { kinescopeWebhooks } from './webhooks';

/** Kinescope: `{event, data}` webhooks with optional HTTP Basic auth; REST API with Bearer tokens. */
export const kinescopeAdapter: ProviderAdapter<KinescopeConnection> = {
  name: 'kinescope',
  title: 'Kinescope',
  connectionSchema: KinescopeConnection,
  verify: verifyKinescope,
  parse: (json, request, context) => normalizeKinescope(json, request.rawBody, context),
  // No id and no time in the envelope: the id is the body's hash, the time is the arrival's.
  payloadFields: { eventId: '(body)', type: 'event', state: 'data.status', id: 'data.id', resource: 'data' },
  // A video can come back to a status it had (uploading → suspended → uploading): the same bytes
  // again are news unless they repeat the latest ones.
  policy: (kind) => (kind === 'media' ? { contentIds: 'latest' } : undefined),
  canPoll: (connection) => Boolean(connection.apiToken),
  accountOf: (connection) => connection.name,
  fetchState: fetchKinescopeState,
  fetchResource: fetchKinescopeResource,
  errorsOf: kinescopeVideoErrors,
  // Kinescope publishes no rate limit: a modest 5 GETs a second across all workflows.
  defaultPollRatePerSecond: 5,
};

export const kinescope: ProviderModule<KinescopeConnection> = {
  adapter: kinescopeAdapter,
  simulator: kinescopeSimulator,
  testKit: kinescopeTestKit,
  webhooks: kinescopeWebhooks,
};

export { KinescopeConnection } from './connection';
