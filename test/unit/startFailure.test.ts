import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, validateConfig } from '../../src/config/load';
import { DEMO_API_TOKEN } from '../../src/config/demo';
import { describeOwner, isReelflow, portOwner } from '../../src/startup/portOwner';
import { ensurePortFree, PortInUseError } from '../../src/startup/ports';
import { portUses, startFailureLine } from '../../src/startup/startFailure';

const listening = (): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('a taken port, said in one line', () => {
  let held: Server;
  beforeAll(async () => {
    held = await listening();
  });
  afterAll(() => held.close());

  it('finds the process listening on a port (this one)', () => {
    expect(portOwner(portOf(held))).toMatchObject({ pid: process.pid });
  });

  it('tells a Reelflow process from one whose path merely names it', () => {
    expect(isReelflow({ pid: 1, command: 'node bin/reelflow.js start' })).toBe(true);
    expect(isReelflow({ pid: 1, command: '/usr/bin/node /usr/lib/node_modules/reelflow/bin/reelflow.js ingress' })).toBe(true);
    expect(isReelflow({ pid: 1, command: 'node /home/me/reelflow/node_modules/.bin/jest --runInBand' })).toBe(false);
  });

  it('refuses a taken port before anything starts, and only a taken one', async () => {
    await expect(ensurePortFree('127.0.0.1', portOf(held))).rejects.toBeInstanceOf(PortInUseError);
    const free = await listening();
    const port = portOf(free);
    await new Promise((r) => free.close(r));
    await expect(ensurePortFree('127.0.0.1', port)).resolves.toBeUndefined();
  });

  it('names the port, its owner and the setting that moves it', () => {
    const config = validateConfig({ server: { port: portOf(held) }, simulators: {} }, 'reelflow.config.yaml');
    const line = startFailureLine(new PortInUseError('127.0.0.1', portOf(held)), portUses(config, 'all'));
    expect(line).toMatch(new RegExp(`^port ${portOf(held)} \\(the ingress\\) is in use by pid ${process.pid} \\(.+\\): is reelflow already running\\? set server\\.port$`));
  });

  it('reads the port of a listen error (EADDRINUSE from fastify, or wrapped by a fake) and offers PORT in the demo', () => {
    const demo = loadConfig({ PORT: String(portOf(held)) }, mkdtempSync(join(tmpdir(), 'rf-')));
    const listenError = Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${portOf(held)}`), { code: 'EADDRINUSE' });
    expect(startFailureLine(listenError, portUses(demo, 'all'))).toMatch(/is reelflow already running\? set PORT \(or server\.port in a config file\)$/);
    // The held port, not the demo's fixed 3100: a demo running on this machine must not change the answer.
    const file = validateConfig({ server: { port: 0 }, simulators: {} }, 'reelflow.config.yaml');
    const config = { ...file, simulators: { mkio: { port: portOf(held) } } };
    const inUse = Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${portOf(held)}`), { code: 'EADDRINUSE' });
    const fakeError = new Error('the fake MK.IO (simulators.mkio) could not start: listen EADDRINUSE', { cause: inUse });
    expect(startFailureLine(fakeError, portUses(config, 'all'))).toMatch(new RegExp(`^port ${portOf(held)} \\(the fake MK\\.IO\\) is in use by pid ${process.pid}.*: set simulators\\.mkio\\.port$`));
  });

  it('says any other failure by the first line of its message, without a stack', () => {
    expect(startFailureLine(new Error('inbox file cannot be opened'), [])).toBe('inbox file cannot be opened');
    expect(startFailureLine(new Error('temporal server exited early with code 1: bad db\nline two\nline three'), [])).toBe('temporal server exited early with code 1: bad db');
  });

  it('names another process by its program, never its arguments (they may carry a token)', () => {
    expect(describeOwner({ pid: 42, command: '/usr/bin/node /opt/app/bin/reelflow.js start --api-token=hunter2' })).toBe('pid 42 (node reelflow.js)');
    expect(describeOwner({ pid: 42, command: 'node --api-token hunter2 server.js' })).toBe('pid 42 (node)');
    expect(describeOwner({ pid: 42, command: '/usr/local/bin/temporal server start-dev --port 7233' })).toBe('pid 42 (temporal)');
    expect(describeOwner({ pid: 42, command: 'myproxy hunter2' })).toBe('pid 42 (myproxy)');
    expect(describeOwner({ pid: 42, command: '' })).toBe('pid 42');
    // This process, as a real owner: no argument of jest's command line.
    const line = describeOwner(portOwner(portOf(held))!);
    expect(line).toMatch(new RegExp(`^pid ${process.pid} \\([^ ]+( [^ /]+)?\\)$`));
    expect(line).not.toMatch(/--|test\//);
  });
});

describe('another reelflow holding a port', () => {
  let other: ChildProcess;
  let port: number;
  beforeAll(async () => {
    // A process that is, by its command line, `node …/reelflow.js start`, holding a port.
    const dir = mkdtempSync(join(tmpdir(), 'rf-owner-'));
    writeFileSync(join(dir, 'reelflow.js'), "require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port); });");
    other = spawn(process.execPath, [join(dir, 'reelflow.js'), 'start', '--api-token=hunter2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve) => other.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  });
  afterAll(() => other.kill('SIGKILL'));

  const inUse = () => Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`), { code: 'EADDRINUSE', port });

  it('offers the setting that runs another, from a config file', () => {
    const config = validateConfig({ server: { port }, simulators: {} }, 'reelflow.config.yaml');
    expect(startFailureLine(inUse(), portUses(config, 'all'))).toBe(`reelflow is already running (pid ${other.pid}, port ${port}): stop it first, or set server.port to run another`);
  });

  it("offers no setting the demo cannot take: the demo's fakes have fixed ports", () => {
    const demo = loadConfig({}, mkdtempSync(join(tmpdir(), 'rf-')));
    const mkio = demo.simulators.mkio as Record<string, unknown>;
    const onHeldPort = { ...demo, simulators: { ...demo.simulators, mkio: { ...mkio, port } } };
    expect(startFailureLine(inUse(), portUses(onHeldPort, 'all'))).toBe(
      `reelflow is already running (pid ${other.pid}, port ${port} for the fake MK.IO): stop it first (the demo runs once per machine; use a config file to run another)`,
    );
  });
});

describe('the embedded demo', () => {
  const demo = (env: NodeJS.ProcessEnv) => loadConfig(env, mkdtempSync(join(tmpdir(), 'rf-')));

  it("opens the management API to the demo's token, or REELFLOW_API_TOKEN when set", () => {
    expect(demo({}).server.apiToken).toBe(DEMO_API_TOKEN);
    expect(demo({ REELFLOW_API_TOKEN: 'a-token-of-my-own-choosing' }).server.apiToken).toBe('a-token-of-my-own-choosing');
  });

  it('moves the ingress with PORT', () => {
    expect(demo({}).server.port).toBe(3000);
    expect(demo({ PORT: '3999' }).server.port).toBe(3999);
  });

  it('publishes no MK.IO job by rule: the VOD pipeline publishes its own, and hand-sent webhooks name jobs the fake never ran', () => {
    const mkio = demo({}).connections.find((c) => c.provider === 'mkio')!;
    expect(mkio.on.flatMap((rule) => rule.run)).not.toContain('publish');
  });
});
