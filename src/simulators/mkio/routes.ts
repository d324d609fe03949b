import { bump } from '../kit/counters';
import type { ApiAnswer, ApiRequest } from '../kit/httpServer';
import type { RateLimiter } from '../kit/rateLimit';
import { fakeControl } from '../kit/options';
import { match, parseJsonBody, route, type Params, type Route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import type { FakeMkioCounters } from './counters';
import { badRequest, MkioApiError, notFound } from './errors';
import { jobResourceOf } from './jobs';
import { locatorResourceOf } from './locators';
import type { MkioService } from './service';
import { parseRuleBody, ruleResource } from './webhookRules';
import { isLiveResourceType, type MkioLiveApi, type MkioLiveResourceType } from '../../providers/mkio/source';
import { liveChannelResource, operationResource } from './liveResources';
import { parseOperationBody } from './scheduledOperations';

const JOB = '/api/v1/projects/:project/media/transforms/:transform/jobs/:job';
const JOBS = '/api/v1/projects/:project/media/transforms/:transform/jobs';
const AMS_JOB = '/api/ams/:project/transforms/:transform/jobs/:job';
const LOCATOR = '/api/v1/projects/:project/media/streamingLocators/:locator';
const MEDIA_LIVE = '/api/v1/projects/:project/media/liveEvents/:name';
const AMS_LIVE = '/api/ams/:project/liveEvents/:name';
const LIVE = '/api/v1/projects/:project/live/:type/:name';
const OPERATIONS = `${LIVE}/scheduledOperations`;
const OPERATION = `${OPERATIONS}/:operation`;
const RULES = '/api/v1/projects/:project/webhook/rules';
const RULE = `${RULES}/:rule`;

function mkioRoutes(service: MkioService): Route[] {
  const job = (p: Params) => {
    const found = service.jobs.get(p.project!, p.transform!, p.job!);
    if (!found) throw notFound(`job ${p.job} not found in transform ${p.transform}`);
    return found;
  };
  const rule = (p: Params) => {
    const found = service.rules.get(p.project!, p.rule!);
    if (!found) throw notFound(`webhook rule ${p.rule} not found`);
    return found;
  };
  return [
    ...liveRoutes(service),
    route('PUT', 'PUT job', JOB, (p, body) => {
      const { job: created, created: isNew } = service.putJob(p.project!, p.transform!, p.job!, body);
      return { status: isNew ? 201 : 200, body: jobResourceOf(created) };
    }),
    route('GET', 'GET job', JOB, (p) => ({ status: 200, body: jobResourceOf(job(p)) })),
    route('GET', 'GET job state', `${JOB}/state`, (p) => ({ status: 200, body: { status: { state: job(p).state } } })),
    route('GET', 'GET jobs', JOBS, (p) => ({ status: 200, body: { value: service.jobs.list(p.project!, p.transform!).map(jobResourceOf) } })),
    route('GET', 'GET job (ams)', AMS_JOB, (p) => ({ status: 200, body: jobResourceOf(job(p)) })),
    route('PUT', 'PUT locator', LOCATOR, (p, body) => {
      const { locator, created } = service.putLocator(p.project!, p.locator!, body);
      return { status: created ? 201 : 200, body: locatorResourceOf(locator) };
    }),
    route('GET', 'GET locator', LOCATOR, (p) => {
      const locator = service.locators.get(p.project!, p.locator!);
      if (!locator) throw notFound(`streaming locator ${p.locator} not found`);
      return { status: 200, body: locatorResourceOf(locator) };
    }),
    route('GET', 'GET rules', RULES, (p) => ({ status: 200, body: { value: service.rules.list(p.project!).map(ruleResource) } })),
    route('PUT', 'PUT rule', RULE, (p, body) => {
      const { rule: saved, created } = service.putRule(p.project!, p.rule!, parseRuleBody(body));
      return { status: created ? 201 : 200, body: ruleResource(saved) };
    }),
    route('GET', 'GET rule', RULE, (p) => ({ status: 200, body: ruleResource(rule(p)) })),
    // The Management API answers 204 "nothing to delete" rather than 404.
    route('DELETE', 'DELETE rule', RULE, (p) => ({ status: service.rules.delete(p.project!, p.rule!) ? 200 : 204 })),
    route('GET', 'GET rule events', `${RULE}/events`, (p) => {
      const history = rule(p).history.map((record) => ({ ...record }));
      return { status: 200, body: { supplemental: { kind: 'WebhookEvent', count: history.length, operation: 'list' }, value: history } };
    }),
  ];
}

/** The Live API's collections; any other word in `/live/{type}` is not a path MK.IO has. */
function liveType(p: Params): MkioLiveResourceType {
  if (!isLiveResourceType(p.type!)) throw notFound(`no live resource type ${p.type} in the MK.IO Live API`);
  return p.type;
}

/** Live events of the Media API (PUT, start, stop) and live resources of the Live API (PUT/PATCH `spec.state`), with their scheduled operations. */
function liveRoutes(service: MkioService): Route[] {
  const channel = (p: Params, api: MkioLiveApi) => {
    const found = service.channels.get(p.project!, api, p.name!);
    if (!found) throw notFound(`live resource ${p.name} not found`);
    return found;
  };
  const operation = (p: Params) => {
    const found = service.operations.get(p.project!, liveType(p), p.name!, p.operation!);
    if (!found) throw notFound(`scheduled operation ${p.operation} not found`);
    return found;
  };
  const state = (found: { state: string }) => ({ status: 200, body: { status: { state: found.state } } });
  return [
    route('PUT', 'PUT live event', MEDIA_LIVE, (p, body) => {
      const { channel: saved, created } = service.putLive(p.project!, 'media', p.name!, body);
      return { status: created ? 201 : 200, body: liveChannelResource(saved) };
    }),
    route('GET', 'GET live event', MEDIA_LIVE, (p) => ({ status: 200, body: liveChannelResource(channel(p, 'media')) })),
    // The Media API's /state answers as its job /state does: `status.state` (here the resourceState).
    route('GET', 'GET live event state', `${MEDIA_LIVE}/state`, (p) => state(channel(p, 'media'))),
    route('GET', 'GET live event (ams)', AMS_LIVE, (p) => ({ status: 200, body: liveChannelResource(channel(p, 'media')) })),
    route('POST', 'POST live event start', `${MEDIA_LIVE}/start`, (p) => {
      service.channels.start(channel(p, 'media'));
      return { status: 202 };
    }),
    route('POST', 'POST live event stop', `${MEDIA_LIVE}/stop`, (p) => {
      service.channels.stop(channel(p, 'media'));
      return { status: 202 };
    }),
    route('DELETE', 'DELETE live event', MEDIA_LIVE, (p) => ({ status: service.channels.delete(p.project!, 'media', p.name!) ? 200 : 204 })),
    route('PUT', 'PUT live', LIVE, (p, body) => {
      const { channel: saved, created } = service.putLive(p.project!, liveType(p), p.name!, body);
      return { status: created ? 201 : 200, body: liveChannelResource(saved) };
    }),
    route('PATCH', 'PATCH live', LIVE, (p, body) => {
      const patched = service.channels.patch(p.project!, liveType(p), p.name!, body);
      if (!patched) throw notFound(`live resource ${p.name} not found`);
      return { status: 200, body: liveChannelResource(patched) };
    }),
    route('GET', 'GET live', LIVE, (p) => ({ status: 200, body: liveChannelResource(channel(p, liveType(p))) })),
    route('GET', 'GET live state', `${LIVE}/state`, (p) => state(channel(p, liveType(p)))),
    route('DELETE', 'DELETE live', LIVE, (p) => ({ status: service.channels.delete(p.project!, liveType(p), p.name!) ? 200 : 204 })),
    route('PUT', 'PUT scheduled operation', OPERATION, (p, body) => {
      const result = service.putOperation(p.project!, liveType(p), p.name!, p.operation!, parseOperationBody(body));
      if (!result) throw notFound(`live resource ${p.name} not found: create it before its scheduled operations`);
      return { status: result.created ? 201 : 200, body: operationResource(result.operation) };
    }),
    route('GET', 'GET scheduled operation', OPERATION, (p) => ({ status: 200, body: operationResource(operation(p)) })),
    route('GET', 'GET scheduled operations', OPERATIONS, (p) => ({
      status: 200,
      body: { value: service.operations.list(p.project!, liveType(p), p.name!).map(operationResource) },
    })),
    route('DELETE', 'DELETE scheduled operation', OPERATION, (p) => ({ status: service.operations.delete(p.project!, liveType(p), p.name!, p.operation!) ? 200 : 204 })),
  ];
}

/**
 * `POST /_fake/projects/{p}/live/{name}/fail-next-start`: what no MK.IO API does (an encoder or
 * a site failing), so `reelflow simulate` (another process) can make a channel's next start fail.
 */
const FAIL_NEXT_START = /^\/_fake\/projects\/([^/]+)\/live\/([^/]+)\/fail-next-start$/;

function liveControl(request: ApiRequest, service: MkioService): ApiAnswer | undefined {
  if (!request.path.startsWith('/_fake/projects/')) return undefined;
  const found = request.method === 'POST' ? FAIL_NEXT_START.exec(request.path) : null;
  if (!found) throw notFound(`no ${request.method} ${request.path} in the fake MK.IO`);
  const [project, name] = [found[1]!, found[2]!].map(decodeURIComponent) as [string, string];
  const channel = service.channels.find(project, name);
  if (!channel) throw notFound(`live resource ${name} not found`);
  channel.failNextStart = true;
  return { status: 204 };
}

export interface ApiDeps {
  service: MkioService;
  counters: FakeMkioCounters;
  token: string;
  limiter: RateLimiter;
  sender: WebhookSender;
}

/**
 * MK.IO's request pipeline: count, authenticate (Bearer token), route, rate-limit GETs per
 * project, then handle. Counting comes first so tests see every call Reelflow made, refused or not.
 */
export function mkioRequestHandler({ service, counters, token, limiter, sender }: ApiDeps): (request: ApiRequest) => ApiAnswer {
  const routes = mkioRoutes(service);
  return (request) => {
    const control = fakeControl(request, sender, badRequest);
    if (control) return control;
    const live = liveControl(request, service);
    if (live) return live;
    counters.requests++;
    const matched = match(routes, request.method, request.path);
    if (matched === 'malformed') throw badRequest(`malformed path ${request.path}`);
    const found = matched;
    bump(counters.byRoute, found?.route.name ?? 'unmatched');
    const params = found?.params;
    if (request.method === 'GET' && params?.job !== undefined) service.countJobGet(params.project!, params.transform!, params.job);
    if (request.method === 'GET' && params?.name !== undefined && params.operation === undefined) service.countLiveGet(params.project!, params.name);

    const authorization = request.headers.authorization ?? '';
    if (authorization !== `Bearer ${token}`) throw new MkioApiError(401, 'Unauthorized', 'a valid Authorization: Bearer <token> header is required');
    if (!found) throw notFound(`no ${request.method} ${request.path} in the MK.IO API`);

    if (request.method === 'GET') {
      const decision = limiter.take(found.params.project!);
      if (!decision.allowed) {
        counters.rateLimited++;
        throw new MkioApiError(429, 'TooManyRequests', 'rate limit exceeded for GET requests on this project', {
          'retry-after': String(decision.retryAfterSeconds),
        });
      }
    }
    return found.route.handle(
      found.params,
      parseJsonBody(request.body, () => badRequest('request body is not valid JSON')),
      request,
    );
  };
}
