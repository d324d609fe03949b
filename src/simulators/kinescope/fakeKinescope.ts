import { randomUUID } from 'node:crypto';
import { FakeRuntime } from '../kit/fakeRuntime';
import type { DeliveryHabits } from '../kit/webhookSender';
import { kinescopeFailure } from './errors';
import { liveEventResourceOf } from './liveEvents';
import { kinescopeRequestHandler } from './routes';
import { KinescopeService } from './service';
import { newKinescopeCounters, type FakeKinescope, type FakeKinescopeOptions } from './types';
import { videoResourceOf, type VideoTiming } from './videos';
import { webhookResourceOf } from './webhookStore';

const DEFAULT_TIMING: VideoTiming = { stepMs: 100, processingMs: 300 };
/**
 * Kinescope "may retry" on 4xx/5xx; how often and how soon is undocumented. Three retries
 * with a doubling backoff, and 5 s to answer, are what Reelflow designs for.
 */
const KINESCOPE_HABITS: DeliveryHabits = { timeoutMs: 5_000, retry: { attempts: 3, backoffMs: 500 } };

const snapshot = <T>(value: T): T => structuredClone(value);

/** Starts a fake Kinescope on a real port: videos, live events, webhooks and their delivery. */
export async function startFakeKinescope(options: FakeKinescopeOptions): Promise<FakeKinescope> {
  let timing: VideoTiming = { ...DEFAULT_TIMING, ...options.timing };
  const counters = newKinescopeCounters();
  const runtime = new FakeRuntime({ counters, habits: KINESCOPE_HABITS, faults: options.faults, seed: options.seed });
  const service = new KinescopeService({ pending: runtime.pending, sender: runtime.sender, counters, timing: () => timing });
  const projectId = randomUUID();
  const url = await runtime.listen(options, kinescopeRequestHandler({ service, counters, apiToken: options.apiToken, sender: runtime.sender, projectId }), kinescopeFailure);

  const video = (id: string) => {
    const found = service.videos.get(id);
    return found && snapshot(videoResourceOf(found, projectId));
  };
  return {
    url,
    counters,
    setFaults: runtime.setFaults,
    idle: runtime.idle,
    close: runtime.close,
    setTiming: (next) => {
      timing = { ...timing, ...next };
    },
    uploadVideo: (title, url) => snapshot(videoResourceOf(service.uploadVideo(title, url), projectId)),
    video,
    setVideoStatus: (id, status, message) => service.videos.setStatus(id, status, message),
    createLiveEvent: (name, type = 'one-time') => snapshot(liveEventResourceOf(service.createLiveEvent(name, type), projectId)),
    liveEvent: (id) => {
      const found = service.liveEvents.get(id);
      return found && snapshot(liveEventResourceOf(found, projectId));
    },
    enableLive: (id) => void service.moveLiveEvent(id, 'enable'),
    connectEncoder: (id) => void service.moveLiveEvent(id, 'connect'),
    disconnectEncoder: (id) => void service.moveLiveEvent(id, 'disconnect'),
    completeLive: (id) => {
      const before = service.liveEvent(id).videoIds.length;
      const after = service.moveLiveEvent(id, 'complete').videoIds;
      return after.length > before ? { videoId: after[after.length - 1]! } : {};
    },
    cancelLive: (id) => void service.moveLiveEvent(id, 'cancel'),
    putWebhook: (spec) => snapshot(webhookResourceOf(service.putWebhook(spec))),
    webhooks: () => service.webhooks.list().map((webhook) => snapshot(webhookResourceOf(webhook))),
  };
}
