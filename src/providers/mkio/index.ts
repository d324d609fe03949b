import type { ProviderAdapter } from '../types';
import { MkioConnection } from './connection';
import { normalizeMkio } from './normalize';
import { fetchMkioResource, fetchMkioState } from './fetchState';
import { mkioOutputErrors } from './outputErrors';
import { publishMkioJob } from './publish';
import { verifyMkio } from './verify';

/** MK.IO (MediaKind): CloudEvents webhooks with a shared secret header; REST API with Bearer tokens. */
export const mkio: ProviderAdapter<MkioConnection> = {
  name: 'mkio',
  title: 'MK.IO',
  connectionSchema: MkioConnection,
  verify: verifyMkio,
  parse: (json, _request, context) => normalizeMkio(json, context),
  canPoll: (connection) => Boolean(connection.apiToken),
  fetchState: fetchMkioState,
  fetchResource: fetchMkioResource,
  publish: publishMkioJob,
  errorsOf: mkioOutputErrors,
  // MK.IO allows 2,000 GETs a minute per project; 25/s (1,500/min) leaves room for other clients.
  defaultPollRatePerSecond: 25,
};

export { MkioConnection } from './connection';
