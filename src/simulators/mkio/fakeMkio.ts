import { startHttpServer } from '../kit/httpServer';
import { PendingWork } from '../kit/pending';
import { seededRandom } from '../kit/random';
import { RateLimiter } from '../kit/rateLimit';
import { WebhookSender, type DeliveryHabits } from '../kit/webhookSender';
import { newCounters } from './counters';
import { mkioFailure } from './errors';
import type { JobTiming } from './jobs';
import { mkioRequestHandler } from './routes';
import { MkioService } from './service';
import type { FakeMkio, FakeMkioOptions, FakeMkioTiming } from './types';
import { parseRuleBody } from './webhookRules';

const DEFAULT_TIMING: JobTiming = { queuedMs: 200, processingMs: 500 };
/** MK.IO's documented GET budget per project. */
const DEFAULT_GETS_PER_MINUTE = 2000;
const DEFAULT_SEED = 1;
/** MK.IO's timeout and retry schedule are undocumented; 5 s is the acknowledgement budget Reelflow designs for. */
const MKIO_HABITS: DeliveryHabits = { timeoutMs: 5_000, retry: { attempts: 3, backoffMs: 100 } };

const snapshot = <T>(value: T): T => structuredClone(value);

/** Starts a fake MK.IO on a real port: Media API jobs and locators, webhook rules, and webhook delivery. */
export async function startFakeMkio(options: FakeMkioOptions): Promise<FakeMkio> {
  let timing: JobTiming = { ...DEFAULT_TIMING, ...options.timing };
  const counters = newCounters();
  const pending = new PendingWork();
  const sender = new WebhookSender({ pending, counters, random: seededRandom(options.seed ?? DEFAULT_SEED), habits: MKIO_HABITS });
  sender.setFaults(options.faults ?? {});
  const service = new MkioService({
    pending,
    sender,
    counters,
    timing: () => timing,
    outcome: options.outcome ?? (() => 'Finished'),
  });
  const limiter = new RateLimiter(options.rateLimit?.getsPerMinute ?? DEFAULT_GETS_PER_MINUTE);
  const server = await startHttpServer(
    { host: options.host ?? '127.0.0.1', port: options.port ?? 0 },
    mkioRequestHandler({ service, counters, token: options.token, limiter, sender }),
    mkioFailure,
  );

  let closed = false;
  return {
    url: server.url,
    counters,
    setFaults: (faults) => sender.setFaults(faults),
    setTiming: (next: FakeMkioTiming) => {
      timing = { ...timing, ...next };
    },
    createJob: (project, transform, name, body) => snapshot(service.putJob(project, transform, name, body).job),
    setJobState: (project, transform, name, state) => service.jobs.setState(project, transform, name, state),
    job: (project, transform, name) => {
      const found = service.jobs.get(project, transform, name);
      return found && snapshot(found);
    },
    putRule: (project, name, spec) => {
      service.putRule(project, name, parseRuleBody({ spec }));
    },
    idle: async () => {
      // Events `reorder` still holds would wait forever once nothing else can happen: send them then.
      for (;;) {
        await pending.whenIdle();
        if (pending.isClosed || !sender.releaseHeld()) return;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      pending.close();
      sender.close();
      await server.close();
    },
  };
}
