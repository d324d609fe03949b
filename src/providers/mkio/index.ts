import { mkioSimulator } from '../../simulators/mkio/module';
import type { ProviderAdapter, ProviderModule } from '../types';
import { createMkioJobActivities } from './activities';
import { MkioConnection } from './connection';
import { fetchMkioResource, fetchMkioState } from './fetchState';
import { normalizeMkio } from './normalize';
import { mkioOutputErrors } from './outputErrors';
import { publishMkioJob } from './publish';
import { mkioReconciler } from './reconcile';
import { mkioTestKit } from './testKit';
import { verifyMkio } from './verify';
import { mkioWebhooks } from './webhooks';

/** MK.IO (MediaKind): CloudEvents webhooks with a shared secret header; REST API with Bearer tokens. */
export const mkioAdapter: ProviderAdapter<MkioConnection> = {
  name: 'mkio',
  title: 'MK.IO',
  connectionSchema: MkioConnection,
  verify: verifyMkio,
  parse: (json, _request, context) => normalizeMkio(json, context),
  payloadFields: { state: 'data.state', previousState: 'data.previousState', eventId: 'id', type: 'type', occurredAt: 'time', resource: 'data.resource' },
  canPoll: (connection) => Boolean(connection.apiToken),
  accountOf: (connection) => connection.project,
  fetchState: fetchMkioState,
  fetchResource: fetchMkioResource,
  publish: publishMkioJob,
  errorsOf: mkioOutputErrors,
  // MK.IO allows 2,000 GETs a minute per project; 25/s (1,500/min) leaves room for other clients.
  defaultPollRatePerSecond: 25,
};

export const mkio: ProviderModule<MkioConnection> = {
  adapter: mkioAdapter,
  simulator: mkioSimulator,
  testKit: mkioTestKit,
  activities: createMkioJobActivities,
  reconcile: mkioReconciler,
  webhooks: mkioWebhooks,
};

export { MkioConnection } from './connection';
