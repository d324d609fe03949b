import { pathTemplate, providerHttp, type ProviderHttp } from '../http';
import type { KinescopeConnection } from './connection';
import { KINESCOPE_ID } from './envelope';

/** An API path whose ids are checked against KINESCOPE_ID: an id from a payload never leaves the path. */
export const kinescopePath = pathTemplate(KINESCOPE_ID, 'Kinescope');

/** Kinescope's API for one connection: Bearer token, the configured base. */
export function kinescopeApi(connection: KinescopeConnection, fetchImpl?: typeof fetch): ProviderHttp {
  return providerHttp({
    label: 'Kinescope',
    baseUrl: connection.apiBaseUrl,
    auth: connection.apiToken ? { scheme: 'bearer', token: connection.apiToken } : undefined,
    missingAuth: `connection ${connection.name} has no apiToken for the Kinescope API`,
    fetch: fetchImpl,
  });
}
