import { providerHttp, type ProviderHttp } from '../http';
import type { MediaManagerConnection } from './connection';

/** Media Manager's API for one connection: Bearer token (it acts as its user), the configured base. */
export function mediaManagerApi(connection: MediaManagerConnection, fetchImpl?: typeof fetch): ProviderHttp {
  return providerHttp({
    label: 'Media Manager',
    baseUrl: connection.apiBaseUrl,
    auth: connection.apiToken ? { scheme: 'bearer', token: connection.apiToken } : undefined,
    missingAuth: `connection ${connection.name} has no apiToken for the Media Manager API`,
    fetch: fetchImpl,
  });
}
