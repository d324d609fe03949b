import { join } from 'node:path';
import { freePort, startDevServer, type DevServer } from '../../src/temporal/devServer';
import { keepForFailure } from './testLog';

/**
 * A Temporal dev server of one test file's own, which the test may freeze and kill. The jest
 * run's shared server cannot be used for that: every suite running beside it would stall too.
 * Its SQLite file lives in `dir`, so a restart on the same port finds every workflow again.
 */
export interface OwnTemporal {
  readonly address: string;
  /** SIGSTOP: the process holds its sockets but answers nothing (a hung server, not a refused port). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
  /** SIGKILL, waiting until the process is gone; nothing is flushed but what SQLite already holds. */
  kill(): Promise<void>;
  /** A new server on the same port and database file (after kill()). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startOwnTemporal(dir: string): Promise<OwnTemporal> {
  const port = await freePort();
  const dbFile = join(dir, 'temporal.sqlite');
  const launch = () => startDevServer({ port, uiPort: false, dbFile, log: (line) => keepForFailure(`[own-temporal] ${line}`) });
  let server: DevServer = await launch();

  const pidOf = (): number => {
    // A reused server is one some other process owns: never signal it.
    if (server.reused || server.pid === undefined) throw new Error(`port ${port} was already taken by another Temporal server`);
    return server.pid;
  };
  const signal = (name: NodeJS.Signals) => process.kill(pidOf(), name);
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  return {
    address: server.address,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async kill() {
      const pid = pidOf();
      signal('SIGKILL');
      // stop() resolves on the child's exit event, which also reaps it: after that the pid is free.
      await server.stop();
      if (alive(pid)) throw new Error(`temporal dev server ${pid} survived SIGKILL`);
    },
    async restart() {
      server = await launch();
      pidOf();
    },
    async stop() {
      if (!server.reused && server.pid !== undefined && alive(server.pid)) process.kill(server.pid, 'SIGCONT'); // a paused server cannot hear SIGTERM
      await server.stop();
    },
  };
}
