import { WorkflowNotFoundError } from '@temporalio/client';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { MkioConnection } from '../../src/providers/mkio/connection';
import { parseResourceKey } from '../../src/domain/resourceKey';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { stateQuery } from '../../workflows/messages';
import type { VodPipelineResult } from '../../workflows/pipelines/vodPipeline';
import { startHttpRecorder, type HttpRecorder, type Responder } from '../support/httpRecorder';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

/**
 * Wait-or-poll, idempotent actions and pipelines, against the fake MK.IO over real HTTP and
 * a real Temporal dev server.
 */
const TOKEN = 'fake-mkio-token';
const RATE = 5; // provider GETs per second allowed across all workflows
const JOBS = 10;

const whsec = `whsec_${Buffer.from('reelflow-test-signing-key-32-bytes!').toString('base64')}`;

async function withFake(options: Parameters<typeof startFakeMkio>[0], fn: (fake: FakeMkio) => Promise<void>) {
  const fake = await startFakeMkio(options);
  try {
    await fn(fake);
  } finally {
    await fake.close();
  }
}

const PUBLISH_AND_NOTIFY = [
  { kind: 'job', phase: 'ready', run: ['publish', 'notify-team'] },
  { kind: 'job', phase: ['failed', 'canceled'], run: ['notify-team'] },
];

/**
 * A stack whose MK.IO API is a scripted recorder, with one job started by webhook; the test
 * then watches how the workflow polls that API.
 */
async function withScriptedApi(responder: Responder, polling: Record<string, unknown>, fn: (stack: Stack, key: string, sentAt: number) => Promise<void>) {
  const api = await startHttpRecorder(responder);
  const stack = await startStack({ config: { polling }, connection: { apiBaseUrl: api.url, apiToken: TOKEN } });
  try {
    const job = unique('scripted');
    const sentAt = Date.now();
    await stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 't', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
    await fn(stack, `mkio:${stack.account}:job:t/${job}`, sentAt);
  } finally {
    await stack.stop();
    await api.close();
  }
}

/** A rule for job events only (no locator events: the counts below are exact). */
const jobRule = (stack: Stack) => ({
  url: `${stack.url}/webhooks/mkio/test`,
  enabled: true,
  events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'],
  authentication: { headers: { 'X-Webhook-Secret': (stack.connection as unknown as MkioConnection).secret[0]! } },
});

function stackFor(fake: FakeMkio, receiver: HttpRecorder, polling: Record<string, unknown>, on: unknown[] = PUBLISH_AND_NOTIFY) {
  return startStack({
    listen: true,
    config: {
      polling,
      actions: { 'notify-team': { type: 'notify.http', url: `${receiver.url}/hooks/reelflow`, secret: whsec } },
    },
    connection: {
      apiBaseUrl: fake.url,
      apiToken: TOKEN,
      on,
    },
  });
}

