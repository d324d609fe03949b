import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `node bin/reelflow.js start` as a user runs it, with its own config file. */
export interface StartProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr as printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once it has exited and its output is all read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout or stderr matches. */
  printed(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function startReelflow(configPath: string, env: Record<string, string> = {}): StartProcess {
  // Not the jest run's Temporal, nor a developer's: `start` runs its own dev server unless told otherwise.
  const { REELFLOW_CONFIG: _c, PORT: _p, REELFLOW_API_TOKEN: _t, ...rest } = process.env;
  const inherited = Object.fromEntries(Object.entries(rest).filter(([name]) => !name.startsWith('TEMPORAL_')));
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'reelflow.js'), 'start'], {
    cwd: ROOT,
    // A profile file (TEMPORAL_CONFIG_FILE, or the default one) could point the client elsewhere: none is read.
    env: { ...inherited, TEMPORAL_CONFIG_FILE: join(ROOT, '.data', 'no-such-temporal-profile.toml'), ...env, REELFLOW_CONFIG: configPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    waiters.forEach((check) => check());
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    waiters.forEach((check) => check());
  });
  // 'close' comes after the last output: a pattern not printed by then never will be.
  let closed = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      closed = true;
      waiters.forEach((check) => check());
      resolve({ code, signal });
    }),
  );
  const tails = () => `\n--- stdout\n${stdout.slice(-3000)}\n--- stderr\n${stderr.slice(-3000)}`;
  return {
    child,
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    printed: (pattern, timeoutMs = 90_000) =>
      new Promise<void>((resolve, reject) => {
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) finish();
          else if (closed) finish(new Error(`exited without printing ${pattern}${tails()}`));
        };
        const timer = setTimeout(() => finish(new Error(`not printed within ${timeoutMs} ms: ${pattern}${tails()}`)), timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

export { alive } from '../../src/startup/portOwner';

/** Pids of `temporal server start-dev` processes serving `port` (Linux /proc): the server itself, not its watchdog. */
export function devServerPids(port: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const isServer = /(^|\/)temporal$/.test(argv[0] ?? '') && argv[1] === 'server' && argv[2] === 'start-dev';
    const at = argv.indexOf('--port');
    if (isServer && at > 0 && argv[at + 1] === String(port)) pids.push(Number(entry));
  }
  return pids;
}
