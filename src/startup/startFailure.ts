import { DEMO_ORIGIN, type ReelflowConfig } from '../config/load';
import { providerModule } from '../providers/registry';
import { describeOwner, isReelflow, portOwner } from './portOwner';
import { isAddressInUse, PortInUseError } from './ports';
import type { Role } from './role';

/** A port `npm start` listens on: what for, and the setting that moves it. */
export interface PortUse {
  host: string;
  port: number;
  /** `the ingress`, `the Temporal UI`, `the fake MK.IO`... */
  what: string;
  setting: string;
  /** How to run a second Reelflow beside the one holding it: another port, or (the demo's fixed fakes) a config file. */
  another: string;
  /** The dev server's ports: taken may mean a server to reuse, which startDevServer tells apart. */
  devServer?: true;
}

/** Every fixed port a start of `role` listens on, from its config (port 0 picks a free one: never taken). */
export function portUses(config: ReelflowConfig, role: Role): PortUse[] {
  const uses: PortUse[] = [];
  const demo = config.origin === DEMO_ORIGIN;
  // The demo's fakes listen on fixed ports no environment variable moves: one demo per machine.
  const another = demo ? ' (the demo runs once per machine; use a config file to run another)' : undefined;
  const use = (u: Omit<PortUse, 'another'>) => uses.push({ ...u, another: another ?? `, or set ${u.setting} to run another` });
  if (role !== 'worker') use({ host: config.server.host, port: config.server.port, what: 'the ingress', setting: demo ? 'PORT (or server.port in a config file)' : 'server.port' });
  if (role !== 'ingress' && config.temporal.workerMetricsAddress) {
    const [host, port] = config.temporal.workerMetricsAddress.split(/:(?=\d+$)/);
    use({ host: host!, port: Number(port), what: 'the worker metrics', setting: 'temporal.workerMetricsAddress' });
  }
  const dev = config.temporal.devServer;
  const inFile = demo ? ' in a config file' : '';
  use({ host: dev.ip, port: dev.port, what: 'the Temporal dev server', setting: `temporal.devServer.port${inFile}`, devServer: true });
  if (dev.uiPort !== false) use({ host: dev.ip, port: dev.uiPort, what: 'the Temporal UI', setting: `temporal.devServer.uiPort${inFile} (false for none)`, devServer: true });
  if (role === 'all') {
    for (const [provider, options] of Object.entries(config.simulators)) {
      const { host = '127.0.0.1', port } = options as { host?: string; port?: number };
      const title = providerModule(provider)?.adapter.title ?? provider;
      if (port) use({ host, port, what: `the fake ${title}`, setting: `simulators.${provider}.port${inFile}` });
    }
  }
  return uses.filter((u) => u.port !== 0);
}

/** The port a listen error is about (PortInUseError, or Node's EADDRINUSE from fastify or an http server). */
function takenPort(error: unknown): number | undefined {
  if (error instanceof PortInUseError) return error.port;
  if (isAddressInUse(error)) return error.port ?? Number(/:(\d+)$/.exec(error.message)?.[1]);
  // A fake's start wraps its listen error in a sentence of its own.
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return cause ? takenPort(cause) : undefined;
}

/**
 * One line for a start that failed: which port, taken by whom, and the setting that moves it;
 * for anything else the error's own message, never a stack.
 */
export function startFailureLine(error: unknown, uses: readonly PortUse[]): string {
  const port = takenPort(error);
  const use = uses.find((u) => u.port === port);
  // The first line only: a message's later lines (a server's stderr, a stack) are not for this line.
  if (port === undefined || !use) return ((error as Error)?.message ?? String(error)).split('\n')[0]!;
  const owner = portOwner(port);
  if (isReelflow(owner)) {
    const forWhat = use.what === 'the ingress' ? '' : ` for ${use.what}`;
    return `reelflow is already running (pid ${owner!.pid}, port ${port}${forWhat}): stop it first${use.another}`;
  }
  const detail = error instanceof PortInUseError && error.detail ? ` ${error.detail}` : owner ? ` by ${describeOwner(owner)}` : '';
  const question = use.what === 'the ingress' ? ' is reelflow already running?' : '';
  return `port ${port} (${use.what}) is in use${detail}:${question} set ${use.setting}`;
}
