import type { ProviderAdapter } from '../types';
import { MkioConnection } from './connection';
import { normalizeMkio } from './normalize';
import { verifyMkio } from './verify';

/** MK.IO (MediaKind): CloudEvents webhooks with a shared secret header; REST API with Bearer tokens. */
export const mkio: ProviderAdapter<MkioConnection> = {
  name: 'mkio',
  connectionSchema: MkioConnection,
  verify: verifyMkio,
  parse: (json, _request, context) => normalizeMkio(json, context),
};

export { MkioConnection } from './connection';