describe('wait, then poll', () => {
  let receiver: HttpRecorder;
  beforeAll(async () => {
    receiver = await startHttpRecorder();
  });
  afterAll(async () => receiver.close());

  it('all webhooks dropped → every pipeline still finishes via polling, within the GET schedule and rate', async () => {
    await withFake({ token: TOKEN, timing: { queuedMs: 300, processingMs: 1500 }, faults: { drop: 1 } }, async (fake) => {
      // The pipeline publishes and notifies itself: no `on:` rules, so each effect has one author.
      const stack = await stackFor(fake, receiver, { quietFor: '100ms', maxPollInterval: '300ms', maxWait: '1m', providers: { mkio: { maxRequestsPerSecond: RATE } } }, []);
      try {
        fake.putRule(stack.account, 'reelflow', jobRule(stack));
        const getsOverTime: Array<[number, number]> = [];
        const sampler = setInterval(() => getsOverTime.push([Date.now(), totalGets(fake)]), 50);
        const pipelines = await Promise.all(
          Array.from({ length: JOBS }, (_, i) =>
            stack.client.workflow.start('vodPipeline', {
              workflowId: unique(`vod-drop-${i}`),
              taskQueue: stack.taskQueue,
              args: [{ connection: 'test', project: stack.account, transform: 'encode-h264', inputAsset: `in-${i}`, notify: ['notify-team'], timeout: '1 minute' }],
            }),
          ),
        );
        const results = (await Promise.all(pipelines.map((p) => p.result()))) as VodPipelineResult[];
        clearInterval(sampler);

        expect(results.map((r) => r.state)).toEqual(Array(JOBS).fill('Finished'));
        expect(fake.counters.deliveriesDropped).toBe(JOBS * 2);
        expect(fake.counters.deliveryAttempts).toBe(0);
        expect(fake.counters.locatorsCreated).toBe(JOBS);
        expect(fake.counters.byRoute['PUT locator']).toBe(JOBS);
        expect(receiver.requests.filter((r) => r.url === '/hooks/reelflow')).toHaveLength(JOBS);
        for (const r of results) {
          const state: ResourceSnapshot = await stack.client.workflow.getHandle(r.key).query(stateQuery);
          expect(state.transitions.map((t) => t.via)).not.toContain('webhook');
          // A job lives ~1.8 s; polls start after 100 ms quiet, reset on each change, back off to 300 ms (and wait for the rate limit): a handful, never a storm.
          const gets = fake.counters.getsByJob[`${stack.account}/${parseResourceKey(r.key).id}`] ?? 0;
          expect(state.counts.polls).toBeGreaterThanOrEqual(1);
          expect(state.counts.polls).toBeLessThanOrEqual(Math.ceil(1800 / 100) + 2);
          // One GET per poll, plus the full job once it is terminal (both on the rate-limited queue).
          expect(gets).toBe(state.counts.polls + 1);
        }
        // The server-side task-queue limit holds across all workflows: no 1 s window above RATE (+1 for bucket edges).
        // Temporal's task-queue limiter is a token bucket: up to about one second's worth may come
        // as a burst (seen: 2 × RATE + 1 in one second), so any window of w seconds holds about
        // (w + 1) × RATE, and the average stays at RATE.
        // Without the limit ten jobs polling every 300 ms would make ~33 in a second.
        expect(maxInAnyWindow(getsOverTime, 1000)).toBeLessThanOrEqual(3 * RATE);
        expect(maxInAnyWindow(getsOverTime, 3000)).toBeLessThanOrEqual(4 * RATE);
        expect(maxInAnyWindow(getsOverTime, 3000)).toBeGreaterThanOrEqual(2 * RATE); // the limit was reached, not just unneeded
        expect(fake.counters.rateLimited).toBe(0);
      } finally {
        await stack.stop();
      }
    });
  });

  it('backs off ×2 from quietFor up to maxPollInterval while nothing changes', async () => {
    const gets: number[] = [];
    const processing: Responder = (request) => {
      if (request.url.endsWith('/state')) gets.push(request.at);
      return { status: 200, body: { status: { state: 'Processing' } } };
    };
    await withScriptedApi(processing, { quietFor: '250ms', maxPollInterval: '1s', maxWait: '1m' }, async (_stack, _key, sentAt) => {
      await eventually(async () => (gets.length >= 6 ? true : undefined), 15_000);
      const gaps = [gets[0]! - sentAt, ...gets.slice(1, 6).map((t, i) => t - gets[i]!)];
      // 250 ms quiet, then 500, 1000, and capped at 1000. The lower bounds prove the doubling; the
      // cap holds if any of the three capped gaps is under 1.9 s (a doubled cap makes all three ≥ 2 s),
      // whatever delays a busy machine adds to some of them.
      [250, 500, 1000, 1000, 1000, 1000].forEach((expected, i) => expect(gaps[i]).toBeGreaterThanOrEqual(expected - 20));
      expect(Math.min(...gaps.slice(3))).toBeLessThan(1_900);
    });
  });

  it('a 429 makes the poller wait for Retry-After, with no burst', async () => {
    const gets: number[] = [];
    const limitedOnce: Responder = (request) => {
      if (!request.url.endsWith('/state')) return { status: 200, body: { name: 'j', properties: { state: 'Finished', outputs: [] } } };
      gets.push(request.at);
      if (gets.length === 1) {
        return { status: 429, headers: { 'retry-after': '2' }, body: { error: { code: 'TooManyRequests', detail: 'slow down', extraDetail: '' }, status: 429, ref: 'r-1' } };
      }
      return { status: 200, body: { status: { state: 'Finished' } } };
    };
    await withScriptedApi(limitedOnce, { quietFor: '100ms', maxPollInterval: '200ms', maxWait: '1m' }, async (stack, key) => {
      const state = await eventually(async () => {
        const s: ResourceSnapshot = await stack.client.workflow.getHandle(key).query(stateQuery);
        return s.phase === 'ready' ? s : undefined;
      }, 20_000);
      expect(state.transitions.at(-1)).toMatchObject({ state: 'Finished', via: 'poll' });
      expect(gets).toHaveLength(2);
      expect(gets[1]! - gets[0]!).toBeGreaterThanOrEqual(1900);
    });
  });

  it('never fetches a payload source that points elsewhere; polls the configured API instead', async () => {
    const trap = await startHttpRecorder();
    await withFake({ token: TOKEN, timing: { queuedMs: 50, processingMs: 100_000 } }, async (fake) => {
      const stack = await startStack({
        config: { polling: { quietFor: '150ms', maxPollInterval: '300ms', maxWait: '1m' } },
        connection: { apiBaseUrl: fake.url, apiToken: TOKEN },
      });
      try {
        const jobs = ['ssrf-local', 'ssrf-metadata'];
        for (const job of jobs) fake.createJob(stack.account, 'encode', job);
        const sources = [
          `${trap.url}/api/v1/projects/${stack.account}/transforms/encode/jobs/ssrf-local`,
          `http://169.254.169.254/api/v1/projects/${stack.account}/transforms/encode/jobs/ssrf-metadata`,
        ];
        for (const [i, source] of sources.entries()) {
          const event = { ...jobCloudEvent({ project: stack.account, transform: 'encode', job: jobs[i]!, type: 'MediaKind.JobStarted', state: 'Processing' }), source };
          const answer = await stack.postWebhook(event);
          expect(answer.statusCode).toBe(200);
        }
        await eventually(async () => (jobs.every((j) => (fake.counters.getsByJob[`${stack.account}/encode/${j}`] ?? 0) >= 1) ? true : undefined));
        expect(trap.requests).toHaveLength(0);
      } finally {
        await stack.stop();
      }
    });
    await trap.close();
  });

  it('stalls at maxWait: phase stalled, the alert runs, polling stops, a webhook then wins', async () => {
    await withFake({ token: TOKEN, timing: { queuedMs: 50, processingMs: 100_000 } }, async (fake) => {
      const stack = await startStack({
        config: { polling: { quietFor: '100ms', maxPollInterval: '200ms', maxWait: '1200ms' } },
        connection: { apiBaseUrl: fake.url, apiToken: TOKEN },
      });
      try {
        const job = unique('stuck');
        fake.createJob(stack.account, 'encode', job);
        const post = (type: 'MediaKind.JobStarted' | 'MediaKind.JobFinished', state: string) => stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 'encode', job, type, state }));
        await post('MediaKind.JobStarted', 'Processing');
        const key = `mkio:${stack.account}:job:encode/${job}`;
        const handle = stack.client.workflow.getHandle(key);
        const stalled = await eventually(async () => {
          const s: ResourceSnapshot = await handle.query(stateQuery);
          return s.phase === 'stalled' && s.actions.some((a) => a.name === 'alert' && a.status === 'succeeded') ? s : undefined;
        });
        expect(stalled.attention?.reason).toMatch(/no transition/);
        const pollsAtStall = stalled.counts.polls;
        await new Promise((r) => setTimeout(r, 600));
        expect(((await handle.query(stateQuery)) as ResourceSnapshot).counts.polls).toBe(pollsAtStall);
        const found = await eventually(async () => {
          for await (const wf of stack.client.workflow.list({ query: `ReelflowPhase = "stalled" AND ReelflowAccount = "${stack.account}"` })) return wf.workflowId;
          return undefined;
        });
        expect(found).toBe(key);

        await post('MediaKind.JobFinished', 'Finished');
        const done = await eventually(async () => {
          const s: ResourceSnapshot = await handle.query(stateQuery);
          return s.phase === 'ready' ? s : undefined;
        });
        expect(done.attention).toBeUndefined();
      } finally {
        await stack.stop();
      }
    });
  });

  it('401 from the provider → needs-attention, no retry storm', async () => {
    await withFake({ token: 'the-real-token', timing: { queuedMs: 50, processingMs: 100_000 } }, async (fake) => {
      const stack = await startStack({
        config: { polling: { quietFor: '100ms', maxPollInterval: '200ms', maxWait: '1m' } },
        connection: { apiBaseUrl: fake.url, apiToken: 'a-wrong-token' },
      });
      try {
        const job = unique('auth');
        fake.createJob(stack.account, 'encode', job);
        await stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 'encode', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
        const handle = stack.client.workflow.getHandle(`mkio:${stack.account}:job:encode/${job}`);
        const state = await eventually(async () => {
          const s: ResourceSnapshot = await handle.query(stateQuery);
          return s.phase === 'needs-attention' ? s : undefined;
        });
        expect(state.attention?.reason).toMatch(/401/);
        await new Promise((r) => setTimeout(r, 500));
        expect(fake.counters.getsByJob[`${stack.account}/encode/${job}`]).toBe(1);
      } finally {
        await stack.stop();
      }
    });
  });
});

