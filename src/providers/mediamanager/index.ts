import type { Kind } from '../../domain/phase';
import { mediaManagerSimulator } from '../../simulators/mediamanager/module';
import type { ProviderAdapter, ProviderModule } from '../types';
import { MediaManagerConnection } from './connection';
import { fetchMediaManagerState } from './fetchState';
import { normalizeMediaManager } from './normalize';
import { mediaManagerTestKit } from './testKit';
import { verifyMediaManager } from './verify';

/** A deleted media (or livestream) is purged after 14 days and can be restored until then. */
const UNDO_DELETE_MS = 14 * 24 * 60 * 60 * 1000;

/** Media Manager: HMAC-signed webhooks (scheme configurable: the platform shows it only in its UI); a cached, published-only media list. */
export const mediaManagerAdapter: ProviderAdapter<MediaManagerConnection> = {
  name: 'mediamanager',
  title: 'Media Manager',
  connectionSchema: MediaManagerConnection,
  verify: verifyMediaManager,
  parse: (json, request, context) => normalizeMediaManager(json, request.rawBody, context),
  payloadFields: { eventId: 'id', type: 'event', state: 'event', occurredAt: 'created_at', id: 'data.token', key: 'data.token', resource: 'data' },
  policy: (kind: Kind) => (kind === 'media' || kind === 'live' ? { undoableDeleteMs: UNDO_DELETE_MS } : undefined),
  canPoll: (connection) => Boolean(connection.apiToken && connection.teamId),
  accountOf: (connection) => connection.name,
  fetchState: fetchMediaManagerState,
  // The platform allows 60 requests a second per IP or token; 20 leaves room for the team's own calls.
  defaultPollRatePerSecond: 20,
  // GETs are cached for 60 s: a faster poll could only read the same answer again.
  minPollIntervalMs: 60_000,
};

export const mediamanager: ProviderModule<MediaManagerConnection> = {
  adapter: mediaManagerAdapter,
  simulator: mediaManagerSimulator,
  testKit: mediaManagerTestKit,
};

export { MediaManagerConnection } from './connection';
