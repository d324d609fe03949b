import { constants as osConstants } from 'node:os';

/**
 * The dev server must not outlive the process that started it, even after a `kill -9`, which
 * runs no cleanup. No portable "die with your parent" exists (Linux's PR_SET_PDEATHSIG is not
 * reachable from Node, macOS has none), but a pipe is: the kernel closes a dead process's end of
 * every pipe. So the server runs under this tiny watchdog (plain Node, no TypeScript), started
 * with an IPC channel: when the channel closes (the parent exited, crashed or was killed), it
 * stops the server (SIGTERM, SIGKILL after 10 s). The watchdog runs in its own process group, so
 * a terminal's Ctrl-C reaches only the parent, which stops the ingress and workers first and the
 * server last. It tells the parent the server's pid (tests pause and kill that process) and, when
 * the server ends, its exit code or signal.
 *
 * Run as `node -e WATCHDOG_SOURCE -- <temporal> <args...>`: inline, so it works from the sources
 * (tsx), from jest and from the built package alike.
 */
export const WATCHDOG_SOURCE = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const server = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
let killTimer;
const stop = () => {
  if (server.exitCode !== null || server.signalCode !== null || killTimer) return;
  server.kill('SIGTERM');
  killTimer = setTimeout(() => server.kill('SIGKILL'), 10000);
};
process.on('disconnect', stop);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
server.on('error', (error) => {
  process.stderr.write('cannot start ' + command + ': ' + error.message + '\\n');
  process.exit(127);
});
server.on('spawn', () => process.connected && process.send({ pid: server.pid }));
server.on('exit', (code, signal) => {
  clearTimeout(killTimer);
  // The shell's convention, so the parent learns a signal even if this message is not read first.
  const done = () => process.exit(code ?? 128 + (require('node:os').constants.signals[signal] ?? 0));
  if (process.connected) process.send({ exit: { code, signal } }, done);
  else done();
});
`;

/** What the watchdog tells its parent. */
export type WatchdogMessage = { pid: number } | { exit: { code: number | null; signal: NodeJS.Signals | null } };

/** The server's end from the watchdog's exit code, when its message did not come first (128 + n: signal n). */
export function serverExitFrom(code: number | null, signal: NodeJS.Signals | null): { code: number | null; signal: NodeJS.Signals | null } {
  if (signal || code === null || code <= 128) return { code, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === code - 128)?.[0] as NodeJS.Signals | undefined;
  return name ? { code: null, signal: name } : { code, signal };
}
