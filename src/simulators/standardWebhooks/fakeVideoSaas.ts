import type { RunningFake } from '../../providers/types';
import { bump, newFakeCounters, type FakeCounters } from '../kit/counters';
import { FakeRuntime } from '../kit/fakeRuntime';
import { BodyTooLarge, type ApiAnswer, type ApiRequest } from '../kit/httpServer';
import { fakeControl } from '../kit/options';
import { isRecord, match, parseJsonBody, route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import { VideoService, type Endpoint } from './service';
import { FakeVideoSaasSettings, type FakeVideoSaasOptions } from './settings';
import type { SaasVideo } from './videos';

class SaasError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function failure(error: unknown): ApiAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: { error: error.message } };
  if (error instanceof SaasError) return { status: error.status, body: { error: error.message } };
  return { status: 500, body: { error: `fake SaaS failed: ${error instanceof Error ? error.message : String(error)}` } };
}

export interface FakeVideoSaas extends RunningFake {
  readonly counters: FakeCounters;
  /** Adds a webhook endpoint (the SaaS dashboard's), signed with `secret`. */
  addEndpoint(endpoint: Endpoint): void;
  createVideo(input: { title: string; sourceUrl: string }): SaasVideo;
}

/** The SaaS's tiny API: `POST /videos {title, sourceUrl}`, `GET /videos/:id`; plus `/_fake/faults`. */
function saasApi(service: VideoService, sender: WebhookSender, counters: FakeCounters): (request: ApiRequest) => ApiAnswer {
  const routes = [
    route('POST', 'POST video', '/videos', (_params, body) => {
      const { title, sourceUrl } = isRecord(body) ? body : {};
      if (typeof title !== 'string' || title === '') throw new SaasError(400, 'title: required');
      if (typeof sourceUrl !== 'string' || !URL.canParse(sourceUrl)) throw new SaasError(400, 'sourceUrl: a URL is required');
      return { status: 201, body: service.create({ title, sourceUrl }) };
    }),
    route('GET', 'GET video', '/videos/:id', (params) => {
      const video = service.get(params.id!);
      if (!video) throw new SaasError(404, `no video ${params.id}`);
      return { status: 200, body: video };
    }),
  ];
  return (request) => {
    const control = fakeControl(request, sender, (detail) => new SaasError(400, detail));
    if (control) return control;
    counters.requests++;
    const found = match(routes, request.method, request.path);
    if (!found || found === 'malformed') throw new SaasError(404, `no route ${request.method} ${request.path}`);
    bump(counters.byRoute, found.route.name);
    return found.route.handle(found.params, parseJsonBody(request.body, () => new SaasError(400, 'the body is not JSON')), request);
  };
}

/** Starts a fake video SaaS on a real port, sending Standard Webhooks signed with each endpoint's secret. */
export async function startFakeVideoSaas(input: FakeVideoSaasOptions): Promise<FakeVideoSaas> {
  const settings = FakeVideoSaasSettings.parse(input);
  const counters = newFakeCounters();
  const runtime = new FakeRuntime({
    counters,
    faults: settings.faults,
    seed: settings.seed,
    habits: { timeoutMs: 15_000, retry: { attempts: 3, backoffMs: settings.timing.retryBackoffMs } },
  });
  const service = new VideoService({ pending: runtime.pending, sender: runtime.sender, settings });
  const url = await runtime.listen(settings, saasApi(service, runtime.sender, counters), failure);
  return {
    url,
    counters,
    setFaults: runtime.setFaults,
    idle: runtime.idle,
    close: runtime.close,
    addEndpoint: (endpoint) => service.addEndpoint(endpoint),
    createVideo: (video) => structuredClone(service.create(video)),
  };
}
