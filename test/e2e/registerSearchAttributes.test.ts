import { createServer, connect, type Server } from 'node:net';
import { once } from 'node:events';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureSearchAttributes, TemporalNotReadyError } from '../../src/temporal/registerSearchAttributes';
import { reelflowSearchAttributes } from '../../src/temporal/searchAttributes';
import { waitUntil } from '../../src/simulators/kit/scenarioTools';
import { testAddress, unique } from '../support/temporal';

/** A worker starting beside a cluster that is still starting (compose, Helm): it waits, says so, then registers. */
const names = reelflowSearchAttributes.map((k) => k.name).sort();

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Forwards a port to the test server: Temporal "comes up" when it starts listening. */
function proxyTo(target: string): Server {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  return createServer((client) => {
    const upstream = connect(port, host);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
}

describe('ensureSearchAttributes on a Temporal still starting', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: testAddress() });
  });
  afterAll(() => connection.close());

  it('waits for a namespace created after it started, one line per retry, then registers what it lacks', async () => {
    const namespace = unique('late-ns');
    const lines: string[] = [];
    const registering = ensureSearchAttributes(testAddress(), namespace, { retryForMs: 60_000, log: (line) => lines.push(line) });
    await waitUntil(async () => lines.length > 0, 30_000, 20); // it has retried once at least
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });

    expect((await registering).sort()).toEqual(names);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(new RegExp(`^namespace "${namespace}" does not exist yet on ${testAddress()}; registering .* again in [\\d.]+s \\(attempt 2\\)$`));
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(customAttributes ?? {})).toEqual(expect.arrayContaining(names));

    const again: string[] = [];
    await expect(ensureSearchAttributes(testAddress(), namespace, { log: (line) => again.push(line) })).resolves.toEqual([]);
    expect(again).toEqual([]);
  });

  it('gives up after its wait with one line saying how to create the namespace', async () => {
    const namespace = unique('never-ns');
    const lines: string[] = [];
    const started = Date.now();
    const error = await ensureSearchAttributes(testAddress(), namespace, { retryForMs: 2000, log: (line) => lines.push(line) }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TemporalNotReadyError);
    expect((error as Error).message).toBe(
      `namespace "${namespace}" does not exist on ${testAddress()} (waited 2s): create it (temporal operator namespace create --namespace ${namespace}) or set TEMPORAL_NAMESPACE`,
    );
    expect(Date.now() - started).toBeLessThan(10_000); // gave up near its 2 s, not at some default
    expect(lines.length).toBeGreaterThanOrEqual(1); // how many retries fit in 2 s depends on the machine
  });

  it('waits for a server that starts listening late', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const proxy = proxyTo(testAddress());
    try {
      const registering = ensureSearchAttributes(`127.0.0.1:${port}`, 'default', { retryForMs: 60_000, log: (line) => lines.push(line) });
      // Longer than one attempt's connect timeout (3 s): the first attempt fails and is retried.
      await new Promise((r) => setTimeout(r, 4000));
      proxy.listen(port, '127.0.0.1');
      await once(proxy, 'listening');
      // The jest dev server was started with the attributes: nothing to add, but it had to get through.
      await expect(registering).resolves.toEqual([]);
      expect(lines[0]).toMatch(new RegExp(`^Temporal at 127\\.0\\.0\\.1:${port} is not reachable yet; `));
    } finally {
      proxy.close();
    }
  });

  it('says an unreachable server in one line once its wait is over', async () => {
    const port = await freePort();
    const error = await ensureSearchAttributes(`127.0.0.1:${port}`, 'default', { retryForMs: 1500 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TemporalNotReadyError);
    expect((error as Error).message).toBe(`Temporal at 127.0.0.1:${port} is unreachable (waited 1.5s): is the server up, and TEMPORAL_ADDRESS right?`);
  });

  it('does not wait on a refusal that waiting cannot cure', async () => {
    const started = Date.now();
    const error = await ensureSearchAttributes(testAddress(), '', { retryForMs: 60_000 }).catch((e: Error) => e);
    expect(error).not.toBeInstanceOf(TemporalNotReadyError);
    expect((error as Error).message).toMatch(/Namespace is not set/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
