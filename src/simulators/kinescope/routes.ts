import { bump } from '../kit/counters';
import type { ApiAnswer, ApiRequest } from '../kit/httpServer';
import { fakeControl } from '../kit/options';
import { isRecord, match, parseJsonBody, route, type Params, type Route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import { badRequest, notFound, unauthorized } from './errors';
import { liveEventResourceOf, type LiveEventRecord, type LiveMove } from './liveEvents';
import type { KinescopeService } from './service';
import type { FakeKinescopeCounters } from './types';
import { videoResourceOf } from './videos';
import { parseWebhookBody, webhookResourceOf } from './webhookStore';

const WEBHOOKS = '/v1/webhooks';
const WEBHOOK = `${WEBHOOKS}/:webhook`;
const VIDEOS = '/v1/videos';
const VIDEO = `${VIDEOS}/:video`;
const LIVE_EVENTS = '/v2/live/events';
const LIVE_EVENT = `${LIVE_EVENTS}/:event`;
/** What an encoder does over RTMP, which Kinescope's API has no call for. */
const ENCODER = '/_fake/live/events/:event';

const ok = (data: unknown): ApiAnswer => ({ status: 200, body: { data } });

function videoUpload(body: unknown): { title: string; url: string } {
  if (!isRecord(body)) throw badRequest('body must be a JSON object');
  const { title, url } = body;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw badRequest('url is required (an http or https link to the file)');
  if (title !== undefined && typeof title !== 'string') throw badRequest('title must be a string');
  return { title: title || url.split('/').pop() || 'untitled', url };
}

function liveEventBody(body: unknown): { name: string; type: LiveEventRecord['type'] } {
  if (!isRecord(body)) throw badRequest('body must be a JSON object');
  if (typeof body.name !== 'string' || body.name === '') throw badRequest('name is required');
  if (body.type !== 'one-time' && body.type !== 'recurring') throw badRequest('type must be "one-time" or "recurring"');
  return { name: body.name, type: body.type };
}

function kinescopeRoutes(service: KinescopeService, projectId: string): Route[] {
  const video = (p: Params) => videoResourceOf(service.video(p.video!), projectId);
  const live = (event: LiveEventRecord) => liveEventResourceOf(event, projectId);
  const move = (name: LiveMove) => (p: Params) => ok(live(service.moveLiveEvent(p.event!, name)));
  return [
    route('GET', 'GET webhooks', WEBHOOKS, () => {
      const data = service.webhooks.list().map(webhookResourceOf);
      return { status: 200, body: { data, meta: { pagination: { page: 1, per_page: data.length, total: data.length } } } };
    }),
    route('POST', 'POST webhook', WEBHOOKS, (_p, body) => ok(webhookResourceOf(service.webhooks.create(parseWebhookBody(body, 'POST'))))),
    route('PUT', 'PUT webhook', WEBHOOK, (p, body) => {
      const replaced = service.webhooks.replace(p.webhook!, parseWebhookBody(body, 'PUT'));
      if (!replaced) throw notFound(`webhook ${p.webhook} not found`);
      return ok(webhookResourceOf(replaced));
    }),
    route('DELETE', 'DELETE webhook', WEBHOOK, (p) => {
      if (!service.webhooks.delete(p.webhook!)) throw notFound(`webhook ${p.webhook} not found`);
      return { status: 200 };
    }),
    route('POST', 'POST video', VIDEOS, (_p, body) => {
      const { title, url } = videoUpload(body);
      return ok(videoResourceOf(service.uploadVideo(title, url), projectId));
    }),
    route('GET', 'GET video', VIDEO, (p) => ok(video(p))),
    route('DELETE', 'DELETE video', VIDEO, (p) => {
      if (!service.videos.delete(p.video!)) throw notFound(`video ${p.video} not found`);
      return { status: 200 };
    }),
    route('POST', 'POST live event', LIVE_EVENTS, (_p, body) => {
      const { name, type } = liveEventBody(body);
      return ok(live(service.createLiveEvent(name, type)));
    }),
    route('GET', 'GET live event', LIVE_EVENT, (p) => ok(live(service.liveEvent(p.event!)))),
    // Its recordings, oldest first: how a client learns a recording's id without a webhook.
    route('GET', 'GET live event videos', `${LIVE_EVENT}/videos`, (p) => {
      const recordings = service.liveEvent(p.event!).videoIds.flatMap((id) => service.videos.get(id) ?? []);
      return ok(recordings.map((recording) => videoResourceOf(recording, projectId)));
    }),
    route('PUT', 'PUT live event enable', `${LIVE_EVENT}/enable`, move('enable')),
    route('PUT', 'PUT live event complete', `${LIVE_EVENT}/complete`, move('complete')),
    route('DELETE', 'DELETE live event', LIVE_EVENT, (p) => {
      if (!service.liveEvents.delete(p.event!)) throw notFound(`live event ${p.event} not found`);
      return { status: 200 };
    }),
  ];
}

function encoderRoutes(service: KinescopeService, projectId: string): Route[] {
  const move = (name: LiveMove) => (p: Params) => ok(liveEventResourceOf(service.moveLiveEvent(p.event!, name), projectId));
  return [
    route('POST', 'encoder connect', `${ENCODER}/connect`, move('connect')),
    route('POST', 'encoder disconnect', `${ENCODER}/disconnect`, move('disconnect')),
    // Kinescope cancels a scheduled event from its UI; the fake offers it here.
    route('POST', 'cancel live event', `${ENCODER}/cancel`, move('cancel')),
  ];
}

export interface ApiDeps {
  service: KinescopeService;
  counters: FakeKinescopeCounters;
  apiToken: string;
  sender: WebhookSender;
  projectId: string;
}

/**
 * Kinescope's request pipeline: count, authenticate (Bearer token), route, handle. Counting comes
 * first so tests see every call Reelflow made, refused or not. `/_fake/...` stands for what
 * happens outside the API (an encoder) and needs no token.
 */
export function kinescopeRequestHandler({ service, counters, apiToken, sender, projectId }: ApiDeps): (request: ApiRequest) => ApiAnswer {
  const api = kinescopeRoutes(service, projectId);
  const encoder = encoderRoutes(service, projectId);
  return (request) => {
    const control = fakeControl(request, sender, badRequest);
    if (control) return control;
    counters.requests++;
    const fakeOnly = request.path.startsWith('/_fake/');
    const found = match(fakeOnly ? encoder : api, request.method, request.path);
    if (found === 'malformed') throw badRequest(`malformed path ${request.path}`);
    bump(counters.byRoute, found?.route.name ?? 'unmatched');
    if (found?.route.name === 'GET video') service.countGet('getsByVideo', found.params.video!);
    if (found?.route.name === 'GET live event') service.countGet('getsByLiveEvent', found.params.event!);

    if (!fakeOnly && request.headers.authorization !== `Bearer ${apiToken}`) throw unauthorized('a valid Authorization: Bearer <API token> header is required');
    if (!found) throw notFound(`no ${request.method} ${request.path} in the Kinescope API`);
    return found.route.handle(
      found.params,
      parseJsonBody(request.body, () => badRequest('request body is not valid JSON')),
      request,
    );
  };
}
