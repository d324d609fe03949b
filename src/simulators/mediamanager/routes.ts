import { bump } from '../kit/counters';
import type { ApiAnswer, ApiRequest } from '../kit/httpServer';
import { fakeControl } from '../kit/options';
import { isRecord, match, parseJsonBody, route, type Route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import type { FakeMediaManagerCounters } from './counters';
import { forbidden, invalid, MediaManagerApiError, mediaNotFound, routeNotFound, unauthenticated } from './errors';
import type { GetCache } from './getCache';
import { mediaResource } from './media';
import { mediaList, readListQuery } from './mediaList';
import type { MediaService, NewMedia } from './service';

export const API_PREFIX = '/api/v1';
const MEDIA = `${API_PREFIX}/media`;
const ONE = `${MEDIA}/:token`;

const badJson = () => new MediaManagerApiError(400, 'The request body is not valid JSON.');

/** The create body, validated as Laravel's form request would; messages are Laravel's. */
function newMediaFrom(body: unknown): NewMedia {
  const input = isRecord(body) ? body : {};
  const { title, source_url: sourceUrl, live, auto_publish: autoPublish } = input;
  if (typeof title !== 'string' || title.trim() === '') throw invalid('title', 'The title field is required.');
  if (title.length > 255) throw invalid('title', 'The title field must not be greater than 255 characters.');
  if (live !== undefined && typeof live !== 'boolean') throw invalid('live', 'The live field must be true or false.');
  if (autoPublish !== undefined && typeof autoPublish !== 'boolean') throw invalid('auto_publish', 'The auto publish field must be true or false.');
  if (live !== true) {
    if (typeof sourceUrl !== 'string' || sourceUrl === '') throw invalid('source_url', 'The source url field is required unless live is true.');
    if (!URL.canParse(sourceUrl)) throw invalid('source_url', 'The source url field must be a valid URL.');
  }
  return { title, ...(typeof sourceUrl === 'string' ? { sourceUrl } : {}), live: live === true, autoPublish: autoPublish === true };
}

const data = (body: unknown): ApiAnswer => ({ status: 200, body: { data: body } });

/**
 * The platform documents only `GET /media`. Creating, publishing, deleting, restoring and enabling
 * happen in its web app; the fake offers them as plain API routes so that tests and `reelflow
 * simulate` can drive it over HTTP (fake-convenient, not the platform's API).
 */
function apiRoutes(service: MediaService, cache: GetCache, counters: FakeMediaManagerCounters, teamId: string): Route[] {
  return [
    route('GET', 'GET media', MEDIA, (_params, _body, request) => {
      const query = readListQuery(request.query);
      if (query.teamId !== teamId) throw forbidden();
      for (const token of query.tokens ?? []) bump(counters.getsByToken, token);
      const key = `${request.headers.authorization ?? ''} ${request.path}?${request.query.toString()}`;
      const path = `http://${request.headers.host ?? 'localhost'}${MEDIA}`;
      const { body, hit } = cache.answer(key, () => mediaList(service.all(), query, path));
      if (hit) counters.cacheHits++;
      return { status: 200, body };
    }),
    route('POST', 'POST media', MEDIA, (_params, body) => ({ status: 201, body: { data: mediaResource(service.create(newMediaFrom(body))) } })),
    route('POST', 'POST publish', `${ONE}/publish`, (p) => data(mediaResource(service.publish(p.token!, true)))),
    route('POST', 'POST unpublish', `${ONE}/unpublish`, (p) => data(mediaResource(service.publish(p.token!, false)))),
    route('DELETE', 'DELETE media', ONE, (p) => {
      service.remove(p.token!);
      return { status: 204 };
    }),
    route('POST', 'POST restore', `${ONE}/restore`, (p) => data(mediaResource(service.restore(p.token!)))),
    route('POST', 'POST enable', `${ONE}/enable`, (p) => data(mediaResource(service.setEnabled(p.token!, true)))),
    route('POST', 'POST disable', `${ONE}/disable`, (p) => data(mediaResource(service.setEnabled(p.token!, false)))),
  ];
}

/** What only the fake has: an encoder for a livestream, and the whole record (uncached) for scenarios. */
function fakeRoutes(service: MediaService): Route[] {
  return [
    route('POST', 'encoder start', '/_fake/livestreams/:token/start', (p) => data(service.encoderStart(p.token!))),
    route('POST', 'encoder stop', '/_fake/livestreams/:token/stop', (p) => data(service.encoderStop(p.token!))),
    route('GET', 'fake media', '/_fake/media/:token', (p) => {
      const media = service.get(p.token!);
      if (!media) throw mediaNotFound(p.token!);
      return data(media);
    }),
  ];
}

export interface ApiDeps {
  service: MediaService;
  counters: FakeMediaManagerCounters;
  cache: GetCache;
  sender: WebhookSender;
  apiToken: string;
  teamId: string;
}

/**
 * Media Manager's request pipeline: count, authenticate (Bearer), route, handle. Counting comes
 * first so tests see every call Reelflow made, refused or not. Fake-only routes need no token.
 */
export function mediaManagerRequestHandler({ service, counters, cache, sender, apiToken, teamId }: ApiDeps): (request: ApiRequest) => ApiAnswer {
  const api = apiRoutes(service, cache, counters, teamId);
  const fake = fakeRoutes(service);
  return (request) => {
    const control = fakeControl(request, sender, (detail) => new MediaManagerApiError(422, detail));
    if (control) return control;
    const body = () => parseJsonBody(request.body, badJson);
    const own = match(fake, request.method, request.path);
    if (own === 'malformed') throw routeNotFound(request.path);
    if (own) return own.route.handle(own.params, body(), request);

    counters.requests++;
    const found = match(api, request.method, request.path);
    if (found === 'malformed') throw routeNotFound(request.path);
    bump(counters.byRoute, found?.route.name ?? 'unmatched');
    if (request.headers.authorization !== `Bearer ${apiToken}`) throw unauthenticated();
    if (!found) throw routeNotFound(request.path);
    return found.route.handle(found.params, body(), request);
  };
}
