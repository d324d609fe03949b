import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { validateConfig } from '../../src/config/load';
import { openSqliteInbox } from '../../src/inbox/sqliteStore';
import { buildIngress, defaultLogger } from '../../src/ingress/app';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { freePort } from '../../src/temporal/devServer';
import { testAddress, unique } from '../support/temporal';

/** What operators rely on: readiness that tells the truth, and logs that never carry secrets. */
describe('ingress operations', () => {
  const secret = 'super-secret-value-9f8e7d';
  const config = validateConfig(
    { connections: [{ name: 'ops', provider: 'mkio', secret, secretQueryParam: 'token', project: 'ops' }], temporal: { taskQueue: unique('ops') }, inbox: { file: ':memory:', ackDeadline: '10s' } },
    'ops test',
  );

  async function ingressWith(address: string, lazy = false) {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const connection = lazy ? Connection.lazy({ address }) : await Connection.connect({ address });
    const client = new Client({ connection });
    const logger = { ...(defaultLogger('info') as object), stream };
    const app = await buildIngress({
      config,
      client,
      dispatcher: configuredDispatcher(client, config, lazy ? 500 : 5000),
      temporalReady: async () => {
        await connection.withDeadline(Date.now() + 500, () => connection.healthService.check({}));
        return true;
      },
      logger,
    });
    return { app, lines, close: async () => (await app.close(), await connection.close()) };
  }

  it('/openapi.json describes every route, with request schemas from the zod validators', async () => {
    const ingress = await ingressWith(testAddress());
    try {
      const doc = (await ingress.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths).sort()).toEqual([
        '/api/connections',
        '/api/deliveries',
        '/api/deliveries/replay',
        '/api/deliveries/{id}',
        '/api/deliveries/{id}/replay',
        '/api/pipelines/vod',
        '/api/resources/{key}',
        '/healthz',
        '/metrics',
        '/openapi.json',
        '/readyz',
        '/webhooks/{provider}/{connection}',
      ]);
      expect(doc.components.schemas.VodRequest.required).toEqual(expect.arrayContaining(['connection', 'transform', 'inputAsset']));
      expect(Object.keys(doc.paths['/webhooks/{provider}/{connection}'].post.responses)).toEqual(['200', '202', '400', '401', '404', '413', '415', '503']);
      expect(doc.components.schemas.ReplayRequest.properties.status.enum).toEqual(['pending', 'delivered', 'closed', 'ignored', 'failed', 'rejected']);
    } finally {
      await ingress.close();
    }
  });

  it('/readyz is 200 while the inbox can take events, degraded without Temporal, 503 without the inbox; /healthz stays 200', async () => {
    const up = await ingressWith(testAddress());
    const down = await ingressWith(`127.0.0.1:${await freePort()}`, true);
    try {
      expect((await up.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', checks: { inbox: 'ok', temporal: 'ok' } });
      const degraded = await down.app.inject({ method: 'GET', url: '/readyz' });
      expect(degraded.statusCode).toBe(200);
      expect(degraded.json()).toEqual({ status: 'degraded', checks: { inbox: 'ok', temporal: 'unreachable' } });
      expect((await down.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await up.close();
      await down.close();
    }
    const broken = await buildIngress({
      config,
      dispatcher: { deliver: async () => ({ workflowId: 'never' }) },
      inbox: { ...openSqliteInbox({ file: ':memory:', synchronous: 'full', busyTimeout: 10 }), counts: async () => Promise.reject(new Error('disk gone')) },
      temporalReady: async () => true,
      logger: false,
    });
    try {
      const notReady = await broken.inject({ method: 'GET', url: '/readyz' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toEqual({ status: 'not_ready', checks: { inbox: 'unavailable', temporal: 'ok' } });
    } finally {
      await broken.close();
    }
  });

  it('logs each webhook with event id, type and source, never the secret (header or query); counts them in /metrics', async () => {
    const ingress = await ingressWith(testAddress());
    try {
      const event = jobCloudEvent({ project: 'ops', transform: 't', job: unique('j'), type: 'MediaKind.JobStarted', state: 'Processing' });
      const byHeader = await ingress.app.inject({
        method: 'POST',
        url: '/webhooks/mkio/ops',
        headers: { 'content-type': 'application/json', 'x-webhook-secret': secret },
        payload: JSON.stringify(event),
      });
      expect(byHeader.statusCode).toBe(200);
      const byQuery = await ingress.app.inject({
        method: 'POST',
        url: `/webhooks/mkio/ops?token=${secret}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ ...event, id: unique('e') }),
      });
      expect(byQuery.statusCode).toBe(200);
      const wrong = await ingress.app.inject({ method: 'POST', url: `/webhooks/mkio/ops?token=${secret}x`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(event) });
      expect(wrong.statusCode).toBe(401);

      const metrics = await ingress.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
      expect(metrics.body).toContain('reelflow_webhooks_total{code="200",connection="ops",outcome="accepted",provider="mkio"} 2');
      expect(metrics.body).toContain('reelflow_webhooks_total{code="401",connection="ops",outcome="unauthorized",provider="mkio"} 1');
      expect(metrics.body).toContain('reelflow_relay_handoff_seconds_count{outcome="delivered"} 2\n');
      expect(metrics.body).toContain('reelflow_relay_attempts_total{outcome="delivered"} 2\n');
      await ingress.app.inject({ method: 'POST', url: '/webhooks/mkio/scanner-guess', headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect((await ingress.app.inject({ method: 'GET', url: '/metrics' })).body).toContain('reelflow_webhooks_total{code="404",connection="unknown",outcome="unknown",provider="unknown"} 1');

      const log = ingress.lines.join('');
      expect(log).not.toContain(secret);
      const webhookLine = ingress.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'webhook');
      expect(webhookLine).toMatchObject({ eventId: event.id, type: 'MediaKind.JobStarted', source: event.source, status: 'accepted' });
      expect(JSON.stringify([byHeader.json(), byQuery.json(), wrong.json()])).not.toContain(secret);
    } finally {
      await ingress.close();
    }
  });
});
