/**
 * Records histories of entity workflows into test/replay/histories/, so that the replay test
 * fails when a change to workflow code would break workflows already running. Histories already
 * there are kept (they prove that older workflows still replay); `--force` records them anew.
 * Run after an intentional, patched change: `npm run record:histories` (or name the ones to record).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { validateConfig, type ReelflowConfig } from '../../src/config/load';
import type { ProviderPhase as Phase } from '../../src/domain/phase';
import { buildIngress } from '../../src/ingress/app';
import { providerModules } from '../../src/providers/registry';
import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { configuredDispatcher, signalResource } from '../../src/temporal/dispatch';
import { startDevServer } from '../../src/temporal/devServer';
import { lifecycleInput } from '../../src/temporal/lifecycleInput';
import { createWorkers, runWorkers } from '../../src/worker';
import { eventSignal, pollNowSignal, stateQuery } from '../../workflows/messages';
import type { resourceLifecycle } from '../../workflows/resourceLifecycle';
import { canonical } from '../support/events';

type Step = [eventId: string, state: string, phase: Phase, minute: number];

interface Recording {
  client: Client;
  config: ReelflowConfig;
  taskQueue: string;
  fake: FakeMkio;
}

/** Each recorder makes one workflow live its life and returns its id once there is a history worth keeping. */
type Recorder = (r: Recording) => Promise<string>;

/** Canonical events straight to a workflow started without settings, as the first workflows were. */
const signaled =
  (key: string, steps: Step[]): Recorder =>
  async ({ client, taskQueue }) => {
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
    await client.workflow.getHandle(key).result();
    return key;
  };

/** Wait-or-poll with an action: the webhook says Processing, then nothing; polling finds Finished, publish runs. */
const polledAndPublished: Recorder = async ({ client, config, taskQueue, fake }) => {
  const key = 'mkio:replay:job:encode-h264/job-polled';
  fake.createJob('replay', 'encode-h264', 'job-polled');
  await signalResource(client, taskQueue, lifecycleInput(config, { key, provider: 'mkio', connection: 'test', kind: 'job' }), eventSignal, [
    canonical(key, 'e1', 'Processing', 'processing', new Date()),
  ]);
  await client.workflow.getHandle(key).result();
  return key;
};

/**
 * Reconcile: the webhook says Processing, the job finishes, its JobFinished delivery is lost;
 * polling would wait an hour, but two pollNow signals (a reconcile run's) make one poll at once.
 */
const reconciled: Recorder = async ({ client, config, taskQueue, fake }) => {
  const key = 'mkio:replay:job:encode-h264/job-reconciled';
  fake.createJob('replay', 'encode-h264', 'job-reconciled');
  const input = lifecycleInput(config, { key, provider: 'mkio', connection: 'test', kind: 'job' });
  const wait = { ...input.wait!, quietForMs: 3_600_000, maxPollIntervalMs: 3_600_000 };
  await signalResource(client, taskQueue, { ...input, wait }, eventSignal, [canonical(key, 'e1', 'Processing', 'processing', new Date())]);
  while (fake.job('replay', 'encode-h264', 'job-reconciled')?.state !== 'Finished') await new Promise((r) => setTimeout(r, 50));
  const handle = client.workflow.getHandle(key);
  await handle.signal(pollNowSignal, { reason: 'recorded: a JobFinished delivery failed' });
  await handle.signal(pollNowSignal, { reason: 'recorded: the same, read again' });
  await handle.result();
  return key;
};

/**
 * One live session of a platform, as its webhooks come (its test kit's), through the real ingress:
 * the history then holds what today's workflow does with a cyclic resource, links and aspects.
 */
const liveSession =
  (provider: string): Recorder =>
  async ({ client, config }) => {
    const module = providerModules().find((m) => m.adapter.name === provider)!;
    // The `replay` connection (MK.IO also has `test`, with another secret).
    const connection = config.connections.find((c) => c.provider === provider && c.name === 'replay')!;
    const session = module.testKit.liveSession!(connection);
    const app = await buildIngress({ config, client, dispatcher: configuredDispatcher(client, config), temporalReady: async () => true, logger: false });
    try {
      for (const body of session.bodies) {
        const signed = module.testKit.sign(connection, body);
        const answer = await app.inject({ method: 'POST', url: `/webhooks/${provider}/replay`, headers: signed.headers, payload: signed.body });
        if (answer.statusCode !== 200) throw new Error(`${provider} live session: ${answer.statusCode} ${answer.body}`);
        await new Promise((r) => setTimeout(r, 200)); // one workflow task per event, as in life
      }
    } finally {
      await app.close();
    }
    // A session that ends in a deletion completes; one whose deletion can still be undone stays open.
    // (Polled, not awaited: a long poll left open would outlive the connection.)
    const handle = client.workflow.getHandle(session.key);
    for (let waited = 0; waited < 5000 && (await handle.describe()).status.name === 'RUNNING'; waited += 250) await new Promise((r) => setTimeout(r, 250));
    return session.key;
  };