describe('downstream actions are idempotent', () => {
  it('each webhook delivered 3×, shuffled → one locator and one notification per job', async () => {
    const receiver = await startHttpRecorder();
    await withFake({ token: TOKEN, timing: { queuedMs: 30, processingMs: 80 }, faults: { duplicate: 2, reorder: true } }, async (fake) => {
      const stack = await stackFor(fake, receiver, { quietFor: '30s' });
      try {
        fake.putRule(stack.account, 'reelflow', jobRule(stack));
        const jobs = Array.from({ length: 5 }, (_, i) => unique(`dup-${i}`));
        for (const job of jobs) fake.createJob(stack.account, 'encode', job);
        await fake.idle();
        expect(fake.counters.deliveriesSucceeded).toBe(jobs.length * 2 * 3);
        await eventually(async () => (receiver.requests.length >= jobs.length ? true : undefined));
        await new Promise((r) => setTimeout(r, 500)); // room for a wrongly doubled effect to show up
        expect(fake.counters.locatorsCreated).toBe(jobs.length);
        const keys = receiver.requests.map((r) => r.headers['idempotency-key']);
        expect(new Set(keys).size).toBe(jobs.length);
        expect(keys).toHaveLength(jobs.length);
        // Webhooks carried the full job, so nothing had to be fetched.
        expect(Object.values(fake.counters.getsByJob).reduce((a, b) => a + b, 0)).toBe(0);
        for (const job of jobs) {
          const s: ResourceSnapshot = await stack.client.workflow.getHandle(`mkio:${stack.account}:job:encode/${job}`).query(stateQuery);
          expect(s).toMatchObject({ state: 'Finished', counts: { duplicates: expect.any(Number) } });
          expect(s.actions.map((a) => `${a.name}:${a.status}`).sort()).toEqual(['notify-team:succeeded', 'publish:succeeded']);
        }
      } finally {
        await stack.stop();
      }
    });
    await receiver.close();
  });
});

