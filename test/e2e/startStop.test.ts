import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../src/startup/ports';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { alive, devServerPids, startReelflow, type StartProcess } from '../support/startProcess';
import { eventually } from '../support/temporal';

/**
 * `npm start` as a user runs it (node bin/reelflow.js start), each case with its own ports, data
 * directory and dev server: a start that fails stops what it launched and says why in one line;
 * the dev server it spawned dies with it (even after kill -9) and is brought back if it dies.
 */
jest.setTimeout(180_000);

const SECRET = 'start-stop-secret';
let dir: string;
const started: StartProcess[] = [];

interface Ports {
  ingress: number;
  temporal: number;
}

async function writeConfig(name: string, settings: { inboxFile?: string; uiPort?: number | false } = {}): Promise<{ path: string; ports: Ports }> {
  const ports = { ingress: await freePort(), temporal: await freePort() };
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      server: { port: ports.ingress },
      temporal: { devServer: { port: ports.temporal, uiPort: settings.uiPort ?? false, dbFile: join(dir, `${name}-temporal.sqlite`) } },
      inbox: { file: settings.inboxFile ?? join(dir, `${name}-inbox.sqlite`) },
      connections: [{ name: 'main', provider: 'mkio', project: 'acme', secret: SECRET }],
    }),
  );
  return { path, ports };
}

function start(configPath: string): StartProcess {
  const process = startReelflow(configPath);
  started.push(process);
  return process;
}

/** The one line a failed start prints on stderr: no stack frames. */
const failureLines = (run: StartProcess) =>
  run
    .stderr()
    .split('\n')
    .filter((line) => line.trim() !== '');

/** The dev server's pid, from the line that says it started: no race with a start that fails right after. */
async function serverPidOf(run: StartProcess): Promise<number> {
  const said = /"serverPid":(\d+)[^\n]*temporal dev server started/;
  await run.printed(said);
  return Number(said.exec(run.stdout())![1]);
}

const holdPort = (port: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

const webhook = (ingress: number, id: string) =>
  fetch(`http://127.0.0.1:${ingress}/webhooks/mkio/main`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Webhook-Secret': SECRET },
    body: JSON.stringify({
      specversion: '1.0',
      id,
      type: 'MediaKind.JobStarted',
      source: `/api/v1/projects/acme/transforms/t/jobs/${id}`,
      time: new Date().toISOString(),
      data: { projectName: 'acme', previousState: 'Queued', state: 'Processing', resource: { name: id, properties: { state: 'Processing' } } },
    }),
    signal: AbortSignal.timeout(10_000),
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reelflow-start-stop-'));
});
afterAll(async () => {
  for (const run of started) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start: a failed start', () => {
  it('refuses a taken ingress port in one line before starting anything', async () => {
    const { path, ports } = await writeConfig('ingress-taken');
    const holder = await holdPort(ports.ingress);
    try {
      const run = start(path);
      const { code } = await run.exited;
      expect(code).toBe(1);
      expect(failureLines(run)).toEqual([
        expect.stringMatching(new RegExp(`^port ${ports.ingress} \\(the ingress\\) is in use by pid ${process.pid} \\(.+\\): is reelflow already running\\? set server\\.port$`)),
      ]);
      expect(devServerPids(ports.temporal)).toEqual([]);
    } finally {
      holder.close();
    }
  });

  it('refuses a dev server port held by something that is not Temporal, naming the setting', async () => {
    const { path, ports } = await writeConfig('not-temporal');
    const holder = await holdPort(ports.temporal);
    try {
      const run = start(path);
      expect((await run.exited).code).toBe(1);
      expect(failureLines(run)).toEqual([
        expect.stringMatching(new RegExp(`^port ${ports.temporal} \\(the Temporal dev server\\) is in use by something that is not a Temporal server, .*: set temporal\\.devServer\\.port$`)),
      ]);
    } finally {
      holder.close();
    }
  });

  it('stops the dev server it spawned when a later step fails', async () => {
    // A file where the inbox's directory should be: the ingress fails after the dev server and the worker are up.
    writeFileSync(join(dir, 'not-a-directory'), '');
    const { path, ports } = await writeConfig('late-failure', { inboxFile: join(dir, 'not-a-directory', 'inbox.sqlite') });
    const run = start(path);
    const serverPid = await serverPidOf(run);
    const { code } = await run.exited;
    expect(code).toBe(1);
    const lines = failureLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/not-a-directory/);
    expect(lines[0]).not.toMatch(/\n\s+at /);
    expect(alive(serverPid)).toBe(false);
    expect(devServerPids(ports.temporal)).toEqual([]);
  });
});

