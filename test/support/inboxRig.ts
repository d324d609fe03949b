import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { stringify } from 'yaml';
import { validateConfig, type ConfiguredConnection, type ReelflowConfig } from '../../src/config/load';
import { freePort } from '../../src/temporal/devServer';
import { createWorkers, runWorkers } from '../../src/worker';
import { startIngressProcess, type IngressProcess } from './ingressProcess';
import { unique, workflowBundle } from './temporal';
import { postSigned, type Answer } from './webhookPost';

export interface InboxRigOptions {
  /** Where Temporal is (the jest run's shared server, or an OwnTemporal). */
  temporalAddress: string;
  /** A directory for the config and the inbox file (by default a temp dir of the rig's own, removed by stop()). */
  dir?: string;
  /** Merged over the rig's `inbox:` section (e.g. a short busyTimeout). */
  inbox?: Record<string, unknown>;
}

/** The production topology of an outage test: `reelflow ingress` in a child process, its worker in this one. */
export interface InboxRig {
  ingress: IngressProcess;
  /** A client of the same Temporal, for the workflows' `state` query. */
  client: Client;
  config: ReelflowConfig;
  /** The MK.IO connection `test` (its secret included, for signing). */
  connection: ConfiguredConnection;
  /** The MK.IO project, unique to this rig: the account in every resource key. */
  project: string;
  secret: string;
  inboxFile: string;
  post(body: unknown): Promise<Answer>;
  /** Set when the worker stopped by itself (it should ride out every outage). */
  workerFailure(): Error | undefined;
  stop(): Promise<void>;
}

const SECRET_VAR = 'REELFLOW_TEST_MKIO_SECRET';

export async function startInboxRig(options: InboxRigOptions): Promise<InboxRig> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'reelflow-inbox-'));
  const project = unique('proj');
  const secret = unique('inbox-secret');
  const inboxFile = join(dir, 'inbox.sqlite');
  const port = await freePort();
  const raw = {
    server: { host: '127.0.0.1', port },
    temporal: { taskQueue: unique('inbox') },
    inbox: { file: inboxFile, ...options.inbox },
    // Finished jobs stay open (and queryable) for the whole test.
    lifecycle: { lingerAfterTerminal: '10m' },
    // The secret comes from the environment, as a production config's would.
    connections: [{ name: 'test', provider: 'mkio', project, secret: `\${${SECRET_VAR}}` }],
  };
  const configPath = join(dir, 'reelflow.config.yaml');
  writeFileSync(configPath, stringify(raw));
  const env = { [SECRET_VAR]: secret };
  const config = validateConfig(raw, configPath, { ...process.env, ...env });
  const connection = config.connections[0]!;

  // Both take seconds (tsx compiling the ingress, bundling the workflows): start them side by side.
  const launching = startIngressProcess({ configPath, port, temporalAddress: options.temporalAddress, env });
  const worker = await startWorker(options.temporalAddress, config).catch(async (error: Error) => {
    await launching.then(
      (started) => started.kill(),
      () => {},
    );
    throw error;
  });
  const ingress = await launching.catch(async (error: Error) => {
    await worker.stop();
    throw error;
  });
  return {
    ingress,
    client: worker.client,
    config,
    connection,
    project,
    secret,
    inboxFile,
    post: (body) => postSigned(ingress.url, connection, body),
    workerFailure: worker.failure,
    async stop() {
      await ingress.stop();
      await worker.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The rig's worker, in this process, with a client of the same Temporal. */
async function startWorker(address: string, config: ReelflowConfig) {
  const client = new Client({ connection: await Connection.connect({ address }) });
  const nativeConnection = await NativeConnection.connect({ address });
  const workers = await createWorkers({ connection: nativeConnection, namespace: 'default', config, client, workflowBundle: await workflowBundle() });
  const running = runWorkers(workers);
  let failure: Error | undefined;
  running.done.catch((error: Error) => (failure = error));
  return {
    client,
    failure: () => failure,
    async stop() {
      await running.stop().catch(() => {});
      await nativeConnection.close();
      await client.connection.close();
    },
  };
}
