import { pathTemplate, providerHttp, type ProviderHttp } from '../http';
import type { MkioConnection } from './connection';
import { MKIO_NAME } from './source';

/** An API path whose names are checked against MKIO_NAME: a `source` pointing elsewhere is never fetched. */
export const mkioPath = pathTemplate(MKIO_NAME, 'MK.IO');

/** MK.IO's API for one connection: Bearer token, the configured base. */
export function mkioApi(connection: MkioConnection, fetchImpl?: typeof fetch): ProviderHttp {
  return providerHttp({
    label: 'MK.IO',
    baseUrl: connection.apiBaseUrl,
    auth: connection.apiToken ? { scheme: 'bearer', token: connection.apiToken } : undefined,
    missingAuth: `connection ${connection.name} has no apiToken for the MK.IO API`,
    fetch: fetchImpl,
  });
}
