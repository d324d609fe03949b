import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { validateConfig } from '../../src/config/load';
import { PRELOADED_MODULES, WORKFLOW_BUNDLE_ENV, WORKFLOWS_PATH, workflowSource } from '../../src/temporal/workflowBundle';
import { createWorkers, runWorkers } from '../../src/worker';
import { eventSignal } from '../../workflows/messages';
import type { resourceLifecycle } from '../../workflows/resourceLifecycle';
import { canonical } from '../support/events';
import { testClient, testNativeConnection, unique } from '../support/temporal';

/** The image's way: `npm run build:workflows` once, then workers load that file instead of bundling. */
describe('a workflow bundle built once (npm run build:workflows)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reelflow-bundle-'));
  const file = join(dir, 'workflow-bundle.js');
  let client: Client;
  let connection: NativeConnection;

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', '--silent', 'build:workflows', '--', file], { cwd: join(__dirname, '..', '..') });
    client = await testClient();
    connection = await testNativeConnection();
  }, 120_000);
  afterAll(async () => {
    await connection.close();
    await client.connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is chosen only when REELFLOW_WORKFLOW_BUNDLE names it; without it, the sources', () => {
    expect(statSync(file).size).toBeGreaterThan(100_000);
    expect(workflowSource({ [WORKFLOW_BUNDLE_ENV]: file })).toEqual({ workflowBundle: { codePath: file } });
    expect(workflowSource({})).toEqual({ workflowsPath: WORKFLOWS_PATH, bundlerOptions: { preloadModules: [...PRELOADED_MODULES] } });
    expect(() => workflowSource({ [WORKFLOW_BUNDLE_ENV]: join(dir, 'missing.js') })).toThrow(`${WORKFLOW_BUNDLE_ENV}=${join(dir, 'missing.js')}: no such file`);
  });

  it("runs a resource's lifecycle on a worker started from that file", async () => {
    const taskQueue = unique('bundle');
    const config = validateConfig({ temporal: { taskQueue } }, 'test');
    const previous = process.env[WORKFLOW_BUNDLE_ENV];
    process.env[WORKFLOW_BUNDLE_ENV] = file;
    const running = runWorkers(
      await createWorkers({ connection, namespace: 'default', config, client }).finally(() => {
        if (previous === undefined) delete process.env[WORKFLOW_BUNDLE_ENV];
        else process.env[WORKFLOW_BUNDLE_ENV] = previous;
      }),
    );
    try {
      const key = `mkio:${unique('acct')}:job:t/bundled`;
      const handle = await client.workflow.signalWithStart<typeof resourceLifecycle, [ReturnType<typeof canonical>]>('resourceLifecycle', {
        workflowId: key,
        taskQueue,
        args: [{ key, lingerMs: 500 }],
        signal: eventSignal,
        signalArgs: [canonical(key, 'e1', 'Finished', 'ready', new Date())],
      });
      expect((await handle.result()) as ResourceSnapshot).toMatchObject({ state: 'Finished', phase: 'ready', terminal: true });
    } finally {
      await running.stop();
    }
  });
});
