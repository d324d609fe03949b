import { bump, type ApiCounters } from './counters';
import { BodyTooLarge, type ApiAnswer, type ApiRequest } from './httpServer';
import { fakeControl } from './options';
import { match, parseJsonBody, type Route } from './router';
import type { WebhookSender } from './webhookSender';

/** An HTTP answer in a plain fake's error shape `{ "error": "…" }`. */
export class PlainApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** How a plain fake answers a failure: its own errors as they say, a too-large body 413, anything else 500 naming the fake. */
export const plainFailure =
  (label: string) =>
  (error: unknown): ApiAnswer => {
    if (error instanceof BodyTooLarge) return { status: 413, body: { error: error.message } };
    if (error instanceof PlainApiError) return { status: error.status, body: { error: error.message } };
    return { status: 500, body: { error: `${label} failed: ${error instanceof Error ? error.message : String(error)}` } };
  };

/**
 * The request pipeline of a fake with no credentials and no rate limit (the generic sources'
 * senders): the test controls under /_fake, then count, route and handle.
 */
export function plainApi(routes: Route[], sender: WebhookSender, counters: ApiCounters): (request: ApiRequest) => ApiAnswer {
  return (request) => {
    const control = fakeControl(request, sender, (detail) => new PlainApiError(400, detail));
    if (control) return control;
    counters.requests++;
    const found = match(routes, request.method, request.path);
    if (!found || found === 'malformed') throw new PlainApiError(404, `no route ${request.method} ${request.path}`);
    bump(counters.byRoute, found.route.name);
    return found.route.handle(
      found.params,
      parseJsonBody(request.body, () => new PlainApiError(400, 'the body is not JSON')),
      request,
    );
  };
}
