import { FakeRuntime } from '../kit/fakeRuntime';
import { RateLimiter } from '../kit/rateLimit';
import type { DeliveryHabits } from '../kit/webhookSender';
import { newCounters } from './counters';
import { mkioFailure } from './errors';
import { mkioRequestHandler } from './routes';
import { MkioService } from './service';
import type { FakeMkio, FakeMkioOptions, FakeMkioTiming } from './types';
import { parseOperationBody, START_STOP } from './scheduledOperations';
import { parseRuleBody } from './webhookRules';

const DEFAULT_TIMING: Required<FakeMkioTiming> = { queuedMs: 200, processingMs: 500, liveStartingMs: 300, liveStoppingMs: 200, operationStepMs: 300 };
/** MK.IO's documented GET budget per project. */
const DEFAULT_GETS_PER_MINUTE = 2000;
/** MK.IO's timeout and retry schedule are undocumented; 5 s is the acknowledgement budget Reelflow designs for. */
const MKIO_HABITS: DeliveryHabits = { timeoutMs: 5_000, retry: { attempts: 3, backoffMs: 100 } };

const snapshot = <T>(value: T): T => structuredClone(value);

/** Starts a fake MK.IO on a real port: Media API jobs and locators, webhook rules, and webhook delivery. */
export async function startFakeMkio(options: FakeMkioOptions): Promise<FakeMkio> {
  let timing: Required<FakeMkioTiming> = { ...DEFAULT_TIMING, ...options.timing };
  const counters = newCounters();
  const runtime = new FakeRuntime({ counters, habits: MKIO_HABITS, faults: options.faults, seed: options.seed });
  const service = new MkioService({
    pending: runtime.pending,
    sender: runtime.sender,
    counters,
    timing: () => timing,
    outcome: options.outcome ?? (() => 'Finished'),
  });
  const limiter = new RateLimiter(options.rateLimit?.getsPerMinute ?? DEFAULT_GETS_PER_MINUTE);
  const liveChannelNamed = (project: string, name: string) => {
    const found = service.channels.find(project, name);
    if (!found) throw new Error(`fake MK.IO: no live resource ${project}/${name}`);
    return found;
  };
  const url = await runtime.listen(options, mkioRequestHandler({ service, counters, token: options.token, limiter, sender: runtime.sender }), mkioFailure);

  return {
    url,
    counters,
    setFaults: runtime.setFaults,
    idle: runtime.idle,
    close: runtime.close,
    setTiming: (next: FakeMkioTiming) => {
      timing = { ...timing, ...next };
    },
    createJob: (project, transform, name, body) => snapshot(service.putJob(project, transform, name, body).job),
    setJobState: (project, transform, name, state) => service.jobs.setState(project, transform, name, state),
    job: (project, transform, name) => {
      const found = service.jobs.get(project, transform, name);
      return found && snapshot(found);
    },
    createLiveChannel: (project, name, { api = 'media', body } = {}) => snapshot(service.putLive(project, api, name, body ?? (api === 'media' ? {} : { spec: {} })).channel),
    startLive: (project, name) => service.channels.start(liveChannelNamed(project, name)),
    stopLive: (project, name) => service.channels.stop(liveChannelNamed(project, name)),
    failNextStart: (project, name) => {
      liveChannelNamed(project, name).failNextStart = true;
    },
    liveChannel: (project, name) => {
      const found = service.channels.find(project, name);
      return found && snapshot(found);
    },
    createScheduledOperation: (project, resourceType, channel, name, spec = {}) => {
      const now = Date.now();
      const full = parseOperationBody({ spec: { type: START_STOP, startTime: new Date(now).toISOString(), endTime: new Date(now + 3_600_000).toISOString(), correlationData: {}, ...spec } });
      const result = service.putOperation(project, resourceType, channel, name, full);
      if (!result) throw new Error(`fake MK.IO: no ${resourceType} ${channel} in project ${project}`);
      return snapshot(result.operation);
    },
    scheduledOperation: (project, resourceType, channel, name) => {
      const found = service.operations.get(project, resourceType, channel, name);
      return found && snapshot(found);
    },
    putRule: (project, name, spec) => {
      service.putRule(project, name, parseRuleBody({ spec }));
    },
  };
}
