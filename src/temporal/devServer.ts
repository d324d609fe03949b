import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { ensureTemporalCli, NO_CLI_MESSAGE, type LocatedCli } from './temporalCli';
import { ensureSearchAttributes } from './registerSearchAttributes';
import { reelflowSearchAttributes } from './searchAttributes';

export interface DevServerOptions {
  ip?: string;
  /** gRPC port; 0 picks a free one. */
  port?: number;
  /** Web UI port; false runs headless. Default: port + 1000. */
  uiPort?: number | false;
  /** SQLite file; undefined keeps everything in memory. */
  dbFile?: string;
  namespace?: string;
  /** Server dynamic config, e.g. a low `limit.historyCount.suggestContinueAsNew` in tests. */
  dynamicConfig?: Record<string, string | number | boolean>;
  log?: (line: string) => void;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** True when a server was already listening and we only attached to it. */
  reused: boolean;
  cli?: LocatedCli;
  /** The server process we spawned (absent when reused): outage tests pause and kill it. */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(ip = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, ip, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function portOpen(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, ip, () => done(true));
  });
}

async function waitForFrontend(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal server exited early with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.healthService.check({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Dev-server settings that matter for reaction time. The dev server has one history shard whose
 * transfer queue is read at most 20 times a second by default: at a few events a second, a
 * signal and the activity it triggers each wait ~20-30 ms for that read (measured with
 * `npm run bench:reaction`). Raising the cap costs nothing when idle. Eager activity execution
 * hands an activity scheduled by a workflow task straight back to the same worker. Timers fire
 * in batches up to `timerProcessorMaxTimeShift` late (1 s by default): 100 ms keeps short
 * demo and test poll intervals honest.
 */
export const DEV_SERVER_TUNING: Record<string, string | number | boolean> = {
  'history.transferProcessorMaxPollRPS': 1000,
  'system.enableActivityEagerExecution': true,
  'history.timerProcessorMaxTimeShift': '100ms',
};

/**
 * Starts `temporal server start-dev` (or attaches to one already on the port), with the
 * Reelflow search attributes registered. SQLite runs in WAL mode with synchronous=NORMAL:
 * writers no longer block readers and a commit waits for one fsync of the log, not two.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const log = options.log ?? ((line: string) => console.error(line));
  const port = options.port === 0 ? await freePort(ip) : (options.port ?? 7233);
  const address = `${ip}:${port}`;

  if (options.port !== 0 && (await portOpen(ip, port))) {
    log(`reusing the Temporal server already listening on ${address}`);
    await ensureSearchAttributes(address, namespace);
    const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? port + 1000);
    return { address, namespace, reused: true, uiUrl: uiPort ? `http://${ip}:${uiPort}` : undefined, stop: async () => {} };
  }

  const cli = ensureTemporalCli(log);
  if (!cli) throw new Error(NO_CLI_MESSAGE);

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--namespace', namespace, '--log-level', 'error'];
  const uiPort = options.uiPort === false ? undefined : options.uiPort === undefined ? port + 1000 : options.uiPort;
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  for (const key of reelflowSearchAttributes) args.push('--search-attribute', `${key.name}=Keyword`);
  for (const [key, value] of Object.entries({ ...DEV_SERVER_TUNING, ...options.dynamicConfig })) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }

  const child = spawn(cli.path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  try {
    await waitForFrontend(address, child, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderrTail}`);
  }

  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killTimer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { address, namespace, reused: false, cli, pid: child.pid, uiUrl: uiPort ? `http://${ip}:${uiPort}` : undefined, stop };
}
