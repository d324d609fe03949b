import type { RunningFake } from '../../providers/types';
import { bump, newFakeCounters, type FakeCounters } from '../kit/counters';
import { FakeRuntime } from '../kit/fakeRuntime';
import { BodyTooLarge, type ApiAnswer, type ApiRequest } from '../kit/httpServer';
import { fakeControl } from '../kit/options';
import { isRecord, match, parseJsonBody, route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import type { TranscodeJob } from './jobs';
import { TranscodeService, type Subscriber } from './service';
import { FakeTranscoderSettings, type FakeTranscoderOptions } from './settings';

/** An HTTP answer in the fake's error shape `{ "error": "…" }`. */
class TranscoderError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function failure(error: unknown): ApiAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: { error: error.message } };
  if (error instanceof TranscoderError) return { status: error.status, body: { error: error.message } };
  return { status: 500, body: { error: `fake transcoder failed: ${error instanceof Error ? error.message : String(error)}` } };
}

export interface FakeTranscoder extends RunningFake {
  readonly counters: FakeCounters;
  /** Sends every job's events to `subscriber.url`, proven as its `verify` says. */
  subscribe(subscriber: Subscriber): void;
  createJob(input: { input: string; preset?: string }): TranscodeJob;
}

/** The transcoder's tiny API: `POST /jobs {input, preset?}`, `GET /jobs/:id`; plus `/_fake/faults`. */
function transcoderApi(service: TranscodeService, sender: WebhookSender, counters: FakeCounters): (request: ApiRequest) => ApiAnswer {
  const routes = [
    route('POST', 'POST job', '/jobs', (_params, body) => {
      const input = isRecord(body) ? body.input : undefined;
      const preset = isRecord(body) ? body.preset : undefined;
      if (typeof input !== 'string' || !URL.canParse(input)) throw new TranscoderError(400, 'input: a URL is required');
      if (preset !== undefined && typeof preset !== 'string') throw new TranscoderError(400, 'preset: a string');
      return { status: 201, body: service.create({ input, ...(preset ? { preset } : {}) }) };
    }),
    route('GET', 'GET job', '/jobs/:id', (params) => {
      const job = service.get(params.id!);
      if (!job) throw new TranscoderError(404, `no job ${params.id}`);
      return { status: 200, body: job };
    }),
  ];
  return (request) => {
    const control = fakeControl(request, sender, (detail) => new TranscoderError(400, detail));
    if (control) return control;
    counters.requests++;
    const found = match(routes, request.method, request.path);
    if (!found || found === 'malformed') throw new TranscoderError(404, `no route ${request.method} ${request.path}`);
    bump(counters.byRoute, found.route.name);
    return found.route.handle(found.params, parseJsonBody(request.body, () => new TranscoderError(400, 'the body is not JSON')), request);
  };
}

/** Starts a fake transcoding service on a real port, emitting CloudEvents in its configured mode. */
export async function startFakeTranscoder(input: FakeTranscoderOptions): Promise<FakeTranscoder> {
  const settings = FakeTranscoderSettings.parse(input);
  const counters = newFakeCounters();
  const runtime = new FakeRuntime({
    counters,
    faults: settings.faults,
    seed: settings.seed,
    habits: { timeoutMs: 5_000, retry: { attempts: 3, backoffMs: settings.timing.retryBackoffMs } },
  });
  const service = new TranscodeService({ pending: runtime.pending, sender: runtime.sender, settings });
  const url = await runtime.listen(settings, transcoderApi(service, runtime.sender, counters), failure);
  return {
    url,
    counters,
    setFaults: runtime.setFaults,
    idle: runtime.idle,
    close: runtime.close,
    subscribe: (subscriber) => service.subscribe(subscriber),
    createJob: (job) => structuredClone(service.create(job)),
  };
}
