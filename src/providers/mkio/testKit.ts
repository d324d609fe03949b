import { jobCloudEvent } from '../../simulators/mkio/cloudEvents';
import type { ProviderTestKit } from '../types';
import type { MkioConnection } from './connection';

/** MK.IO sends the rule's shared secret verbatim in a header: that is all its "signature" is. */
export const mkioTestKit: ProviderTestKit<MkioConnection> = {
  connection: ({ name, account }) => ({ entry: { name, provider: 'mkio', project: account, secret: `test-secret-${account}` }, account }),
  sign: (connection, body) => ({ body, headers: { 'content-type': 'application/json', [connection.secretHeader.toLowerCase()]: connection.secret[0]! } }),
  sampleWebhook: (connection, n) =>
    JSON.stringify(jobCloudEvent({ project: connection.project ?? 'bench', transform: 'bench', job: `job-${n}`, type: 'MediaKind.JobStarted', previousState: 'Queued', state: 'Processing' })),
};
