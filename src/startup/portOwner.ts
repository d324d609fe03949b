import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The process listening on a TCP port, when this machine lets us see it. */
export interface PortOwner {
  pid: number;
  /** Its command line (`node bin/reelflow.js start`, `temporal server start-dev …`), empty when unknown. */
  command: string;
}

const LISTEN = '0A';

/** Linux: the LISTEN socket's inode from /proc/net/tcp{,6}, then the process holding that inode. */
function ownerFromProc(port: number): PortOwner | undefined {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === LISTEN && fields[1]?.endsWith(`:${portHex}`) && fields[9] && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // another user's process, or gone: not ours to see
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(entry), command: commandOf(Number(entry)) };
    }
  }
  return undefined;
}

/** macOS (and Linux without /proc): lsof, when installed. */
function ownerFromLsof(port: number): PortOwner | undefined {
  try {
    const out = execFileSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(out.trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? { pid, command: commandOf(pid) } : undefined;
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    try {
      command = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // unknown: the pid alone still helps
    }
  }
  return command;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The program an owner runs, as a message may show it: the executable's name and, when the next
 * word is a script path (`node bin/reelflow.js`), that script's name. Never an argument: another
 * process's command line may carry a token (`--api-token=…`), and this line reaches stderr and logs.
 */
export function programOf(command: string): string {
  const [executable, next] = command.trim().split(/\s+/);
  if (!executable) return '';
  const script = next && !next.startsWith('-') && (next.includes('/') || /\.[cm]?[jt]s$|\.py$|\.rb$|\.sh$/.test(next)) ? ` ${baseName(next)}` : '';
  return `${baseName(executable)}${script}`;
}

/** The owner as a message shows it: its pid and its program (never its arguments). */
export const describeOwner = (owner: PortOwner): string => {
  const program = programOf(owner.command);
  return `pid ${owner.pid}${program ? ` (${program})` : ''}`;
};

function parentOf(pid: number): number | undefined {
  try {
    // Field 4 of /proc/<pid>/stat, after the command in parentheses (which may itself hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined;
  } catch {
    try {
      return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()) || undefined;
    } catch {
      return undefined;
    }
  }
}

/** The Reelflow process among `pid`'s nearest ancestors (a dev server runs under Reelflow's watchdog), if any. */
export function reelflowAncestor(pid: number, generations = 2): PortOwner | undefined {
  let current: number | undefined = pid;
  for (let i = 0; i < generations && current !== undefined; i++) {
    current = parentOf(current);
    if (current === undefined || current <= 1) return undefined;
    const candidate = { pid: current, command: commandOf(current) };
    if (isReelflow(candidate)) return candidate;
  }
  return undefined;
}

/** True while process `pid` exists (signal 0 probes without sending anything). */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // there, but not ours to signal
  }
};

/** Who listens on `port` on this machine, or undefined when it cannot be told (another user's process, no /proc and no lsof). */
export function portOwner(port: number): PortOwner | undefined {
  return ownerFromProc(port) ?? ownerFromLsof(port);
}

/** True when the owner is a Reelflow process (`node bin/reelflow.js start`, `reelflow ingress`...), not any path that names it. */
export const isReelflow = (owner: PortOwner | undefined): boolean => /(^|[\s/])reelflow(\.js)?\s+(start|ingress|worker)\b/.test(owner?.command ?? '');
