import { randomUUID } from 'node:crypto';
import type { PendingWork } from '../kit/pending';
import type { WebhookSender } from '../kit/webhookSender';
import type { FakeMediaManagerCounters } from './counters';
import { invalid, mediaNotFound } from './errors';
import { laravelTime, webhookBody, type MediaRecord } from './media';
import type { FakeMediaManagerSettings, FakeMediaManagerTiming } from './settings';
import { deliver, WebhookEndpoints } from './webhooks';

export interface NewMedia {
  title: string;
  sourceUrl?: string;
  live?: boolean;
  autoPublish?: boolean;
}

export interface MediaServiceDeps {
  pending: PendingWork;
  sender: WebhookSender;
  counters: FakeMediaManagerCounters;
  teamId: string;
  timing: () => FakeMediaManagerTiming;
  idleAfterMs: () => number;
  eventNaming: FakeMediaManagerSettings['eventNaming'];
}

/** A source URL containing this word makes processing fail (how a scenario asks for media.upload.failed). */
export const FAIL_WORD = 'fail';

/**
 * The fake's behaviour without HTTP: the media library, the processing and encoder clocks, and
 * the webhooks their changes fire. Routes and the test handle both call this, so they cannot differ.
 */
export class MediaService {
  readonly webhooks = new WebhookEndpoints();
  private readonly media = new Map<string, MediaRecord>();
  /** Pending clock steps per token, cancelled when the media is deleted (or the encoder reconnects). */
  private readonly clocks = new Map<string, () => void>();
  private nextId = 1000;

  constructor(private readonly deps: MediaServiceDeps) {}

  get(token: string): MediaRecord | undefined {
    return this.media.get(token);
  }

  all(): MediaRecord[] {
    return [...this.media.values()];
  }

  /** Uploads a media (or creates a livestream): media.created now, then the processing clock for uploads. */
  create(input: NewMedia): MediaRecord {
    const now = new Date();
    const live = input.live === true;
    const media: MediaRecord = {
      id: this.nextId++,
      token: randomUUID(),
      teamId: this.deps.teamId,
      title: input.title,
      sourceUrl: input.sourceUrl ?? null,
      live,
      published: false,
      autoPublish: input.autoPublish === true,
      stage: live ? 'processed' : 'processing',
      master: 'pending',
      enabled: false,
      stream: 'offline',
      createdAt: laravelTime(now),
      updatedAt: laravelTime(now),
      deletedAt: null,
    };
    this.media.set(media.token, media);
    this.deps.counters.mediaCreated++;
    this.announce(media, 'media.created', live ? undefined : false);
    if (live) {
      if (media.autoPublish) this.setPublished(media, true);
    } else {
      this.startProcessing(media);
    }
    return media;
  }

  publish(token: string, published: boolean): MediaRecord {
    const media = this.existing(token);
    if (published && media.stage !== 'processed') throw invalid('media', 'The media has not finished processing and cannot be published.');
    if (media.published !== published) this.setPublished(media, published);
    return media;
  }

  /** Soft delete: hidden from the list, purged after 14 days unless restored. Stops its clocks. */
  remove(token: string): MediaRecord {
    const media = this.existing(token);
    this.stopClock(token);
    media.stream = 'offline';
    media.deletedAt = laravelTime(new Date());
    this.announce(media, 'media.deleted');
    return media;
  }

  restore(token: string): MediaRecord {
    const media = this.media.get(token);
    if (!media) throw mediaNotFound(token);
    if (media.deletedAt === null) throw invalid('media', 'The media is not deleted.');
    media.deletedAt = null;
    this.announce(media, 'media.restored');
    return media;
  }

  setEnabled(token: string, enabled: boolean): MediaRecord {
    const media = this.livestream(token);
    if (media.enabled === enabled) return media;
    media.enabled = enabled;
    if (!enabled) {
      this.stopClock(token);
      media.stream = 'offline';
    }
    this.announce(media, enabled ? 'livestream.enabled' : 'livestream.disabled');
    return media;
  }

  /** The encoder connects: live at once; a reconnect within the idle window cancels the pending idle. */
  encoderStart(token: string): MediaRecord {
    const media = this.livestream(token);
    if (!media.enabled) throw invalid('media', 'The livestream is not enabled.');
    if (media.stream === 'live') return media;
    this.stopClock(token);
    media.stream = 'live';
    this.announce(media, 'livestream.started');
    return media;
  }

  /** The encoder goes away: nothing is sent until the livestream turns idle, idleAfterMs later. */
  encoderStop(token: string): MediaRecord {
    const media = this.livestream(token);
    if (media.stream !== 'live') throw invalid('media', 'The livestream is not receiving a stream.');
    media.stream = 'disconnected';
    this.step(media, this.deps.idleAfterMs(), () => {
      media.stream = 'idle';
      this.announce(media, 'livestream.idle');
    });
    return media;
  }

  /** upload → (processingMs) → completed | failed → (masterMs) → master ready → published if asked. */
  private startProcessing(media: MediaRecord): void {
    const failing = (media.sourceUrl ?? '').toLowerCase().includes(FAIL_WORD);
    this.step(media, this.deps.timing().processingMs, () => {
      media.stage = failing ? 'failed' : 'processed';
      this.announce(media, failing ? 'media.upload.failed' : 'media.upload.completed', failing);
      if (failing) return;
      this.step(media, this.deps.timing().masterMs, () => {
        media.master = 'ready';
        this.announce(media, 'media.master.ready', !media.autoPublish);
        if (media.autoPublish) this.setPublished(media, true, true);
      });
    });
  }

  private setPublished(media: MediaRecord, published: boolean, last?: boolean): void {
    media.published = published;
    this.announce(media, published ? 'media.published' : 'media.unpublished', last);
  }

  private step(media: MediaRecord, ms: number, next: () => void): void {
    this.clocks.set(
      media.token,
      this.deps.pending.timer(ms, () => {
        this.clocks.delete(media.token);
        next();
      }),
    );
  }

  private stopClock(token: string): void {
    this.clocks.get(token)?.();
    this.clocks.delete(token);
  }

  private existing(token: string): MediaRecord {
    const media = this.media.get(token);
    // Soft-deleted media are invisible to the API (Laravel's SoftDeletes), except to restore.
    if (!media || media.deletedAt !== null) throw mediaNotFound(token);
    return media;
  }

  private livestream(token: string): MediaRecord {
    const media = this.existing(token);
    if (!media.live) throw invalid('media', 'The media is not a livestream.');
    return media;
  }

  /** One body per event, to every webhook that wants it; `last` (see deliver) only on processing events. */
  private announce(media: MediaRecord, event: string, last?: boolean): void {
    const at = new Date();
    media.updatedAt = laravelTime(at);
    const name = this.deps.eventNaming === 'per-kind' ? event.replace(/^media\./, 'video.') : event;
    const body = webhookBody(name, media, at);
    for (const endpoint of this.webhooks.subscribers(name)) {
      deliver(this.deps.sender, endpoint, body, media.token, last);
    }
  }
}
