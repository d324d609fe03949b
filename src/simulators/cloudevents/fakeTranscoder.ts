import type { RunningFake } from '../../providers/types';
import { newFakeCounters, type FakeCounters } from '../kit/counters';
import { FakeRuntime } from '../kit/fakeRuntime';
import type { ApiAnswer, ApiRequest } from '../kit/httpServer';
import { PlainApiError, plainApi, plainFailure } from '../kit/plainApi';
import { isRecord, route } from '../kit/router';
import type { WebhookSender } from '../kit/webhookSender';
import type { TranscodeJob } from './jobs';
import { TranscodeService, type Subscriber } from './service';
import { FakeTranscoderSettings, type FakeTranscoderOptions } from './settings';

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
      if (typeof input !== 'string' || !URL.canParse(input)) throw new PlainApiError(400, 'input: a URL is required');
      if (preset !== undefined && typeof preset !== 'string') throw new PlainApiError(400, 'preset: a string');
      return { status: 201, body: service.create({ input, ...(preset ? { preset } : {}) }) };
    }),
    route('GET', 'GET job', '/jobs/:id', (params) => {
      const job = service.get(params.id!);
      if (!job) throw new PlainApiError(404, `no job ${params.id}`);
      return { status: 200, body: job };
    }),
  ];
  return plainApi(routes, sender, counters);
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
  const url = await runtime.listen(settings, transcoderApi(service, runtime.sender, counters), plainFailure('fake transcoder'));
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
