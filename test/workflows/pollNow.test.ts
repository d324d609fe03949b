import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { validateConfig, type ReelflowConfig } from '../../src/config/load';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { signalResource } from '../../src/temporal/dispatch';
import { lifecycleInput } from '../../src/temporal/lifecycleInput';
import { createWorkers, runWorkers } from '../../src/worker';
import { eventSignal, pollNowSignal, stateQuery } from '../../workflows/messages';
import { canonical } from '../support/events';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';
import { eventually, testClient, testNativeConnection, unique, workflowBundle } from '../support/temporal';

/** The entity workflow's side of reconcile, on a real dev server; MK.IO's API is a recorder answering Finished. */
describe('resourceLifecycle: pollNow', () => {
  let client: Client;
  let connection: NativeConnection;
  let api: HttpRecorder;
  beforeAll(async () => {
    client = await testClient();
    connection = await testNativeConnection();
    api = await startHttpRecorder(() => ({ status: 200, body: { status: { state: 'Finished' } } }));
  });
  afterAll(async () => {
    await api.close();
    await connection.close();
    await client.connection.close();
  });

  const configFor = (taskQueue: string, apiToken?: string, maxWait = '2h') =>
    validateConfig(
      {
        temporal: { taskQueue },
        lifecycle: { lingerAfterTerminal: '1m' },
        // Ordinary polling would wait an hour: any GET in these tests is pollNow's.
        polling: { quietFor: '1h', maxPollInterval: '1h', maxWait },
        connections: [{ name: 'test', provider: 'mkio', project: 'p', secret: 's', apiBaseUrl: api.url, ...(apiToken ? { apiToken } : {}) }],
      },
      'test',
    );
  const start = (config: ReelflowConfig, key: string) =>
    signalResource(client, config.temporal.taskQueue, lifecycleInput(config, { key, provider: 'mkio', connection: 'test', kind: 'job' }), eventSignal, [
      canonical(key, 'e1', 'Processing', 'processing', new Date()),
    ]);
  const withWorkers = async (config: ReelflowConfig, fn: () => Promise<void>) => {
    const running = runWorkers(await createWorkers({ connection, namespace: 'default', config, client, workflowBundle: await workflowBundle() }));
    try {
      await fn();
    } finally {
      await running.stop();
    }
  };
  const getsFor = (job: string) => api.requests.filter((r) => r.url.includes(`/jobs/${job}/`)).length;

  it('several pollNow before the poll runs make one poll, whose transition is via reconcile', async () => {
    const config = configFor(unique('wf'), 'token');
    const job = unique('j');
    const key = `mkio:p:job:t/${job}`;
    // No worker yet: the event and the three signals wait in one first workflow task.
    await start(config, key);
    const handle = client.workflow.getHandle(key);
    for (let i = 0; i < 3; i++) await handle.signal(pollNowSignal, { reason: `lost delivery ${i}` });
    await withWorkers(config, async () => {
      const state = await eventually(async () => {
        const s: ResourceSnapshot = await handle.query(stateQuery);
        return s.terminal ? s : undefined;
      });
      expect(state.transitions.map((t) => [t.state, t.via])).toEqual([
        ['Processing', 'webhook'],
        ['Finished', 'reconcile'],
      ]);
      expect(state.counts.polls).toBe(1);
      // Once terminal, another pollNow is ignored.
      await handle.signal(pollNowSignal, { reason: 'late' });
      await handle.signal(eventSignal, canonical(key, 'e9', 'Finished', 'ready', new Date()));
      await eventually(async () => ((await handle.query(stateQuery)).counts.events >= 3 ? true : undefined));
      expect((await handle.query(stateQuery)).counts.polls).toBe(1);
      expect(getsFor(job)).toBe(1);
      await handle.terminate('test done');
    });
  });

  it('a stalled resource polls on pollNow: finding the lost end clears the stall', async () => {
    const config = configFor(unique('wf'), 'token', '1s');
    const job = unique('j');
    const key = `mkio:p:job:t/${job}`;
    await withWorkers(config, async () => {
      await start(config, key);
      const handle = client.workflow.getHandle(key);
      // No transition for maxWait (1 s), and quietFor is an hour: stalled, with no poll made.
      await eventually(async () => ((await handle.query(stateQuery)).phase === 'stalled' ? true : undefined));
      expect(getsFor(job)).toBe(0);
      await handle.signal(pollNowSignal, { reason: 'lost delivery' });
      const state = await eventually(async () => {
        const s: ResourceSnapshot = await handle.query(stateQuery);
        return s.terminal ? s : undefined;
      });
      expect(state.phase).toBe('ready');
      expect(state.attention).toBeUndefined();
      expect(state.transitions.at(-1)).toMatchObject({ state: 'Finished', via: 'reconcile' });
      expect(getsFor(job)).toBe(1);
      await handle.terminate('test done');
    });
  });

  it('a resource that cannot be polled (no API token) ignores pollNow, and a malformed one wedges nothing', async () => {
    const config = configFor(unique('wf'));
    const job = unique('j');
    const key = `mkio:p:job:t/${job}`;
    await withWorkers(config, async () => {
      await start(config, key);
      const handle = client.workflow.getHandle(key);
      await handle.signal(pollNowSignal, { reason: 'lost delivery' });
      await handle.signal('pollNow', null); // destructuring this would fail the workflow task
      await handle.signal(eventSignal, canonical(key, 'e2', 'Scheduled', 'processing', new Date()));
      // Signals are handled in order: once e2 is in, both pollNow signals were seen.
      const state = await eventually(async () => {
        const s: ResourceSnapshot = await handle.query(stateQuery);
        return s.counts.events === 2 ? s : undefined;
      });
      expect(state.counts.polls).toBe(0);
      expect(getsFor(job)).toBe(0);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      await handle.terminate('test done');
    });
  });
});
