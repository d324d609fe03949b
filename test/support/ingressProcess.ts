import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface IngressProcessOptions {
  configPath: string;
  port: number;
  temporalAddress: string;
  /** Extra environment (the connection's secret, referenced from the config as `${VAR}`). */
  env?: Record<string, string>;
}

/** `reelflow ingress` as its own process, as in production, so a test can SIGKILL it mid-request. */
export interface IngressProcess {
  readonly url: string;
  /** Everything it printed (the tail), across restarts. */
  output(): string;
  /** SIGSTOP, at once: nothing more is answered, so a kill() after it lands with requests still open. */
  freeze(): void;
  /** SIGKILL: no shutdown hook runs, open requests die with it. */
  kill(): Promise<void>;
  /** Starts it again with the same config (same inbox file, same port). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function startIngressProcess(options: IngressProcessOptions): Promise<IngressProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  let output = '';
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(process.execPath, [join(ROOT, 'bin', 'reelflow.js'), 'ingress'], {
      cwd: ROOT,
      env: { ...process.env, ...options.env, REELFLOW_CONFIG: options.configPath, TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_NAMESPACE: 'default' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-200_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await untilListening(child);
  };

  // tsx compiles the sources at start: on a busy 2-core machine that takes seconds, not milliseconds.
  const untilListening = async (started: ChildProcess) => {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (exited(started)) throw new Error(`reelflow ingress exited (${started.exitCode ?? started.signalCode}):\n${output.slice(-4000)}`);
      const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`reelflow ingress not listening on ${url} after 90 s:\n${output.slice(-4000)}`);
  };

  const stopWith = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (exited(child)) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });

  await launch();
  return {
    url,
    output: () => output,
    freeze: () => void child.kill('SIGSTOP'),
    kill: () => stopWith('SIGKILL'),
    restart: launch,
    async stop() {
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await stopWith('SIGTERM');
      clearTimeout(killTimer);
    },
  };
}
