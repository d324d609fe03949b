import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { validateConfig } from '../../src/config/load';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../../src/worker';
import { stateQuery } from '../../workflows/messages';
import { canonical } from '../support/events';
import { eventually, testClient, testNativeConnection, unique, workflowBundle } from '../support/temporal';

/**
 * temporal.worker.maxCachedWorkflows bounds the worker's memory: past it, waiting workflows are
 * evicted, and one evicted is rebuilt from its history when its next event comes.
 */
describe('a bounded workflow cache', () => {
  let client: Client;
  let connection: NativeConnection;
  let main: Worker;
  let stop: () => Promise<void>;
  const taskQueue = unique('cache');
  const config = validateConfig({ temporal: { taskQueue, worker: { maxCachedWorkflows: 3 } } }, 'test');

  beforeAll(async () => {
    client = await testClient();
    connection = await testNativeConnection();
    const workers = await createWorkers({ connection, namespace: 'default', config, client, workflowBundle: await workflowBundle() });
    main = workers[0]!;
    stop = runWorkers(workers).stop;
  });
  afterAll(async () => {
    await stop();
    await connection.close();
    await client.connection.close();
  });

  it('holds at most the configured number, and an evicted resource still takes its next event', async () => {
    const account = unique('acct');
    const keys = Array.from({ length: 8 }, (_, i) => `mkio:${account}:job:t/j${i}`);
    const dispatcher = configuredDispatcher(client, config);
    for (const key of keys) await dispatcher.deliver(canonical(key, 'e1', 'Processing', 'processing', new Date()));
    for (const key of keys) await eventually(async () => ((await client.workflow.getHandle(key).query(stateQuery)).phase === 'processing' ? true : undefined));
    expect(main.getStatus().numCachedWorkflows).toBeLessThanOrEqual(3);

    // The first ones were evicted long ago: their JobFinished replays them, then moves them on.
    for (const key of keys) await dispatcher.deliver(canonical(key, 'e2', 'Finished', 'ready', new Date()));
    for (const key of keys) {
      const state = await eventually(async () => {
        const s = await client.workflow.getHandle(key).query(stateQuery);
        return s.phase === 'ready' ? s : undefined;
      });
      expect(state.counts).toMatchObject({ events: 2, transitions: 2, duplicates: 0 });
    }
    expect(main.getStatus().numCachedWorkflows).toBeLessThanOrEqual(3);
  });

  it('is 1,000 unless configured, and takes a number from the environment', () => {
    expect(validateConfig({}, 'test').temporal.worker.maxCachedWorkflows).toBe(1000);
    expect(() => validateConfig({ temporal: { worker: { maxCachedWorkflows: -1 } } }, 'test')).toThrow(/temporal\.worker\.maxCachedWorkflows/);
    expect(validateConfig({ temporal: { worker: { maxCachedWorkflows: '250' } } }, 'test').temporal.worker.maxCachedWorkflows).toBe(250);
  });
});
