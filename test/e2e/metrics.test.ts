import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { validateConfig } from '../../src/config/load';
import { openInbox } from '../../src/inbox/open';
import { InboxUnavailableError, type InboxStore } from '../../src/inbox/types';
import { buildIngress } from '../../src/ingress/app';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { freePort } from '../../src/temporal/devServer';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

/** One sample of the Prometheus text: the series with exactly these labels, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .sort()
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (got === wanted) return Number(match[3]);
  }
  return undefined;
}

const scrape = async (stack: { app: Stack['app'] }) => {
  const answer = await stack.app.inject({ method: 'GET', url: '/metrics' });
  expect(answer.statusCode).toBe(200);
  return answer.body;
};

const started = (stack: Stack, job: string, id = unique('evt')) => jobCloudEvent({ project: stack.account, transform: 't', job, type: 'MediaKind.JobStarted', state: 'Processing', id });

describe('/metrics', () => {
  it('counts answers, ack times, inbox depth, hand-offs and lag as the traffic goes', async () => {
    const slowId = unique('slow');
    // One event's hand-off is held until the test lets it go: it is answered 202 spooled, delivered later.
    // The deadline is long enough for a loaded machine's real hand-offs to answer 200.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const stack = await startStack({
      noWorker: true,
      config: { inbox: { file: ':memory:', ackDeadline: '3s' } },
      dispatcher: (client, config) => {
        const real = configuredDispatcher(client, config);
        return { deliver: async (event) => (event.eventId === slowId ? (await held, real.deliver(event)) : real.deliver(event)) };
      },
    });
    try {
      const first = started(stack, unique('a'));
      expect((await stack.postWebhook(first)).statusCode).toBe(200);
      expect((await stack.postWebhook(started(stack, unique('b')))).statusCode).toBe(200);
      expect((await stack.postWebhook(started(stack, unique('c'), slowId))).json()).toMatchObject({ status: 'spooled' });
      expect((await stack.postWebhook(first)).json()).toMatchObject({ status: 'duplicate' });
      const untracked = { specversion: '1.0', id: unique('evt'), type: 'MediaKind.AssetCreated', source: `/api/v1/projects/${stack.account}/media/assets/a1`, data: {} };
      expect((await stack.postWebhook(untracked)).json()).toMatchObject({ status: 'ignored' });
      expect((await stack.postWebhook(started(stack, unique('d')), { 'x-webhook-secret': 'not-the-secret' })).statusCode).toBe(401);

      // While the slow hand-off is still under way.
      const during = await scrape(stack);
      const counted = (outcome: string, code: string) => sample(during, 'reelflow_webhooks_total', { provider: 'mkio', connection: 'test', outcome, code });
      expect([counted('accepted', '200'), counted('spooled', '202'), counted('duplicate', '200'), counted('ignored', '200'), counted('unauthorized', '401')]).toEqual([2, 1, 1, 1, 1]);
      expect(sample(during, 'reelflow_webhook_ack_seconds_count', { provider: 'mkio', outcome: 'accepted' })).toBe(2);
      expect(sample(during, 'reelflow_webhook_ack_seconds_count', { provider: 'mkio', outcome: 'spooled' })).toBe(1);
      // A spooled answer waited the whole ack deadline.
      expect(sample(during, 'reelflow_webhook_ack_seconds_sum', { provider: 'mkio', outcome: 'spooled' })).toBeGreaterThanOrEqual(3);
      expect(sample(during, 'reelflow_webhook_ack_seconds_bucket', { provider: 'mkio', outcome: 'spooled', le: '2.5' })).toBe(0);
      const depth = (status: string, text = during) => sample(text, 'reelflow_inbox_deliveries', { status });
      expect(['pending', 'delivered', 'closed', 'ignored', 'failed', 'rejected'].map((s) => depth(s))).toEqual([1, 2, 0, 1, 0, 1]);
      expect(sample(during, 'reelflow_relay_lag_seconds')).toBeGreaterThan(0);
      expect(sample(during, 'reelflow_relay_attempts_total', { outcome: 'delivered' })).toBe(2);
      expect(sample(during, 'reelflow_relay_handoff_seconds_count', { outcome: 'delivered' })).toBe(2);
      expect(sample(during, 'reelflow_relay_outage')).toBe(0);
      // prom-client's default process and Node metrics, in this app's own registry.
      expect(sample(during, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(during).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);

      release();
      const after = await eventually(async () => {
        const text = await scrape(stack);
        return depth('pending', text) === 0 ? text : undefined;
      });
      expect(depth('delivered', after)).toBe(3);
      expect(sample(after, 'reelflow_relay_lag_seconds')).toBe(0);
      expect(sample(after, 'reelflow_relay_attempts_total', { outcome: 'delivered' })).toBe(3);
      expect(sample(after, 'reelflow_relay_handoff_seconds_count', { outcome: 'delivered' })).toBe(3);
      // The slow hand-off is timed whole: it was held past the 3 s answer.
      expect(sample(after, 'reelflow_relay_handoff_seconds_sum', { outcome: 'delivered' })).toBeGreaterThanOrEqual(3);
    } finally {
      release(); // a failed assertion must not leave the stop waiting on the held hand-off
      await stack.stop();
    }
  });

  it('while Temporal cannot be reached: outage 1, failed hand-offs timed as retries, the events pending and lagging', async () => {
    const deadPort = await freePort();
    const stack = await startStack({
      noWorker: true,
      signalTimeoutMs: 300,
      config: { inbox: { file: ':memory:', ackDeadline: '200ms', minBackoff: '100ms' } },
      dispatcher: (_client, config) => configuredDispatcher(new Client({ connection: Connection.lazy({ address: `127.0.0.1:${deadPort}` }) }), config, 300),
    });
    try {
      // Three different events failing with no success between is what makes an outage.
      for (let i = 0; i < 3; i++) expect((await stack.postWebhook(started(stack, unique('j')))).statusCode).toBe(202);
      // The relay keeps probing: wait for a fourth try, so retries are counted as they happen.
      const text = await eventually(async () => {
        const body = await scrape(stack);
        return (sample(body, 'reelflow_relay_attempts_total', { outcome: 'retry' }) ?? 0) >= 4 && sample(body, 'reelflow_relay_outage') === 1 ? body : undefined;
      }, 30_000);
      expect(sample(text, 'reelflow_relay_outage')).toBe(1);
      expect(sample(text, 'reelflow_relay_handoff_seconds_count', { outcome: 'retry' })).toBe(sample(text, 'reelflow_relay_attempts_total', { outcome: 'retry' }));
      expect(sample(text, 'reelflow_relay_handoff_seconds_sum', { outcome: 'retry' })).toBeGreaterThan(0);
      expect(sample(text, 'reelflow_relay_attempts_total', { outcome: 'delivered' })).toBeUndefined();
      expect(sample(text, 'reelflow_inbox_deliveries', { status: 'pending' })).toBe(3);
      expect(sample(text, 'reelflow_relay_lag_seconds')).toBeGreaterThan(0);
      expect(sample(text, 'reelflow_webhooks_total', { provider: 'mkio', connection: 'test', outcome: 'spooled', code: '202' })).toBe(3);
    } finally {
      await stack.stop();
    }
  });

  it('answers without the inbox gauges when the store cannot be read, and logs why', async () => {
    const config = validateConfig({ inbox: { file: ':memory:' }, connections: [{ name: 'm', provider: 'mkio', secret: 'metrics-secret-1234', project: 'p' }] }, 'metrics test');
    const store = openInbox(config.inbox);
    const broken = new Proxy(store, {
      get(target, property, receiver) {
        if (property === 'counts') return async () => Promise.reject(new InboxUnavailableError('database is locked'));
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as InboxStore;
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const app = await buildIngress({
      config,
      inbox: broken,
      dispatcher: { deliver: async () => Promise.reject(new Error('no webhook is sent in this test')) },
      temporalReady: async () => true,
      logger: { level: 'warn', stream },
    });
    try {
      const text = await scrape({ app });
      expect(text).toContain('# TYPE reelflow_webhooks_total counter');
      expect(sample(text, 'reelflow_relay_outage')).toBe(0);
      expect(text).not.toContain('reelflow_inbox_deliveries');
      expect(text).not.toContain('reelflow_relay_lag_seconds');
      expect(lines.map((l) => JSON.parse(l))).toContainEqual(
        expect.objectContaining({ level: 'warn', msg: expect.stringContaining('the inbox did not answer'), err: expect.objectContaining({ message: 'database is locked' }) }),
      );
    } finally {
      await app.close();
    }
  });
});
