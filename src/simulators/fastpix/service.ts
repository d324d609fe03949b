import type { PendingWork } from '../kit/pending';
import type { WebhookSender } from '../kit/webhookSender';
import { deliver, EndpointStore } from './delivery';
import { fastpixEvent, type FastpixObjectType } from './events';
import { LiveStreamStore, liveStreamResource, type LiveEvent, type LiveStreamRecord } from './liveStreams';
import { MediaStore, mediaResource, type MediaEvent, type MediaRecord, type MediaTiming } from './media';
import type { FakeFastpixCounters } from './types';

export interface FastpixServiceDeps {
  pending: PendingWork;
  sender: WebhookSender;
  counters: FakeFastpixCounters;
  workspace: { id: string; name: string };
  timing: () => MediaTiming & { reconnectWindowMs: number };
}

/** A resource's last event releases what `reorder` holds; events after it (a deletion) are never held. */
const LAST_MEDIA_EVENTS = new Set<MediaEvent>(['video.media.ready', 'video.media.failed']);
const UNHELD_MEDIA_EVENTS = new Set<MediaEvent>(['video.media.deleted', 'video.media.updated']);

/**
 * The fake's behaviour without HTTP: stores, clocks, and the webhook every change fires. Routes and
 * the test-facing handle both call this, so a POST and `createMedia()` cannot differ.
 */
export class FastpixService {
  readonly endpoints = new EndpointStore();
  readonly media: MediaStore;
  readonly live: LiveStreamStore;

  constructor(private readonly deps: FastpixServiceDeps) {
    this.media = new MediaStore({
      pending: deps.pending,
      workspaceId: deps.workspace.id,
      timing: deps.timing,
      announce: (media, type) => this.announceMedia(media, type),
    });
    this.live = new LiveStreamStore({
      pending: deps.pending,
      workspaceId: deps.workspace.id,
      reconnectWindowMs: () => deps.timing().reconnectWindowMs,
      announce: (stream, type) => this.announceLive(stream, type),
      recorded: (stream) => this.media.createRecording(stream.streamId, stream.metadata).id,
    });
  }

  createMedia(body: unknown): MediaRecord {
    const media = this.media.create(body);
    this.deps.counters.mediaCreated++;
    return media;
  }

  createLiveStream(body: unknown): LiveStreamRecord {
    const stream = this.live.create(body);
    this.deps.counters.liveStreamsCreated++;
    return stream;
  }

  private announceMedia(media: MediaRecord, type: MediaEvent): void {
    const last = UNHELD_MEDIA_EVENTS.has(type) ? undefined : LAST_MEDIA_EVENTS.has(type);
    this.send(type, 'media', media.id, mediaResource(media), last);
  }

  private announceLive(stream: LiveStreamRecord, type: LiveEvent): void {
    this.send(type, 'live-stream', stream.streamId, liveStreamResource(stream), type === 'video.live_stream.deleted');
  }

  /** One envelope per change, shared by every endpoint: same occurrence, same event id. */
  private send(type: string, objectType: FastpixObjectType, id: string, data: Record<string, unknown>, last: boolean | undefined): void {
    const endpoints = this.endpoints.of(this.deps.workspace.id);
    if (endpoints.length === 0) return;
    deliver(this.deps.sender, endpoints, fastpixEvent({ type, object: { type: objectType, id }, workspace: this.deps.workspace, data }), last);
  }
}
