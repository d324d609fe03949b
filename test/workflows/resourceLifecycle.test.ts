import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { validateConfig } from '../../src/config/load';
import { createWorkers, runWorkers } from '../../src/worker';
import { eventSignal, stateQuery } from '../../workflows/messages';
import type { resourceLifecycle } from '../../workflows/resourceLifecycle';
import { signalResource } from '../../src/temporal/dispatch';
import { lifecycleInput } from '../../src/temporal/lifecycleInput';
import { canonical } from '../support/events';
import { startHttpRecorder } from '../support/httpRecorder';
import { eventually, testClient, testNativeConnection, unique, workflowBundle } from '../support/temporal';

describe('resourceLifecycle workflow', () => {
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = unique('wf');

  beforeAll(async () => {
    client = await testClient();
    connection = await testNativeConnection();
    const config = validateConfig({ temporal: { taskQueue } }, 'test');
    [worker] = (await createWorkers({ connection, namespace: 'default', config, client, workflowBundle: await workflowBundle() })) as [Worker];
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
    await client.connection.close();
  });

  const signal = (key: string, lingerMs: number, ...args: Parameters<typeof canonical>) =>
    client.workflow.signalWithStart<typeof resourceLifecycle, [ReturnType<typeof canonical>]>('resourceLifecycle', {
      workflowId: key,
      taskQueue,
      args: [{ key, lingerMs }],
      signal: eventSignal,
      signalArgs: [canonical(...args)],
    });

  it('after a terminal phase, lingers absorbing duplicates, then completes with its state', async () => {
    const key = `mkio:${unique('acct')}:job:t/j`;
    const t0 = new Date('2026-11-24T10:00:00Z');
    // Lingers 5 s: long enough for the repeated e2 to arrive before it completes, on a loaded machine too.
    await signal(key, 5_000, key, 'e1', 'Processing', 'processing', t0);
    const handle = await signal(key, 5_000, key, 'e2', 'Finished', 'ready', new Date(t0.getTime() + 60_000));
    await signal(key, 5_000, key, 'e2', 'Finished', 'ready', new Date(t0.getTime() + 60_000));
    const result = (await handle.result()) as ResourceSnapshot;
    expect(result).toMatchObject({ state: 'Finished', phase: 'ready', terminal: true, counts: { transitions: 2, duplicates: 1 } });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('shows a current-details line for the UI', async () => {
    const key = `mkio:${unique('acct')}:job:t/details`;
    const handle = await signal(key, 60_000, key, 'e1', 'Processing', 'processing', new Date());
    const details = await eventually(async () => {
      const meta = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      return meta.currentDetails?.includes('processing') ? meta.currentDetails : undefined;
    });
    expect(details).toMatch(/Phase \*\*processing\*\* · state \*\*Processing\*\*/);
    expect(details).toMatch(/events 1 · transitions 1/);
    await handle.terminate('test done');
  });

  it('lingering, continues as new when late duplicates fill its history; the linger timer ends with the run', async () => {
    const suggestAfter = Number(process.env.TEMPORAL_TEST_SUGGEST_CAN_AFTER ?? 120);
    const key = `mkio:${unique('acct')}:job:t/flooded`;
    const t0 = Date.parse('2026-11-24T10:00:00Z');
    const first = await signal(key, 600_000, key, 'e1', 'Processing', 'processing', new Date(t0));
    const handle = client.workflow.getHandle(key);
    await signal(key, 600_000, key, 'e2', 'Finished', 'ready', new Date(t0 + 60_000));
    // Late duplicates (signals batch into workflow tasks: send until the history passes the threshold).
    for (let i = 0; i < suggestAfter * 3 && (await handle.describe()).runId === first.signaledRunId; i++) {
      await signal(key, 600_000, key, 'e2', 'Finished', 'ready', new Date(t0 + 60_000));
    }
    const next = await eventually(async () => {
      const d = await handle.describe();
      return d.runId !== first.signaledRunId ? d : undefined;
    });
    expect(next.status.name).toBe('RUNNING');
    const state: ResourceSnapshot = await handle.query(stateQuery);
    expect(state).toMatchObject({ phase: 'ready', terminal: true, counts: { transitions: 2 } });
    expect(state.counts.duplicates).toBeGreaterThan(0);
    // The first run left its linger timer to end with it: no cancel command before the continue-as-new.
    const history = await client.workflow.getHandle(key, first.signaledRunId).fetchHistory();
    const types = history.events!.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]);
    expect(types.filter((t) => t === 'EVENT_TYPE_TIMER_STARTED')).toHaveLength(1);
    expect(types).not.toContain('EVENT_TYPE_TIMER_CANCELED');
    expect(types.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    await handle.terminate('test done');
  });

  it('continues as new when the server suggests it, carrying state and dedupe memory', async () => {
    const suggestAfter = Number(process.env.TEMPORAL_TEST_SUGGEST_CAN_AFTER ?? 120);
    const key = `fastpix:${unique('ws')}:live:stream-1`;
    const t0 = Date.parse('2026-11-24T10:00:00Z');
    // Each signal adds a few history events; this many comfortably passes the suggestion threshold.
    const count = Math.ceil(suggestAfter / 2) + 10;
    const first = await signal(key, 60_000, key, 'e0', 'active', 'live', new Date(t0));
    const firstRunId = first.signaledRunId;
    for (let i = 1; i < count; i++) {
      const live = i % 2 === 0;
      await signal(key, 60_000, key, `e${i}`, live ? 'active' : 'idle', live ? 'live' : 'idle', new Date(t0 + i * 1000));
    }
    const handle = client.workflow.getHandle(key);
    const description = await eventually(async () => {
      const d = await handle.describe();
      return d.runId !== firstRunId ? d : undefined;
    });
    expect(description.status.name).toBe('RUNNING');
    const state: ResourceSnapshot = await handle.query(stateQuery);
    expect(state.counts.events).toBe(count);
    expect(state.counts.transitions).toBe(count);
    // An early event id, re-sent after continue-as-new, is still known.
    await signal(key, 60_000, key, 'e1', 'idle', 'idle', new Date(t0 + 1000));
    const after = await eventually(async () => {
      const s: ResourceSnapshot = await handle.query(stateQuery);
      return s.counts.duplicates === 1 ? s : undefined;
    });
    expect(after.counts.transitions).toBe(count);
    await handle.terminate('test done');
  });
});

describe('a long-lived (cyclic) resource', () => {
  it('re-reads its actions from the config at continue-as-new, and completes on deleted', async () => {
    const receiver = await startHttpRecorder();
    const taskQueue = unique('cyclic');
    const raw = (on: unknown[]) => ({
      temporal: { taskQueue },
      lifecycle: { lingerAfterTerminal: '1s', refreshEvery: '2s' },
      actions: { 'notify-live': { type: 'notify.http', url: `${receiver.url}/live` } },
      connections: [{ name: 'main', provider: 'mkio', secret: 's', on }],
    });
    const before = validateConfig(raw([]), 'before');
    const after = validateConfig(raw([{ kind: 'live', phase: 'live', run: ['notify-live'] }]), 'after');
    const client = await testClient();
    const connection = await testNativeConnection();
    const key = `mkio:${unique('acct')}:live:channel-1`;
    const send = (id: string, state: string, phase: 'live' | 'idle' | 'deleted', at: number) =>
      signalResource(client, taskQueue, lifecycleInput(before, { key, provider: 'mkio', connection: 'main', kind: 'live' }), eventSignal, [
        { ...canonical(key, id, state, phase, new Date(at)), connection: 'main' },
      ]);
    const startWorkers = async (config: ReturnType<typeof validateConfig>) =>
      runWorkers(await createWorkers({ connection, namespace: 'default', config, client, workflowBundle: await workflowBundle() }));
    try {
      // Started with the settings of the config as it was; only a worker with the changed config runs it.
      const t0 = Date.now();
      await send('e1', 'Running', 'live', t0);
      const handle = client.workflow.getHandle(key);
      const firstRun = (await handle.describe()).runId;
      const current = await startWorkers(after);
      try {
        await eventually(async () => ((await handle.describe()).runId !== firstRun ? true : undefined), 15_000);
        // The first run went live under its old settings: no action.
        expect(receiver.requests).toHaveLength(0);
        await send('e2', 'Stopped', 'idle', t0 + 1);
        await send('e3', 'Running', 'live', t0 + 2);
        await eventually(async () => (receiver.requests.length === 1 ? true : undefined));
        const state: ResourceSnapshot = await handle.query(stateQuery);
        expect(state).toMatchObject({ phase: 'live', terminal: false, counts: { transitions: 3 } });

        await send('e4', 'Deleted', 'deleted', t0 + 3);
        const final = (await handle.result()) as ResourceSnapshot;
        expect(final).toMatchObject({ phase: 'deleted', terminal: true });
        expect((await handle.describe()).status.name).toBe('COMPLETED');
      } finally {
        await current.stop();
      }
    } finally {
      await connection.close();
      await client.connection.close();
      await receiver.close();
    }
  });
});
