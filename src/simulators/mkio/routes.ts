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

const JOB = '/api/v1/projects/:project/media/transforms/:transform/jobs/:job';
const JOBS = '/api/v1/projects/:project/media/transforms/:transform/jobs';
const AMS_JOB = '/api/ams/:project/transforms/:transform/jobs/:job';
const LOCATOR = '/api/v1/projects/:project/media/streamingLocators/:locator';
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
    counters.requests++;
    const matched = match(routes, request.method, request.path);
    if (matched === 'malformed') throw badRequest(`malformed path ${request.path}`);
    const found = matched;
    bump(counters.byRoute, found?.route.name ?? 'unmatched');
    const params = found?.params;
    if (request.method === 'GET' && params?.job !== undefined) service.countJobGet(params.project!, params.transform!, params.job);

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
    return found.route.handle(found.params, parseJsonBody(request.body, () => badRequest('request body is not valid JSON')), request);
  };
}