describe('npm start: a dev server that cannot start', () => {
  it("says why in one line (the server's last stderr line), not its whole output", async () => {
    // A directory where the database file should be: the server exits at once.
    const { path, ports } = await writeConfig('bad-db');
    const config = JSON.parse(readFileSync(path, 'utf8')) as { temporal: { devServer: { dbFile: string } } };
    config.temporal.devServer.dbFile = dir;
    writeFileSync(path, JSON.stringify(config));
    const run = start(path);
    expect((await run.exited).code).toBe(1);
    expect(failureLines(run)).toEqual([expect.stringMatching(/^temporal server exited early with code \d+: \S.*$/)]);
    expect(devServerPids(ports.temporal)).toEqual([]);
  });
});

describe('npm start: the dev server it spawned', () => {
  it('is refused a second start, shared with another reelflow, restarted when it dies, and stopped with the process', async () => {
    const { path, ports } = await writeConfig('running');
    const first = start(path);
    await first.printed(/reelflow is up/);
    expect((await webhook(ports.ingress, 'job-before')).status).toBe(200);

    // A second `npm start` with the same config: said in one line, nothing reused.
    const second = start(path);
    expect((await second.exited).code).toBe(1);
    expect(failureLines(second)).toEqual([`reelflow is already running (pid ${first.pid}, port ${ports.ingress}): stop it first, or set server.port to run another`]);

    // Another reelflow on another ingress port shares the server: said whose it is, and left running.
    const neighbour = await writeConfig('neighbour');
    const shared = JSON.parse(readFileSync(neighbour.path, 'utf8')) as { temporal: { devServer: { port: number } } };
    shared.temporal.devServer.port = ports.temporal;
    writeFileSync(neighbour.path, JSON.stringify(shared));
    const [server] = devServerPids(ports.temporal);
    const third = start(neighbour.path);
    await third.printed(/reelflow is up/);
    expect(third.stdout()).toContain(
      `(pid ${server}, started by the reelflow running as pid ${first.pid}): this start did not launch it and leaves it running; to stop it: stop that reelflow (pid ${first.pid})`,
    );

    // The dev server dies: a visible line, a new server on the same port and database file.
    process.kill(server!, 'SIGKILL');
    await first.printed(/Temporal dev server exited \(signal SIGKILL\); restarting… \(1 of 3\)/);
    await first.printed(/Temporal dev server restarted at/);
    const [restarted] = devServerPids(ports.temporal);
    expect(restarted).not.toBe(server);
    // A channel still reconnecting may spool the first one (202): the restarted server takes events again.
    let attempt = 0;
    await eventually(
      async () => {
        const after = await webhook(ports.ingress, `job-after-${++attempt}`);
        return after.status === 200 && ((await after.json()) as { status: string }).status === 'accepted' ? true : undefined;
      },
      30_000,
      500,
    );
    // Its neighbour rode out the restart (a few seconds without an answer).
    expect(third.child.exitCode).toBeNull();

    // SIGTERM: exit 0, and the server it spawned goes with it.
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(alive(restarted!)).toBe(false);

    // The neighbour that reused it no longer answers 503 forever: it says so in one line and exits 1.
    const goneAt = Date.now();
    expect((await third.exited).code).toBe(1);
    expect(Date.now() - goneAt).toBeLessThan(45_000);
    // The pid it names is the server it last saw answering: the restarted one, or (if no check fell between) the first.
    const gone = failureLines(third);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(new RegExp(`^the reused Temporal server at 127\\.0\\.0\\.1:${ports.temporal} \\(pid \\d+\\) is gone$`));
  }, 300_000);

  it('dies with the process after kill -9', async () => {
    const { path } = await writeConfig('kill-9');
    const run = start(path);
    const serverPid = await serverPidOf(run);
    await run.printed(/reelflow is up/);
    run.child.kill('SIGKILL');
    await run.exited;
    // The watchdog sends SIGTERM at once and SIGKILL after 10 s.
    await eventually(async () => (alive(serverPid) ? undefined : true), 15_000, 100);
  });
});

describe('npm start: a dev server it did not spawn', () => {
  let own: DevServer | undefined;
  afterAll(() => own?.stop());

  it('is said to be reused, with how to stop it, and left running on stop', async () => {
    const { path, ports } = await writeConfig('reused');
    own = await startDevServer({ port: ports.temporal, uiPort: false, log: () => {} });
    const run = start(path);
    await run.printed(/reelflow is up/);
    expect(run.stdout()).toContain(
      `reusing the Temporal server already listening on 127.0.0.1:${ports.temporal} (pid ${own.pid}): this start did not launch it and leaves it running; to stop it: kill ${own.pid}`,
    );
    run.child.kill('SIGHUP'); // a closed terminal stops it as cleanly as SIGTERM
    expect((await run.exited).code).toBe(0);
    expect(alive(own.pid!)).toBe(true);
  });
});
