import { kinescopeBody, signKinescope } from '../../providers/kinescope/testKit';
import { MEDIA_EVENT } from '../../providers/kinescope/states';
import { bump } from '../kit/counters';
import type { PendingWork } from '../kit/pending';
import type { WebhookSender } from '../kit/webhookSender';
import { notFound } from './errors';
import { LiveEventStore, type LiveEventRecord, type LiveMove } from './liveEvents';
import type { FakeKinescopeCounters } from './types';
import { TERMINAL_VIDEO_STATUSES, VideoStore, type VideoRecord, type VideoTiming, type VideoTransition } from './videos';
import { WebhookStore, type WebhookRecord, type WebhookSpec } from './webhookStore';

export interface KinescopeServiceDeps {
  pending: PendingWork;
  sender: WebhookSender;
  counters: FakeKinescopeCounters;
  timing: () => VideoTiming;
}

/**
 * The fake's behaviour without HTTP: stores, the video clock, live event moves and the webhooks
 * their changes fire. Routes and the test-facing handle both call this, so they cannot differ.
 */
export class KinescopeService {
  readonly videos: VideoStore;
  readonly liveEvents = new LiveEventStore();
  readonly webhooks = new WebhookStore();

  constructor(private readonly deps: KinescopeServiceDeps) {
    this.videos = new VideoStore({ pending: deps.pending, timing: deps.timing, onTransition: (t) => this.announceVideo(t) });
  }

  /** Real uploads go through uploader.kinescope.io; this stands in for an upload by URL. */
  uploadVideo(title: string, url: string): VideoRecord {
    this.deps.counters.videosCreated++;
    return this.videos.upload(title, url);
  }

  video(id: string): VideoRecord {
    const found = this.videos.get(id);
    if (!found) throw notFound(`video ${id} not found`);
    return found;
  }

  createLiveEvent(name: string, type: LiveEventRecord['type']): LiveEventRecord {
    this.deps.counters.liveEventsCreated++;
    const event = this.liveEvents.create(name, type);
    this.announce('live.created', { event_id: event.id }, `live:${event.id}`, false);
    return event;
  }

  liveEvent(id: string): LiveEventRecord {
    const found = this.liveEvents.get(id);
    if (!found) throw notFound(`live event ${id} not found`);
    return found;
  }

  /**
   * One move of a live event and its webhook. Completing a session that streamed makes its
   * recording, whose id `live.finished` carries and whose clock then runs to done.
   */
  moveLiveEvent(id: string, move: LiveMove): LiveEventRecord {
    const event = this.liveEvent(id);
    const { event: name, recorded } = this.liveEvents.move(event, move);
    const recording = recorded ? this.videos.recording(`${event.name} (recording)`, event.id) : undefined;
    if (recording) {
      this.deps.counters.videosCreated++;
      event.videoIds.push(recording.id);
    }
    const ends = name === 'live.finished' || name === 'live.cancelled';
    this.announce(name, { event_id: event.id, ...(recording ? { video_id: recording.id } : {}) }, `live:${event.id}`, ends);
    return event;
  }

  /** By name, as `reelflow webhooks sync` finds it: created when absent, replaced when present. */
  putWebhook(spec: WebhookSpec): WebhookRecord {
    const existing = this.webhooks.findByName(spec.name);
    return existing ? this.webhooks.replace(existing.id, spec)! : this.webhooks.create(spec);
  }

  countGet(counts: keyof Pick<FakeKinescopeCounters, 'getsByVideo' | 'getsByLiveEvent'>, id: string): void {
    bump(this.deps.counters[counts], id);
  }

  private announceVideo({ video, status }: VideoTransition): void {
    const data = { id: video.id, status, ...(status === 'error' && video.message ? { message: video.message } : {}) };
    this.announce(MEDIA_EVENT, data, `video:${video.id}`, TERMINAL_VIDEO_STATUSES.has(status));
  }

  /**
   * One body per event, the same bytes for every subscribed webhook and every retry (so its
   * SHA-256 is the same too), each POST with that webhook's own Basic credentials.
   */
  private announce(event: string, data: Record<string, unknown>, resource: string, last: boolean): void {
    const body = kinescopeBody(event, data);
    for (const webhook of this.webhooks.subscribers(event)) {
      const signed = signKinescope(webhook.login, webhook.password, body);
      this.deps.sender.send({ url: webhook.endpoint, headers: signed.headers, body: signed.body, group: `${webhook.id} ${resource}`, last });
    }
  }
}
