import type { RunningFake } from '../../providers/types';
import { newFakeCounters, type FakeCounters } from '../kit/counters';
import type { DeliveryFaults } from '../kit/webhookSender';
import type { LiveEventResource } from './liveEvents';
import type { VideoResource, VideoTiming } from './videos';
import type { WebhookResource, WebhookSpec } from './webhookStore';

/** What the fake Kinescope has seen and done, beyond what every fake counts. */
export interface FakeKinescopeCounters extends FakeCounters {
  /** Video id → GETs of that video. */
  getsByVideo: Record<string, number>;
  /** Live event id → GETs of that live event. */
  getsByLiveEvent: Record<string, number>;
  /** Uploads and live recordings. */
  videosCreated: number;
  liveEventsCreated: number;
}

export const newKinescopeCounters = (): FakeKinescopeCounters => ({ ...newFakeCounters(), getsByVideo: {}, getsByLiveEvent: {}, videosCreated: 0, liveEventsCreated: 0 });

export interface FakeKinescopeOptions {
  /** Required as `Authorization: Bearer <apiToken>` on every API call. */
  apiToken: string;
  host?: string;
  port?: number;
  timing?: Partial<VideoTiming>;
  faults?: DeliveryFaults;
  /** Seed for the drop and shuffle faults; default 1, so runs repeat. */
  seed?: number;
}

/** The running fake, with helpers that do what the API (or an encoder) would. */
export interface FakeKinescope extends RunningFake {
  readonly counters: FakeKinescopeCounters;
  setTiming(timing: Partial<VideoTiming>): void;
  /** Same as POST /v1/videos. */
  uploadVideo(title: string, url: string): VideoResource;
  /** GET /v1/videos/{id}'s `data`, or undefined once deleted. */
  video(id: string): VideoResource | undefined;
  /** Takes the video off its clock and moves it, sending `media.update.status` (with `message` if given). */
  setVideoStatus(id: string, status: string, message?: string): void;
  /** Same as POST /v2/live/events. */
  createLiveEvent(name: string, type?: 'one-time' | 'recurring'): LiveEventResource;
  /** GET /v2/live/events/{id}'s `data`, or undefined once deleted. */
  liveEvent(id: string): LiveEventResource | undefined;
  enableLive(id: string): void;
  /** The encoder starts sending (live.connected) / stops (live.disconnected). */
  connectEncoder(id: string): void;
  disconnectEncoder(id: string): void;
  /** PUT .../complete: live.finished, with the recording's id when the session streamed. */
  completeLive(id: string): { videoId?: string };
  cancelLive(id: string): void;
  /** Created when no webhook has this name, replaced (all five fields) when one has. */
  putWebhook(spec: WebhookSpec): WebhookResource;
  /** GET /v1/webhooks's `data` (passwords masked). */
  webhooks(): WebhookResource[];
}

export type { DeliveryFaults, VideoTiming, WebhookSpec };
