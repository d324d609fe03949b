import { fastpixSimulator } from '../../simulators/fastpix/module';
import type { ProviderAdapter, ProviderModule } from '../types';
import { FastpixConnection } from './connection';
import { fetchFastpixResource, fetchFastpixState } from './fetchState';
import { normalizeFastpix } from './normalize';
import { fastpixTestKit } from './testKit';
import { verifyFastpix } from './verify';

/** FastPix: webhooks signed with HMAC-SHA256 (`FastPix-Signature`); REST API with HTTP Basic. */
export const fastpixAdapter: ProviderAdapter<FastpixConnection> = {
  name: 'fastpix',
  title: 'FastPix',
  connectionSchema: FastpixConnection,
  verify: verifyFastpix,
  parse: (json, _request, context) => normalizeFastpix(json, context),
  // The state word is the event type; the resource is object.id; the account is the workspace.
  payloadFields: { eventId: 'id', type: 'type', state: 'type', occurredAt: 'createdAt', account: 'workspace.id', id: 'object.id', key: 'object.id', aspect: 'type', resource: 'data' },
  canPoll: (connection) => Boolean(connection.accessTokenId && connection.secretKey),
  accountOf: (connection) => connection.workspace,
  fetchState: fetchFastpixState,
  fetchResource: fetchFastpixResource,
  // FastPix publishes no rate limit; 10 GETs a second is a polite default (polling.providers.fastpix.maxRequestsPerSecond overrides it).
  defaultPollRatePerSecond: 10,
};

export const fastpix: ProviderModule<FastpixConnection> = {
  adapter: fastpixAdapter,
  simulator: fastpixSimulator,
  testKit: fastpixTestKit,
};

export { FastpixConnection } from './connection';