describe('awaitResource', () => {
  it('resolves at once for a job that finished before anyone awaited it', async () => {
    const stack = await startStack();
    try {
      const job = unique('early');
      for (const [type, state] of [
        ['MediaKind.JobStarted', 'Processing'],
        ['MediaKind.JobFinished', 'Finished'],
      ] as const) {
        await stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 'encode', job, type, state }));
      }
      const key = `mkio:${stack.account}:job:encode/${job}`;
      const started = Date.now();
      const status = await stack.client.workflow.execute('awaitResourceState', {
        workflowId: unique('await'),
        taskQueue: stack.taskQueue,
        args: [key, { connection: 'test', until: 'terminal', timeout: '30 seconds' }],
      });
      expect(Date.now() - started).toBeLessThan(15_000); // answered from the resource, not at the 30 s timeout
      expect(status).toMatchObject({ key, state: 'Finished', phase: 'ready', terminal: true });
    } finally {
      await stack.stop();
    }
  });

  it('times out with a clear failure when the state never comes', async () => {
    const stack = await startStack();
    try {
      const run = stack.client.workflow.execute('awaitResourceState', {
        workflowId: unique('await-timeout'),
        taskQueue: stack.taskQueue,
        args: [`mkio:${stack.account}:job:encode/${unique('never')}`, { connection: 'test', until: 'terminal', timeout: '1 second' }],
      });
      await expect(run).rejects.toMatchObject({ cause: { type: 'AwaitResourceTimeout' } });
    } finally {
      await stack.stop();
    }
  });

  it('bad options or a key of another account fail the workflow at once, naming why, instead of wedging it', async () => {
    const stack = await startStack();
    try {
      const awaitState = (key: string, options: Record<string, unknown>) =>
        stack.client.workflow.execute('awaitResourceState', { workflowId: unique('await-bad'), taskQueue: stack.taskQueue, args: [key, { connection: 'test', ...options }] });
      const key = `mkio:${stack.account}:job:encode/${unique('opt')}`;
      const started = Date.now();
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ until: 'ready', timeout: '1 minute' }, /^until: /], // a TypeError in the workflow task before
        [{ until: ['ready', 'done'], timeout: '1 minute' }, /^until: .*got \["ready","done"\]$/],
        [{ timeout: 'abc' }, /^timeout: a positive duration/], // threw when the subscription was scheduled
        [{ timeout: '-5s' }, /^timeout: /],
        [{}, /^timeout: required/], // waited forever
        [{ connection: '', timeout: '1 minute' }, /^connection: /],
      ];
      for (const [options, message] of bad) {
        await expect(awaitState(key, options)).rejects.toMatchObject({ cause: { type: 'InvalidAwaitOptions', message: expect.stringMatching(message) } });
      }
      expect(Date.now() - started).toBeLessThan(15_000);
      await expect(stack.client.workflow.getHandle(key).describe()).rejects.toThrow(WorkflowNotFoundError);

      // The connection's credentials never reach another project: the subscription refuses to start its workflow.
      const foreign = `mkio:someone-else:job:encode/${unique('x')}`;
      await expect(awaitState(foreign, { timeout: '1 minute' })).rejects.toMatchObject({
        cause: { type: 'ResourceNotInConnection', message: `key: account "someone-else" is not connection test's "${stack.account}"` },
      });
      await expect(stack.client.workflow.getHandle(foreign).describe()).rejects.toThrow(WorkflowNotFoundError);
    } finally {
      await stack.stop();
    }
  });
});

function totalGets(fake: FakeMkio): number {
  return Object.values(fake.counters.getsByJob).reduce((a, b) => a + b, 0);
}

/** The largest increase of a cumulative counter within any window of `windowMs`. */
function maxInAnyWindow(samples: Array<[number, number]>, windowMs: number): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    for (let j = i; j < samples.length && samples[j]![0] - samples[i]![0] <= windowMs; j++) {
      max = Math.max(max, samples[j]![1] - samples[i]![1]);
    }
  }
  return max;
}
