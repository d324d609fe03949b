import { secretsEqual } from '../../providers/secretCompare';
import { bump } from '../kit/counters';
import type { ApiAnswer, ApiRequest } from '../kit/httpServer';
import { fakeControl } from '../kit/options';
import { match, parseJsonBody, route, type Route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import { badRequest, notFound, unauthorized } from './errors';
import { liveStreamResource } from './liveStreams';
import { mediaResource } from './media';
import type { FastpixService } from './service';
import type { FakeFastpixCounters } from './types';

const MEDIA = '/v1/on-demand/:mediaId';
const STREAM = '/v1/live/streams/:streamId';
/** The encoder: FastPix has no API for it (it is RTMP/SRT), so the fake takes it under /_fake/. */
const ENCODER = '/_fake/live/streams/:streamId';

const ok = (status: number, data?: unknown): ApiAnswer => ({ status, body: data === undefined ? { success: true } : { success: true, data } });

function apiRoutes(service: FastpixService): Route[] {
  return [
    route('POST', 'POST media', '/v1/on-demand', (_p, body) => ok(201, mediaResource(service.createMedia(body)))),
    route('GET', 'GET media list', '/v1/on-demand', (_p, _body, request) => {
      const limit = Math.min(Math.max(Number(request.query.get('limit') ?? 10) || 10, 1), 50);
      const offset = Math.max(Number(request.query.get('offset') ?? 1) || 1, 1);
      const all = service.media.list();
      const page = all.slice((offset - 1) * limit, offset * limit).map(mediaResource);
      return { status: 200, body: { success: true, data: page, pagination: { totalRecords: all.length, currentOffset: offset, offsetCount: Math.ceil(all.length / limit) } } };
    }),
    route('GET', 'GET media', MEDIA, (p) => ok(200, mediaResource(service.media.require(p.mediaId!)))),
    route('PATCH', 'PATCH media', MEDIA, (p, body) => ok(200, mediaResource(service.media.update(p.mediaId!, body)))),
    route('DELETE', 'DELETE media', MEDIA, (p) => {
      service.media.delete(p.mediaId!);
      return ok(200);
    }),
    route('POST', 'POST live stream', '/v1/live/streams', (_p, body) => ok(201, liveStreamResource(service.createLiveStream(body)))),
    route('GET', 'GET live stream', STREAM, (p) => ok(200, liveStreamResource(service.live.require(p.streamId!)))),
    route('DELETE', 'DELETE live stream', STREAM, (p) => {
      service.live.delete(p.streamId!);
      return ok(200);
    }),
  ];
}

function encoderRoutes(service: FastpixService): Route[] {
  return [
    route('POST', 'encoder connect', `${ENCODER}/connect`, (p) => ok(200, liveStreamResource(service.live.connect(p.streamId!)))),
    route('POST', 'encoder disconnect', `${ENCODER}/disconnect`, (p) => ok(200, liveStreamResource(service.live.disconnect(p.streamId!)))),
  ];
}

/** `Authorization: Basic base64(accessTokenId:secretKey)`, as FastPix authenticates every API call. */
function authenticated(header: string | undefined, accessTokenId: string, secretKey: string): boolean {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return false;
  return secretsEqual(Buffer.from(encoded, 'base64').toString('utf8'), `${accessTokenId}:${secretKey}`);
}

export interface ApiDeps {
  service: FastpixService;
  counters: FakeFastpixCounters;
  sender: WebhookSender;
  accessTokenId: string;
  secretKey: string;
}

/**
 * FastPix's request pipeline: fake-only controls first, then count, authenticate (Basic), route and
 * handle. Counting comes before authentication so tests see every call Reelflow made, refused or not.
 */
export function fastpixRequestHandler({ service, counters, sender, accessTokenId, secretKey }: ApiDeps): (request: ApiRequest) => ApiAnswer {
  const api = apiRoutes(service);
  const encoder = encoderRoutes(service);
  const json = (request: ApiRequest) => parseJsonBody(request.body, () => badRequest('request body is not valid JSON'));
  return (request) => {
    const control = fakeControl(request, sender, badRequest);
    if (control) return control;
    const fake = match(encoder, request.method, request.path);
    if (fake === 'malformed') throw badRequest(`malformed path ${request.path}`);
    if (fake) return fake.route.handle(fake.params, json(request), request);

    counters.requests++;
    const found = match(api, request.method, request.path);
    if (found === 'malformed') throw badRequest(`malformed path ${request.path}`);
    bump(counters.byRoute, found?.route.name ?? 'unmatched');
    const id = found?.params.mediaId ?? found?.params.streamId;
    if (request.method === 'GET' && id !== undefined) bump(counters.getsByResource, id);

    if (!authenticated(request.headers.authorization, accessTokenId, secretKey)) throw unauthorized();
    if (!found) throw notFound(`no ${request.method} ${request.path} in the FastPix API`);
    return found.route.handle(found.params, json(request), request);
  };
}
