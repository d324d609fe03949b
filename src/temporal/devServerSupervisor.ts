import { setTimeout as sleep } from 'node:timers/promises';
import { alive, portOwner } from '../startup/portOwner';
import { checkFrontend, type DevServer, type DevServerExit } from './devServer';

export interface SupervisorOptions {
  /** Starts the server again on the same address and database file. */
  restart: () => Promise<DevServer>;
  /** The visible line for each restart. */
  log: (line: string) => void;
  /** Restarts in a row before giving up; a server that stayed up `healthyAfterMs` starts the count again. */
  maxRestarts?: number;
  /** Wait before the n-th restart of a row: doubles from this. */
  backoffMs?: number;
  healthyAfterMs?: number;
}

export interface SupervisedDevServer {
  /** Stops the current server; no restart after this. */
  stop(): Promise<void>;
  /** Rejects when the server died and could not be brought back; never resolves otherwise. */
  readonly failed: Promise<never>;
}

const describe = (exit: DevServerExit) => (exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);

/**
 * Keeps the dev server `npm start` spawned running. Its state lives in a SQLite file, so a
 * restart on the same port finds every workflow again, and the workers and the ingress's relay
 * reconnect by themselves: restarting loses nothing, where exiting would stop the ingress too.
 * A server that keeps dying (a full disk, a broken database file) is given up on: `failed`
 * rejects with one line, and the caller stops everything.
 */
export function superviseDevServer(first: DevServer, options: SupervisorOptions): SupervisedDevServer {
  const { maxRestarts = 3, backoffMs = 1000, healthyAfterMs = 60_000 } = options;
  let current = first;
  let stopping = false;
  let restarting: Promise<unknown> = Promise.resolve();

  const watch = async (): Promise<never> => {
    let inARow = 0;
    for (;;) {
      const upSince = Date.now();
      const exit = await (current.exited ?? new Promise<never>(() => {}));
      if (stopping) return new Promise<never>(() => {});
      if (Date.now() - upSince >= healthyAfterMs) inARow = 0;
      if (inARow >= maxRestarts) throw new Error(`Temporal dev server exited (${describe(exit)}) ${inARow + 1} times in a row; giving up`);
      inARow += 1;
      options.log(`Temporal dev server exited (${describe(exit)}); restarting… (${inARow} of ${maxRestarts})`);
      await sleep(backoffMs * 2 ** (inARow - 1));
      if (stopping) return new Promise<never>(() => {});
      try {
        const started = options.restart();
        restarting = started.catch(() => {});
        current = await started;
        if (stopping) return new Promise<never>(() => {}); // stop() waited for this one and stops it
        options.log(`Temporal dev server restarted at ${current.address}`);
      } catch (error) {
        if (inARow >= maxRestarts) throw new Error(`Temporal dev server exited (${describe(exit)}) and could not be restarted: ${(error as Error).message.split('\n')[0]}`);
        // Counted as one more exit: the next round waits longer, then tries again.
        current = { ...current, exited: Promise.resolve(exit) };
      }
    }
  };

  const failed = watch();
  failed.catch(() => {}); // the caller races it; an unobserved rejection must not crash the process
  return {
    failed,
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}

export interface ReusedWatchOptions {
  /** Between two health checks. */
  everyMs?: number;
  /** Failing this long in a row: gone. A restart by its owner takes a few seconds. */
  goneAfterMs?: number;
  /** One health check; rejects when the server does not answer. */
  check?: (address: string) => Promise<void>;
}

/**
 * Watches a dev server this start reused but did not launch: when the Reelflow (or terminal)
 * that owns it stops, nothing brings it back, and answering 503 forever helps no one. `failed`
 * rejects with one line once it has not answered for `goneAfterMs`; a restart by its owner
 * (a few seconds) is tolerated.
 */
export function watchReusedDevServer(server: DevServer, options: ReusedWatchOptions = {}): SupervisedDevServer {
  const { everyMs = 5000, goneAfterMs = 30_000, check = (address: string) => checkFrontend(address, 2000) } = options;
  let stopping = false;
  let pid = server.owner?.pid;
  const watch = async (): Promise<never> => {
    let failingSince: number | undefined;
    for (;;) {
      await sleep(everyMs, undefined, { ref: false });
      if (stopping) return new Promise<never>(() => {});
      try {
        await check(server.address);
        // Its owner may have restarted it as another process: the line names the one that went.
        if (pid !== undefined && !alive(pid)) pid = portOwner(Number(server.address.split(':').at(-1)))?.pid ?? pid;
        failingSince = undefined;
      } catch {
        failingSince ??= Date.now();
        if (Date.now() - failingSince >= goneAfterMs && !stopping) {
          throw new Error(`the reused Temporal server at ${server.address}${pid ? ` (pid ${pid})` : ''} is gone`);
        }
      }
    }
  };
  const failed = watch();
  failed.catch(() => {}); // raced by the caller
  return {
    failed,
    async stop() {
      stopping = true;
      await server.stop();
    },
  };
}
