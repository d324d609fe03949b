import { newFakeCounters } from '../kit/counters';
import { FakeRuntime } from '../kit/fakeRuntime';
import type { DeliveryHabits } from '../kit/webhookSender';
import { fastpixFailure } from './errors';
import { fastpixRequestHandler } from './routes';
import { FastpixService } from './service';
import type { FakeFastpix, FakeFastpixCounters, FakeFastpixOptions, FakeFastpixTiming } from './types';

const DEFAULT_TIMING = { processingMs: 200, reconnectWindowMs: 500 };
/** A workspace id shaped like FastPix's (a UUID), for fakes started without one. */
export const DEFAULT_WORKSPACE_ID = '8d3f6a2e-3c1b-4f0e-9a57-6f1c2b9d4e10';
/** The signing secret of endpoints added without one (base64, like the dashboard's). */
export const DEFAULT_SIGNING_SECRET = Buffer.from('fake-fastpix-signing-secret').toString('base64');
/** FastPix documents no retry schedule; the envelope's `attempts` says it redelivers. 5 s is the ack budget Reelflow designs for. */
const FASTPIX_HABITS: DeliveryHabits = { timeoutMs: 5_000, retry: { attempts: 3, backoffMs: 200 } };

const snapshot = <T>(value: T): T => structuredClone(value);

/** Starts a fake FastPix on a real port: media, live streams with an encoder, and signed webhook delivery. */
export async function startFakeFastpix(options: FakeFastpixOptions): Promise<FakeFastpix> {
  let timing: FakeFastpixTiming = { ...DEFAULT_TIMING, ...options.timing };
  const counters: FakeFastpixCounters = { ...newFakeCounters(), getsByResource: {}, mediaCreated: 0, liveStreamsCreated: 0 };
  const runtime = new FakeRuntime({ counters, habits: FASTPIX_HABITS, faults: options.faults, seed: options.seed });
  const workspace = { id: options.workspaceId ?? DEFAULT_WORKSPACE_ID, name: options.workspaceName ?? 'Reelflow fake' };
  const service = new FastpixService({
    pending: runtime.pending,
    sender: runtime.sender,
    counters,
    workspace,
    timing: () => {
      const processingMs = timing.processingMs ?? DEFAULT_TIMING.processingMs;
      return { processingMs, readyMs: timing.readyMs ?? processingMs, reconnectWindowMs: timing.reconnectWindowMs ?? DEFAULT_TIMING.reconnectWindowMs };
    },
  });
  const url = await runtime.listen(options, fastpixRequestHandler({ service, counters, sender: runtime.sender, accessTokenId: options.accessTokenId, secretKey: options.secretKey }), fastpixFailure);

  return {
    url,
    counters,
    workspaceId: workspace.id,
    setFaults: runtime.setFaults,
    idle: runtime.idle,
    close: runtime.close,
    setTiming: (next) => {
      timing = { ...timing, ...next };
    },
    addEndpoint: (endpoint) =>
      service.endpoints.add({
        url: endpoint.url,
        signingSecret: endpoint.signingSecret ?? options.signingSecret ?? DEFAULT_SIGNING_SECRET,
        encoding: endpoint.encoding ?? 'base64',
        workspaceId: endpoint.workspaceId ?? workspace.id,
      }),
    createMedia: (body) => snapshot(service.createMedia(body ?? { inputs: [{ type: 'video', url: 'https://static.fastpix.com/fp-sample-video.mp4' }] })),
    media: (id) => {
      const found = service.media.get(id);
      return found && snapshot(found);
    },
    createLiveStream: (body) => snapshot(service.createLiveStream(body ?? {})),
    liveStream: (id) => {
      const found = service.live.get(id);
      return found && snapshot(found);
    },
    connectEncoder: (id) => void service.live.connect(id),
    disconnectEncoder: (id) => void service.live.disconnect(id),
  };
}
