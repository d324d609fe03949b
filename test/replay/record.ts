/**
 * Records histories of finished entity workflows into test/replay/histories/, so that the
 * replay test fails when a change to workflow code would break workflows already running.
 * Run after an intentional, patched change: `npm run record:histories`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { ProviderPhase as Phase } from '../../src/domain/phase';
import { startDevServer } from '../../src/temporal/devServer';
import { validateConfig } from '../../src/config/load';
import { startFakeMkio } from '../../src/simulators/mkio';
import { signalResource } from '../../src/temporal/dispatch';
import { lifecycleInput } from '../../src/temporal/lifecycleInput';
import { createWorkers, runWorkers } from '../../src/worker';
import { eventSignal } from '../../workflows/messages';
import type { resourceLifecycle } from '../../workflows/resourceLifecycle';
import { canonical } from '../support/events';

type Step = [eventId: string, state: string, phase: Phase, minute: number];

const scenarios: Record<string, { key: string; steps: Step[] }> = {
  'job-finished-duplicate-stale': {
    key: 'mkio:replay:job:encode-h264/job-1',
    steps: [
      ['e1', 'Processing', 'processing', 1],
      ['e2', 'Finished', 'ready', 5],
      ['e2', 'Finished', 'ready', 5],
      ['e0', 'Queued', 'pending', 0],
    ],
  },
  'job-error': {
    key: 'mkio:replay:job:encode-h264/job-2',
    steps: [
      ['e1', 'Processing', 'processing', 1],
      ['e2', 'Error', 'failed', 3],
    ],
  },
};

async function main() {
  const server = await startDevServer({ port: 0, uiPort: false });
  try {
    await record(server);
  } finally {
    await server.stop();
  }
}

async function record(server: Awaited<ReturnType<typeof startDevServer>>) {
  const cli = server.cli?.path;
  if (!cli) throw new Error('recording needs the Temporal CLI (a dev server started by us)');
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: server.address });
  const taskQueue = 'replay-recording';
  const fake = await startFakeMkio({ token: 'replay-token', timing: { queuedMs: 50, processingMs: 400 } });
  const config = validateConfig(
    {
      temporal: { taskQueue },
      lifecycle: { lingerAfterTerminal: '1s' },
      polling: { quietFor: '300ms', maxPollInterval: '600ms', maxWait: '1m' },
      connections: [{ name: 'test', provider: 'mkio', project: 'replay', secret: 's', apiBaseUrl: fake.url, apiToken: 'replay-token', on: [{ kind: 'job', phase: 'ready', run: ['publish'] }] }],
    },
    'recording',
  );
  const workers = await createWorkers({ connection: native, namespace: 'default', config, client });
  const running = runWorkers(workers);
  const dir = join(__dirname, 'histories');
  mkdirSync(dir, { recursive: true });
  try {
    for (const [name, { key, steps }] of Object.entries(scenarios)) {
      const t0 = Date.parse('2026-11-24T10:00:00Z');
      for (const [eventId, state, phase, minute] of steps) {
        await client.workflow.signalWithStart<typeof resourceLifecycle, [ReturnType<typeof canonical>]>('resourceLifecycle', {
          workflowId: key,
          taskQueue,
          args: [{ key, lingerMs: 1000 }],
          signal: eventSignal,
          signalArgs: [canonical(key, eventId, state, phase, new Date(t0 + minute * 60_000))],
        });
      }
      const handle = client.workflow.getHandle(key);
      await handle.result();
      // The CLI writes the same proto3 JSON that `temporal workflow show --output json` gives operators.
      const json = execFileSync(cli, ['workflow', 'show', '--address', server.address, '--workflow-id', key, '--output', 'json'], { encoding: 'utf8' });
      writeFileSync(join(dir, `${name}.json`), json);
      console.log(`recorded ${name}`);
    }

    // Wait-or-poll with an action: the webhook says Processing, then nothing; polling finds Finished, publish runs.
    const polledKey = 'mkio:replay:job:encode-h264/job-polled';
    fake.createJob('replay', 'encode-h264', 'job-polled');
    await signalResource(client, taskQueue, lifecycleInput(config, { key: polledKey, provider: 'mkio', connection: 'test', kind: 'job' }), eventSignal, [
      canonical(polledKey, 'e1', 'Processing', 'processing', new Date()),
    ]);
    await client.workflow.getHandle(polledKey).result();
    const json = execFileSync(cli, ['workflow', 'show', '--address', server.address, '--workflow-id', polledKey, '--output', 'json'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'job-polled-published.json'), json);
    console.log('recorded job-polled-published');
  } finally {
    await running.stop();
    await fake.close();
  }
  await native.close();
  await connection.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
