import { pathTemplate, providerHttp, type ProviderHttp } from '../http';
import type { FastpixConnection } from './connection';
import { FASTPIX_ID } from './ids';

/** An API path whose ids are checked against FASTPIX_ID: an id from a payload can never leave its segment. */
export const fastpixPath = pathTemplate(FASTPIX_ID, 'FastPix id');

export const mediaPath = (mediaId: string): string => fastpixPath`/v1/on-demand/${mediaId}`;
export const liveStreamPath = (streamId: string): string => fastpixPath`/v1/live/streams/${streamId}`;

/** FastPix's API for one connection: HTTP Basic with the workspace's Access Token ID and Secret Key. */
export function fastpixApi(connection: FastpixConnection, fetchImpl?: typeof fetch): ProviderHttp {
  return providerHttp({
    label: 'FastPix',
    baseUrl: connection.apiBaseUrl,
    auth: connection.accessTokenId && connection.secretKey ? { scheme: 'basic', username: connection.accessTokenId, password: connection.secretKey } : undefined,
    missingAuth: `connection ${connection.name} has no accessTokenId/secretKey for the FastPix API`,
    fetch: fetchImpl,
  });
}
