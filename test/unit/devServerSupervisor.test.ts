import type { DevServer, DevServerExit } from '../../src/temporal/devServer';
import { superviseDevServer, watchReusedDevServer } from '../../src/temporal/devServerSupervisor';
import { eventually } from '../support/temporal';

/** A stand-in server whose death the test decides (the real one is exercised in test/e2e/startStop.test.ts). */
function server(name: string) {
  let die!: (exit: DevServerExit) => void;
  const exited = new Promise<DevServerExit>((resolve) => (die = resolve));
  const stop = jest.fn(async () => die({ code: 0, signal: null }));
  const handle: DevServer = { address: `127.0.0.1:${name}`, namespace: 'default', reused: false, exited, stop };
  return { handle, die, stop };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('superviseDevServer', () => {
  it('restarts a server that died, with a line each time, and stops the one running now', async () => {
    const first = server('1');
    const second = server('2');
    const lines: string[] = [];
    const restart = jest.fn(async () => second.handle);
    const supervised = superviseDevServer(first.handle, { restart, log: (l) => lines.push(l), backoffMs: 1 });

    first.die({ code: null, signal: 'SIGKILL' });
    await eventually(async () => (lines.length >= 2 ? true : undefined), 5000, 5); // a loaded machine may take more than a tick
    expect(restart).toHaveBeenCalledTimes(1);
    expect(lines).toEqual(['Temporal dev server exited (signal SIGKILL); restarting… (1 of 3)', 'Temporal dev server restarted at 127.0.0.1:2']);

    await supervised.stop();
    expect(second.stop).toHaveBeenCalled();
    await tick();
    expect(restart).toHaveBeenCalledTimes(1); // a stop is not a death
  });

  it('gives up after maxRestarts deaths in a row, in one line', async () => {
    const servers = [server('1'), server('2'), server('3')];
    let next = 1;
    const supervised = superviseDevServer(servers[0]!.handle, { restart: async () => servers[next++]!.handle, log: () => {}, maxRestarts: 2, backoffMs: 1 });
    for (const s of servers) {
      s.die({ code: 3, signal: null });
      await tick();
    }
    await expect(supervised.failed).rejects.toThrow('Temporal dev server exited (code 3) 3 times in a row; giving up');
  });

  it('counts a restart that fails as one more death, then gives up with its reason', async () => {
    const first = server('1');
    const restart = jest.fn(async (): Promise<DevServer> => {
      throw new Error('port 1 on 127.0.0.1 is in use\nmore detail');
    });
    const supervised = superviseDevServer(first.handle, { restart, log: () => {}, maxRestarts: 2, backoffMs: 1 });
    first.die({ code: 1, signal: null });
    await expect(supervised.failed).rejects.toThrow(/^Temporal dev server exited \(code 1\) and could not be restarted: port 1 on 127.0.0.1 is in use$/);
    expect(restart).toHaveBeenCalledTimes(2);
  });
});

describe('watchReusedDevServer', () => {
  const reused = (): DevServer => ({ address: '127.0.0.1:1', namespace: 'default', reused: true, owner: { pid: 4242, command: 'temporal server start-dev' }, stop: jest.fn(async () => {}) });

  it('says a reused server is gone, in one line, once it has not answered for goneAfterMs', async () => {
    const check = jest.fn(async () => Promise.reject(new Error('unavailable')));
    const started = Date.now();
    const watch = watchReusedDevServer(reused(), { everyMs: 10, goneAfterMs: 100, check });
    await expect(watch.failed).rejects.toThrow(/^the reused Temporal server at 127\.0\.0\.1:1 \(pid 4242\) is gone$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(check.mock.calls.length).toBeGreaterThan(1); // it kept asking (how often depends on the machine's load)
  });

  it('tolerates an outage shorter than goneAfterMs (its owner restarting it), and a stop ends the watch', async () => {
    let down = true;
    setTimeout(() => (down = false), 60);
    const check = jest.fn(async () => (down ? Promise.reject(new Error('unavailable')) : undefined));
    const server = reused();
    const watch = watchReusedDevServer(server, { everyMs: 10, goneAfterMs: 2_000, check });
    let failed: unknown;
    watch.failed.catch((error: unknown) => (failed = error));
    await new Promise((r) => setTimeout(r, 300));
    expect(failed).toBeUndefined();
    await watch.stop();
    expect(server.stop).toHaveBeenCalled();
    const calls = check.mock.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(check.mock.calls.length).toBe(calls); // no check after a stop
  });
});
