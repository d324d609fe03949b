import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeMkio } from '../../src/simulators/mkio';
import type { VodPipelineResult } from '../../workflows/pipelines/vodPipeline';
import { startHttpRecorder } from '../support/httpRecorder';
import { startStack } from '../support/stack';
import { eventually, testAddress, unique } from '../support/temporal';

const ROOT = join(__dirname, '..', '..');

/** `reelflow worker` as its own process, as in production; killed with SIGKILL, not asked to stop. */
function startWorkerProcess(configPath: string): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'reelflow.js'), 'worker'], {
    cwd: ROOT,
    env: { ...process.env, REELFLOW_CONFIG: configPath, TEMPORAL_ADDRESS: testAddress(), TEMPORAL_NAMESPACE: 'default' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

describe('a worker killed in the middle of a pipeline', () => {
  it('is replaced, the pipeline completes, and no effect is doubled', async () => {
    const fake = await startFakeMkio({ token: 'crash-token', timing: { queuedMs: 300, processingMs: 2500 } });
    const receiver = await startHttpRecorder();
    const taskQueue = unique('crash');
    const project = unique('proj');
    const secret = unique('secret');
    const raw = {
      temporal: { taskQueue },
      lifecycle: { lingerAfterTerminal: '1m' },
      polling: { quietFor: '10m' },
      actions: { 'notify-team': { type: 'notify.http', url: `${receiver.url}/done` } },
      connections: [{ name: 'test', provider: 'mkio', project, secret, apiBaseUrl: fake.url, apiToken: 'crash-token' }],
    };
    const configPath = join(mkdtempSync(join(tmpdir(), 'reelflow-crash-')), 'reelflow.config.json');
    writeFileSync(configPath, JSON.stringify(raw));
    // The ingress stays up in this process; only the worker dies.
    const stack = await startStack({ noWorker: true, listen: true, config: raw, connection: { project, secret, apiBaseUrl: fake.url, apiToken: 'crash-token' } });
    let first: ReturnType<typeof startWorkerProcess> | undefined;
    let second: ReturnType<typeof startWorkerProcess> | undefined;
    try {
      fake.putRule(project, 'reelflow', {
        url: `${stack.url}/webhooks/mkio/test`,
        enabled: true,
        events: ['MediaKind.JobStarted', 'MediaKind.JobFinished'],
        authentication: { headers: { 'X-Webhook-Secret': secret } },
      });
      first = startWorkerProcess(configPath);
      const pipeline = await stack.client.workflow.start('vodPipeline', {
        workflowId: unique('vod-crash'),
        taskQueue,
        args: [{ connection: 'test', project, transform: 'encode-h264', inputAsset: 'in', notify: ['notify-team'], timeout: '2 minutes' }],
      });
      // Kill it once the job exists and the pipeline waits on it.
      await eventually(async () => (fake.counters.jobsCreated === 1 && fake.counters.deliveriesSucceeded >= 1 ? true : undefined), 30_000);
      first.child.kill('SIGKILL');
      await eventually(async () => (first!.child.exitCode !== null || first!.child.signalCode !== null ? true : undefined));
      // The job finishes while no worker runs; its webhook still lands in the entity workflow's history.
      await eventually(async () => (fake.counters.deliveriesSucceeded >= 2 ? true : undefined), 30_000);

      second = startWorkerProcess(configPath);
      const result = (await pipeline.result()) as VodPipelineResult;
      expect(result.state).toBe('Finished');
      expect(fake.counters.jobsCreated).toBe(1);
      expect(fake.counters.locatorsCreated).toBe(1);
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]!.headers['idempotency-key']).toContain(pipeline.workflowId);
    } finally {
      first?.child.kill('SIGKILL');
      second?.child.kill('SIGTERM');
      await stack.stop();
      await fake.close();
      await receiver.close();
    }
  }, 120_000);
});
