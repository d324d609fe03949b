import type { RunningFake } from '../../providers/types';
import { newFakeCounters, type FakeCounters } from '../kit/counters';
import { FakeRuntime } from '../kit/fakeRuntime';
import type { ApiAnswer, ApiRequest } from '../kit/httpServer';
import { PlainApiError, plainApi, plainFailure } from '../kit/plainApi';
import { isRecord, route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import { VideoService, type Endpoint } from './service';
import { FakeVideoSaasSettings, type FakeVideoSaasOptions } from './settings';
import type { SaasVideo } from './videos';

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
      if (typeof title !== 'string' || title === '') throw new PlainApiError(400, 'title: required');
      if (typeof sourceUrl !== 'string' || !URL.canParse(sourceUrl)) throw new PlainApiError(400, 'sourceUrl: a URL is required');
      return { status: 201, body: service.create({ title, sourceUrl }) };
    }),
    route('GET', 'GET video', '/videos/:id', (params) => {
      const video = service.get(params.id!);
      if (!video) throw new PlainApiError(404, `no video ${params.id}`);
      return { status: 200, body: video };
    }),
  ];
  return plainApi(routes, sender, counters);
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
  const url = await runtime.listen(settings, saasApi(service, runtime.sender, counters), plainFailure('fake SaaS'));
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
