import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { describeOwner, portOwner, reelflowAncestor, type PortOwner } from '../startup/portOwner';
import { ensurePortFree, freePort, portOpen, PortInUseError } from '../startup/ports';
import { ensureTemporalCli, NO_CLI_MESSAGE, type LocatedCli } from './temporalCli';
import { ensureSearchAttributes } from './registerSearchAttributes';
import { reelflowSearchAttributes } from './searchAttributes';
import { serverExitFrom, WATCHDOG_SOURCE, type WatchdogMessage } from './devServerWatchdog';

// Several tests import it from here (their files are not this change's to edit).
export { freePort } from '../startup/ports';

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
  /** Attach to a Temporal server already listening on the port (default); false: that port is an error. */
  reuse?: boolean;
  log?: (line: string) => void;
  /** Detail a failed start holds back from its one line (the server's stderr). */
  debug?: (line: string) => void;
}

/** How a spawned server ended. */
export interface DevServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
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
  /** A reused server's process, when this machine lets us see it. */
  owner?: PortOwner;
  /** Resolves when the server we spawned has ended, whatever ended it (absent when reused). */
  exited?: Promise<DevServerExit>;
  stop(): Promise<void>;
}

/** Resolves once a Temporal frontend answers its health check on `address`; rejects with the last error. */
export async function checkFrontend(address: string, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.healthService.check({}));
  } finally {
    await connection.close();
  }
}

async function waitForFrontend(address: string, ended: () => DevServerExit | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = ended();
    if (exit) throw new Error(`temporal server exited early with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`);
    try {
      await checkFrontend(address, 1000);
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`temporal server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

/** Attaches to the server already on the port, after checking it is one. */
async function reuseServer(ip: string, port: number, namespace: string, uiPort: number | undefined, log: (line: string) => void): Promise<DevServer> {
  const address = `${ip}:${port}`;
  const owner = portOwner(port);
  try {
    await checkFrontend(address, 3000);
  } catch {
    throw new PortInUseError(ip, port, `by something that is not a Temporal server${owner ? `, ${describeOwner(owner)}` : ''}`);
  }
  // Another Reelflow's own server stops with that Reelflow (killing the server alone would only make it restart one).
  const reelflow = owner && reelflowAncestor(owner.pid);
  const howToStop = reelflow ? `stop that reelflow (pid ${reelflow.pid})` : owner ? `kill ${owner.pid}` : 'Ctrl-C in its terminal, or kill its temporal process';
  const whose = reelflow ? `, started by the reelflow running as pid ${reelflow.pid}` : '';
  log(`reusing the Temporal server already listening on ${address}${owner ? ` (pid ${owner.pid}${whose})` : ''}: this start did not launch it and leaves it running; to stop it: ${howToStop}`);
  // A dev server answers at once or not at all: no two-minute wait for a namespace it lacks.
  await ensureSearchAttributes(address, namespace, { retryForMs: 5_000 });
  // Its UI only if it has one there (a headless server has none).
  const uiUrl = uiPort !== undefined && (await portOpen(ip, uiPort)) ? `http://${ip}:${uiPort}` : undefined;
  return { address, namespace, reused: true, owner, uiUrl, stop: async () => {} };
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

  const uiPort = options.uiPort === false ? undefined : options.uiPort === undefined ? port + 1000 : options.uiPort;

  if (options.port !== 0 && (await portOpen(ip, port))) {
    if (options.reuse === false) throw new PortInUseError(ip, port);
    return reuseServer(ip, port, namespace, uiPort, log);
  }
  // Said before spawning: the server itself would only exit with a code.
  if (uiPort !== undefined) await ensurePortFree(ip, uiPort);

  const cli = ensureTemporalCli(log);
  if (!cli) throw new Error(NO_CLI_MESSAGE);

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--namespace', namespace, '--log-level', 'error'];
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

  const { NODE_OPTIONS: _nodeOptions, ...env } = process.env; // the watchdog is plain JavaScript: no loaders
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, '--', cli.path, ...args], { detached: true, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderrTail = '';
  watchdog.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  let pid: number | undefined;
  let ended: DevServerExit | undefined;
  let pidKnown!: () => void;
  const spawned = new Promise<void>((resolve) => (pidKnown = resolve));
  watchdog.on('message', (message: WatchdogMessage) => {
    if ('pid' in message) {
      pid = message.pid;
      pidKnown();
    } else ended = message.exit;
  });
  const exited = new Promise<DevServerExit>((resolve) => {
    watchdog.once('exit', (code, signal) => {
      // The server's own status (said by message, or in the watchdog's exit code); the watchdog's if it was killed itself.
      ended ??= serverExitFrom(code, signal);
      resolve(ended);
    });
    // The watchdog could not be spawned at all: no 'exit' follows.
    watchdog.once('error', (error) => {
      stderrTail += `cannot start the dev server's watchdog: ${error.message}\n`;
      ended ??= { code: 127, signal: null };
      resolve(ended);
    });
  });
  const gone = () => ended ?? (watchdog.exitCode !== null || watchdog.signalCode !== null ? { code: watchdog.exitCode, signal: watchdog.signalCode } : undefined);

  const stop = async () => {
    if (gone()) return void (await exited);
    const killTimer = setTimeout(() => watchdog.kill('SIGKILL'), 15_000); // the watchdog itself SIGKILLs the server after 10 s
    watchdog.kill('SIGTERM');
    await exited;
    clearTimeout(killTimer);
  };
  try {
    await waitForFrontend(address, gone, 60_000);
    await Promise.race([spawned, exited]); // said at spawn, long before the frontend answers: never a wait in practice
  } catch (error) {
    await stop();
    // One line: the server's last stderr line says why; the rest is detail, for debug.
    const tail = stderrTail.trim();
    if (tail) (options.debug ?? (() => {}))(`temporal server stderr (last ${tail.length} chars):\n${tail}`);
    const why = tail.split('\n').at(-1)?.trim().slice(0, 300);
    throw new Error(`${(error as Error).message.split('\n')[0]}${why ? `: ${why}` : ''}`);
  }
  return { address, namespace, reused: false, cli, pid, exited, uiUrl: uiPort ? `http://${ip}:${uiPort}` : undefined, stop };
}