/**
 * A VOD job through the dispatcher, as the relay delivers: the start sets the first event's state
 * and phase, so the workflow upserts only what a later transition changes (patch
 * reelflow-lean-attributes); recorded again after patch reelflow-lean-waits, with its waits, and
 * after patch reelflow-local-actions, with its publish run as a local activity.
 */
const vodJob =
  (job: string): Recorder =>
  async ({ client, config, fake }) => {
    const key = `mkio:replay:job:encode-h264/${job}`;
    fake.createJob('replay', 'encode-h264', job);
    const dispatcher = configuredDispatcher(client, config);
    await dispatcher.deliver(canonical(key, 'e1', 'Processing', 'processing', new Date()));
    // Processing seen (and its wait for news begun) before Finished comes: two workflow tasks, as in life.
    const handle = client.workflow.getHandle(key);
    while ((await handle.query(stateQuery)).phase !== 'processing') await new Promise((r) => setTimeout(r, 50));
    await dispatcher.deliver(canonical(key, 'e2', 'Finished', 'ready', new Date()));
    await client.workflow.getHandle(key).result();
    return key;
  };

const recorders: Record<string, Recorder> = {
  'job-finished-duplicate-stale': signaled('mkio:replay:job:encode-h264/job-1', [
    ['e1', 'Processing', 'processing', 1],
    ['e2', 'Finished', 'ready', 5],
    ['e2', 'Finished', 'ready', 5],
    ['e0', 'Queued', 'pending', 0],
  ]),
  'job-error': signaled('mkio:replay:job:encode-h264/job-2', [
    ['e1', 'Processing', 'processing', 1],
    ['e2', 'Error', 'failed', 3],
  ]),
  'job-polled-published': polledAndPublished,
  'job-reconciled': reconciled,
  'job-lean-attributes': vodJob('job-lean'),
  'job-lean-waits': vodJob('job-lean-waits'),
  'job-local-actions': vodJob('job-local-actions'),
  ...Object.fromEntries(
    providerModules()
      .filter((m) => m.testKit.liveSession)
      .map((m) => [`live-session-${m.adapter.name}`, liveSession(m.adapter.name)]),
  ),
};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const force = process.argv.includes('--force');
  const dir = join(__dirname, 'histories');
  mkdirSync(dir, { recursive: true });
  // Names on the command line record only those (`npm run record:histories -- job-reconciled`).
  const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const wanted = Object.keys(recorders).filter((name) => (named.length === 0 || named.includes(name)) && (force || !existsSync(join(dir, `${name}.json`))));
  if (wanted.length === 0) {
    console.log('every history is recorded already (--force records them anew)');
    return;
  }
  const server = await startDevServer({ port: 0, uiPort: false });
  const cli = server.cli?.path;
  try {
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
        inbox: { file: ':memory:' },
        polling: { quietFor: '300ms', maxPollInterval: '600ms', maxWait: '1m' },
        connections: [
          { name: 'test', provider: 'mkio', project: 'replay', secret: 's', apiBaseUrl: fake.url, apiToken: 'replay-token', on: [{ kind: 'job', phase: 'ready', run: ['publish'] }] },
          // Webhooks only (no API token): the recorded live sessions are what their webhooks made of them.
          ...providerModules().map((m) => ({ ...m.testKit.connection({ name: 'replay', account: 'replay' }).entry, on: [{ phase: 'live', run: ['alert'] }] })),
        ],
      },
      'recording',
    );
    const running = runWorkers(await createWorkers({ connection: native, namespace: 'default', config, client }));
    try {
      for (const name of wanted) {
        const key = await recorders[name]!({ client, config, taskQueue, fake });
        // The CLI writes the same proto3 JSON that `temporal workflow show --output json` gives operators.
        const json = execFileSync(cli, ['workflow', 'show', '--address', server.address, '--workflow-id', key, '--output', 'json'], { encoding: 'utf8' });
        writeFileSync(join(dir, `${name}.json`), json);
        console.log(`recorded ${name}`);
      }
    } finally {
      await running.stop();
      await fake.close();
      await native.close();
      await connection.close();
    }
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
