import { announce, bannerLines, bannerRecord, type StartInfo } from '../../src/observability/banner';
import { createLogger } from '../../src/observability/logger';

const info: StartInfo = {
  role: 'all',
  configOrigin: 'reelflow.config.yaml',
  temporal: { address: '127.0.0.1:7233', namespace: 'default', reused: false, uiUrl: 'http://127.0.0.1:8233' },
  taskQueues: ['reelflow', 'reelflow-poll-mkio'],
  ingressUrl: 'http://127.0.0.1:3000',
  connections: [{ provider: 'mkio', name: 'demo' }],
  fakes: [{ provider: 'mkio', title: 'MK.IO', url: 'http://127.0.0.1:4010' }],
};

/** Where announce writes: a terminal (or not), and a logger whose lines are kept. */
function outputs(isTTY: boolean) {
  const written: string[] = [];
  const logged: string[] = [];
  const out = { isTTY, write: (text: string) => written.push(text) };
  const log = createLogger({ level: 'info', destination: { write: (line: string) => void logged.push(line) } });
  return { out, log, written, logged };
}

describe('the start banner', () => {
  it("names the demo's public API token, and only that one", () => {
    expect(bannerLines({ ...info, demoApiToken: 'reelflow-demo-api-token' }).join('\n')).toContain('Authorization: Bearer reelflow-demo-api-token');
    expect(bannerLines(info).join('\n')).not.toMatch(/Bearer/);
  });

  it('not at a terminal: exactly one JSON log line carrying where everything is, and no plain text', () => {
    const { out, log, written, logged } = outputs(false);
    announce(info, out, log);
    expect(written).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({
      level: 'info',
      msg: 'reelflow is up',
      role: 'all',
      config: 'reelflow.config.yaml',
      temporal: { address: '127.0.0.1:7233', namespace: 'default', reused: false },
      ui: 'http://127.0.0.1:8233',
      taskQueues: ['reelflow', 'reelflow-poll-mkio'],
      ingress: 'http://127.0.0.1:3000',
      connections: ['mkio/demo'],
      fakes: [{ provider: 'mkio', url: 'http://127.0.0.1:4010' }],
    });
  });

  it('at a terminal: the human lines, nothing logged; they name /api, /metrics and /openapi.json', () => {
    const { out, log, written, logged } = outputs(true);
    announce(info, out, log);
    expect(logged).toEqual([]);
    const text = written.join('');
    expect(text).toContain('reelflow (all) is up — config: reelflow.config.yaml');
    expect(text).toContain('http://127.0.0.1:3000/api/');
    expect(text).toContain('http://127.0.0.1:3000/metrics');
    expect(text).toContain('http://127.0.0.1:3000/openapi.json');
    expect(text).toContain('mkio/demo → /webhooks/mkio/demo');
    expect(() => JSON.parse(written[0]!)).toThrow();
  });

  it('a worker-only process shows no ingress and no connections', () => {
    const worker: StartInfo = { ...info, role: 'worker', ingressUrl: undefined, connections: [], fakes: [], temporal: { namespace: 'prod', reused: false }, workerMetricsAddress: '0.0.0.0:9464' };
    expect(bannerLines(worker).join('\n')).not.toMatch(/ingress|connection/);
    expect(bannerLines(worker).join('\n')).toContain('(from profile) namespace prod');
    expect(bannerRecord(worker)).toMatchObject({ role: 'worker', ingress: undefined, connections: [], workerMetrics: 'http://0.0.0.0:9464/metrics' });
  });
});
