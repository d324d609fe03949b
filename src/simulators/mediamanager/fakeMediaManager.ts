import type { RunningFake } from '../../providers/types';
import { FakeRuntime } from '../kit/fakeRuntime';
import type { DeliveryFaults } from '../kit/webhookSender';
import { newCounters, type FakeMediaManagerCounters } from './counters';
import { mediaManagerFailure } from './errors';
import { GetCache } from './getCache';
import type { MediaRecord } from './media';
import { API_PREFIX, mediaManagerRequestHandler } from './routes';
import { MediaService, type NewMedia } from './service';
import { FakeMediaManagerSettings, type FakeMediaManagerOptions, type FakeMediaManagerTiming } from './settings';
import type { WebhookEndpoint, WebhookSettings } from './webhooks';

/** Media Manager's documented habits: 3 attempts in all (2 retries), 3 s to answer each. */
const DELIVERY_TIMEOUT_MS = 3_000;
const REDELIVERIES = 2;

export interface FakeMediaManager extends RunningFake {
  /** API base, as a connection's apiBaseUrl: http://127.0.0.1:PORT/api/v1 */
  readonly url: string;
  /** Where the fake-only routes live (`/_fake/...`): the server's root. */
  readonly root: string;
  readonly teamId: string;
  readonly counters: FakeMediaManagerCounters;
  setFaults(faults: DeliveryFaults): void;
  setTiming(timing: Partial<FakeMediaManagerTiming>): void;
  /** Adds or changes the team's webhook for `url` (team settings → Webhooks); a new one gets a generated secret. */
  setWebhook(url: string, settings?: WebhookSettings): WebhookEndpoint;
  /** The team's webhooks, secrets revealed. */
  webhooks(): WebhookEndpoint[];
  /** Same as `POST /media`; returns a snapshot. */
  createMedia(input: NewMedia): MediaRecord;
  /** A snapshot of the media (deleted ones too), or undefined. */
  media(token: string): MediaRecord | undefined;
  idle(): Promise<void>;
  close(): Promise<void>;
}

const snapshot = <T>(value: T): T => structuredClone(value);

/** Starts a fake Media Manager on a real port: the media list (cached), the web app's actions as routes, signed webhooks. */
export async function startFakeMediaManager(input: FakeMediaManagerOptions): Promise<FakeMediaManager> {
  const options = FakeMediaManagerSettings.parse(input);
  let timing: FakeMediaManagerTiming = { ...options.timing };
  const counters = newCounters();
  const runtime = new FakeRuntime({
    counters,
    faults: options.faults,
    seed: options.seed,
    habits: {
      timeoutMs: DELIVERY_TIMEOUT_MS,
      // Read at construction: the backoff is a start option (the platform's interval is undocumented).
      retry: { attempts: REDELIVERIES, backoffMs: timing.retryBackoffMs },
    },
  });
  const service = new MediaService({
    pending: runtime.pending,
    sender: runtime.sender,
    counters,
    teamId: options.teamId,
    timing: () => timing,
    idleAfterMs: () => options.idleAfterMs,
    eventNaming: options.eventNaming,
  });
  const cache = new GetCache(() => options.getCacheMs);
  const root = await runtime.listen(options, mediaManagerRequestHandler({ service, counters, cache, sender: runtime.sender, apiToken: options.apiToken, teamId: options.teamId }), mediaManagerFailure);

  return {
    url: `${root}${API_PREFIX}`,
    root,
    teamId: options.teamId,
    counters,
    setFaults: runtime.setFaults,
    idle: runtime.idle,
    close: runtime.close,
    setTiming: (next) => {
      timing = { ...timing, ...next };
    },
    setWebhook: (url, settings) => snapshot(service.webhooks.set(url, settings)),
    webhooks: () => snapshot(service.webhooks.list()),
    createMedia: (media) => snapshot(service.create(media)),
    media: (token) => {
      const found = service.get(token);
      return found && snapshot(found);
    },
  };
}
