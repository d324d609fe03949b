import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { validateConfig } from '../../src/config/load';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { createWorkers, runWorkers } from '../../src/worker';
import { canonical } from '../support/events';
import { eventually, testClient, testNativeConnection, unique, workflowBundle } from '../support/temporal';

/**
 * Each upsert of search attributes is a history event: a resource is searchable by state from its
 * start (the dispatcher sets the first event's), and a transition upserts only what it changed.
 */
describe('search attributes of an entity workflow', () => {
  let client: Client;
  let connection: NativeConnection;
  let stop: () => Promise<void>;
  const taskQueue = unique('sa');
  const config = validateConfig({ temporal: { taskQueue }, lifecycle: { lingerAfterTerminal: '1h' } }, 'test');

  beforeAll(async () => {
    client = await testClient();
    connection = await testNativeConnection();
    const workers = await createWorkers({ connection, namespace: 'default', config, client, workflowBundle: await workflowBundle() });
    stop = runWorkers(workers).stop;
  });
  afterAll(async () => {
    await stop();
    await connection.close();
    await client.connection.close();
  });

  const upserts = async (key: string) => {
    const { events } = await client.workflow.getHandle(key).fetchHistory();
    return (events ?? [])
      .filter((e) => e.upsertWorkflowSearchAttributesEventAttributes)
      .map((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes!.searchAttributes!.indexedFields!).sort());
  };
  const tasksDone = (key: string, n: number) =>
    eventually(async () => {
      const { events } = await client.workflow.getHandle(key).fetchHistory();
      return (events ?? []).filter((e) => e.workflowTaskCompletedEventAttributes).length >= n ? true : undefined;
    });

  it('starts searchable by its first state, and upserts only the state and phase a transition changes', async () => {
    const account = unique('acct');
    const key = `mkio:${account}:job:t/j`;
    const dispatcher = configuredDispatcher(client, config);
    await dispatcher.deliver(canonical(key, 'e1', 'Processing', 'processing', new Date()));
    await tasksDone(key, 1);
    expect((await client.workflow.getHandle(key).describe()).searchAttributes).toMatchObject({
      ReelflowProvider: ['mkio'],
      ReelflowAccount: [account],
      ReelflowKind: ['job'],
      ReelflowState: ['Processing'],
      ReelflowPhase: ['processing'],
    });
    expect(await upserts(key)).toEqual([['TemporalChangeVersion']]); // the patch marker's own, once per run

    await dispatcher.deliver(canonical(key, 'e2', 'Finished', 'ready', new Date()));
    await tasksDone(key, 2);
    expect((await client.workflow.getHandle(key).describe()).searchAttributes).toMatchObject({ ReelflowState: ['Finished'], ReelflowPhase: ['ready'] });
    expect(await upserts(key)).toEqual([['TemporalChangeVersion'], ['ReelflowPhase', 'ReelflowState']]);
    // Operators find it by phase in visibility (eventually consistent).
    await eventually(async () => {
      const found = [];
      for await (const w of client.workflow.list({ query: `ReelflowAccount = "${account}" AND ReelflowPhase = "ready"` })) found.push(w.workflowId);
      return found.length === 1 ? found : undefined;
    });
  });

  it('an aspect event that starts a workflow does not pass for the resource state', async () => {
    const key = `mkio:${unique('acct')}:job:t/aspect`;
    await configuredDispatcher(client, config).deliver({ ...canonical(key, 'a1', 'Ready', 'ready', new Date()), aspect: 'track' });
    await tasksDone(key, 1);
    const attributes = (await client.workflow.getHandle(key).describe()).searchAttributes;
    expect(attributes).toMatchObject({ ReelflowProvider: ['mkio'], ReelflowKind: ['job'] });
    expect(attributes).not.toHaveProperty('ReelflowState');
    expect(attributes).not.toHaveProperty('ReelflowPhase');
  });
});
