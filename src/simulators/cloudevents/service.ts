import { randomUUID } from 'node:crypto';
import type { CloudEventsVerify } from '../../providers/cloudevents/connection';
import { cloudEventsProofHeaders } from '../../providers/cloudevents/sign';
import type { PendingWork } from '../kit/pending';
import type { WebhookSender } from '../kit/webhookSender';
import { cloudEventsRequest, jobCloudEvent, type StructuredCloudEvent } from './cloudEvents';
import { FAIL_WORD, type TranscodeJob } from './jobs';
import type { FakeTranscoderSettings } from './settings';

/** Where the transcoder sends its events, and how it proves itself there. */
export interface Subscriber {
  url: string;
  verify: CloudEventsVerify;
}

export interface TranscodeServiceDeps {
  pending: PendingWork;
  sender: WebhookSender;
  settings: FakeTranscoderSettings;
}

/**
 * The fake transcoder without HTTP: jobs on a clock (queued → transcoding → complete | error),
 * each change a CloudEvent to every subscriber, in the configured mode. In batch mode a
 * subscriber's events of one window go out in one request.
 */
export class TranscodeService {
  private readonly jobs = new Map<string, TranscodeJob>();
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly batches = new Map<string, StructuredCloudEvent[]>();

  constructor(private readonly deps: TranscodeServiceDeps) {}

  subscribe(subscriber: Subscriber): void {
    this.subscribers.set(subscriber.url, subscriber);
  }

  get(id: string): TranscodeJob | undefined {
    return this.jobs.get(id);
  }

  create(input: { input: string; preset?: string }): TranscodeJob {
    const now = new Date().toISOString();
    const job: TranscodeJob = { id: `job-${randomUUID()}`, input: input.input, preset: input.preset ?? 'hls-1080p', status: 'queued', progress: 0, outputs: [], createdAt: now, updatedAt: now };
    this.jobs.set(job.id, job);
    this.announce(job);
    const { queuedMs, transcodingMs } = this.deps.settings.timing;
    this.deps.pending.timer(queuedMs, () => {
      this.change(job, { status: 'transcoding', progress: 10 });
      this.deps.pending.timer(transcodingMs, () => {
        const failing = job.input.toLowerCase().includes(FAIL_WORD);
        if (failing) this.change(job, { status: 'error', error: { code: 'InputUnreadable', message: 'the input could not be decoded' } });
        else this.change(job, { status: 'complete', progress: 100, outputs: [`s3://acme-vod/${job.id}/master.m3u8`] });
      });
    });
    return job;
  }

  private change(job: TranscodeJob, patch: Partial<TranscodeJob>): void {
    Object.assign(job, patch, { updatedAt: new Date().toISOString() });
    this.announce(job);
  }

  private announce(job: TranscodeJob): void {
    const event = jobCloudEvent(job, this.deps.settings.source);
    const last = job.status === 'complete' || job.status === 'error';
    for (const subscriber of this.subscribers.values()) {
      if (this.deps.settings.mode === 'batch') this.addToBatch(subscriber, event);
      else this.deliver(subscriber, [event], job.id, last);
    }
  }

  private addToBatch(subscriber: Subscriber, event: StructuredCloudEvent): void {
    const open = this.batches.get(subscriber.url);
    if (open) return void open.push(event);
    this.batches.set(subscriber.url, [event]);
    this.deps.pending.timer(this.deps.settings.batchWindowMs, () => {
      const events = this.batches.get(subscriber.url) ?? [];
      this.batches.delete(subscriber.url);
      // A batch mixes jobs: it is never held back by `reorder` (no `last`).
      this.deliver(subscriber, events, 'batch');
    });
  }

  private deliver(subscriber: Subscriber, events: StructuredCloudEvent[], group: string, last?: boolean): void {
    const { headers, body } = cloudEventsRequest(events, this.deps.settings.mode);
    this.deps.sender.send({ url: subscriber.url, headers: { ...headers, ...cloudEventsProofHeaders(subscriber.verify, body) }, body, group: `${subscriber.url} ${group}`, last });
  }
}
