import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { validateConfig } from '../../src/config/load';
import { buildIngress } from '../../src/ingress/app';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import { configuredDispatcher } from '../../src/temporal/dispatch';
import { testAddress, unique } from '../support/temporal';

/**
 * What a probe of 10,000+ requests found (issue 8, "Hostile input"), kept as tests on a real socket:
 * node and fastify answer some requests before any Reelflow route runs, and a raw request line is
 * the only way to send them as a scanner does (inject normalizes URLs and cannot send CONNECT).
 */
describe('hostile input', () => {
  const secret = `hostile-secret-${randomUUID()}`;
  const config = validateConfig(
    {
      temporal: { taskQueue: unique('hostile') },
      inbox: { file: ':memory:' },
      connections: [{ name: 'demo', provider: 'mkio', project: 'demo', secret, secretQueryParam: 'X-Webhook-Secret' }],
    },
    'hostile input test',
  );
  let app: FastifyInstance;
  let connection: Connection;
  let port: number;
  /** Every line the ingress logged, at trace level, through a logger without Reelflow's own serializers. */
  const lines: string[] = [];

  beforeAll(async () => {
    connection = await Connection.connect({ address: testAddress() });
    const client = new Client({ connection });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildIngress({ config, client, dispatcher: configuredDispatcher(client, config), temporalReady: async () => true, logger: { level: 'trace', stream } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await app.close();
    await connection.close();
  });

  interface RawAnswer {
    status: number;
    headers: Record<string, string>;
    body: string;
    raw: string;
  }

  /** Writes bytes as they are onto a fresh connection and reads until the server closes it. */
  function raw(request: string, { then }: { then?: 'reset' | 'half-close' } = {}): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      const timer = setTimeout(() => socket.destroy(new Error(`no close within 10 s; got ${JSON.stringify(received.slice(0, 300))}`)), 10_000);
      socket.on('connect', () => {
        socket.write(request);
        if (then === 'reset') socket.resetAndDestroy();
        if (then === 'half-close') socket.end();
      });
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('error', (error) => (then === 'reset' ? undefined : reject(error)));
      socket.on('close', () => {
        clearTimeout(timer);
        const [head = '', ...rest] = received.split('\r\n\r\n');
        const [statusLine = '', ...headerLines] = head.split('\r\n');
        const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), raw: received });
      });
    });
  }

  const signedEvent = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({ ...jobCloudEvent({ project: 'demo', transform: 't', job: unique('j'), type: 'MediaKind.JobStarted', state: 'Processing' }), ...overrides });
  const post = (target: string, body: string, extraHeaders = '') =>
    `POST ${target} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}Connection: close\r\n\r\n${body}`;

  const expectErrorShape = (answer: RawAnswer, status: number, error: string) => {
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(body).toEqual({ error, detail: expect.any(String) });
    return body;
  };
  const expectNoSecret = (...texts: string[]) => {
    for (const text of texts) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('X-Webhook-Secret=');
    }
  };
  const logSince = (mark: number) => lines.slice(mark);

  describe('errors before any route runs speak Reelflow and never echo the query', () => {
    it.each([
      ['a malformed percent-escape on the webhook route', 'POST', 400, 'bad_url', `/webhooks/mkio/demo%ZZ?X-Webhook-Secret=${secret}`],
      ['a malformed percent-escape anywhere', 'GET', 400, 'bad_url', `/nowhere%ZZ?X-Webhook-Secret=${secret}`],
      ['a path segment over the router limit', 'POST', 414, 'uri_too_long', `/webhooks/mkio/${'a'.repeat(300)}?X-Webhook-Secret=${secret}`],
      ['an unknown connection', 'POST', 404, 'not_found', `/webhooks/mkio/nope?X-Webhook-Secret=${secret}`],
      ['an unknown path', 'GET', 404, 'not_found', `/admin/../etc/passwd?X-Webhook-Secret=${secret}`],
    ])('%s: %s → %i %s', async (_case, method, status, error, target) => {
      const mark = lines.length;
      const request = method === 'POST' ? post(target, signedEvent()) : `${method} ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;
      const answer = await raw(request);
      expectErrorShape(answer, status, error);
      expectNoSecret(answer.raw, ...logSince(mark));
      // The request was logged, without its query: the assertion above is not about an empty log.
      expect(
        logSince(mark)
          .map((l) => JSON.parse(l).req?.url)
          .filter(Boolean),
      ).toContainEqual(expect.stringMatching(/\?…$/));
    });

    it('a wrong media type: 415 naming the type, not the URL', async () => {
      const mark = lines.length;
      const answer = await raw(post(`/webhooks/mkio/demo?X-Webhook-Secret=${secret}`, signedEvent()).replace('application/json', 'text/xml'));
      expect(expectErrorShape(answer, 415, 'unsupported_media_type').detail).toContain('text/xml');
      expectNoSecret(answer.raw, ...logSince(mark));
    });

    it.each([
      ['a Content-Length that is not a number', 400, 'bad_request', post(`/webhooks/mkio/demo?X-Webhook-Secret=${secret}`, '{}').replace('Content-Length: 2', 'Content-Length: abc')],
      ['two different Content-Lengths', 400, 'bad_request', post(`/webhooks/mkio/demo?X-Webhook-Secret=${secret}`, '{}', 'Content-Length: 7\r\n')],
      ['a space inside the request target', 400, 'bad_request', post(`/webhooks/mkio/demo?X-Webhook-Secret=${secret} x`, '{}')],
      ['headers over the size limit', 431, 'headers_too_large', post(`/webhooks/mkio/demo?X-Webhook-Secret=${secret}`, '{}', `X-Padding: ${'p'.repeat(20_000)}\r\n`)],
    ])('%s: node cannot parse it → %i %s, then the socket closes', async (_case, status, error, request) => {
      const mark = lines.length;
      const answer = await raw(request);
      expectErrorShape(answer, status, error);
      expectNoSecret(answer.raw, ...logSince(mark));
    });

    it('a body shorter than its Content-Length, then a half-close → 400 bad_request, not a hang or a 5xx', async () => {
      const mark = lines.length;
      const answer = await raw(post(`/webhooks/mkio/demo?X-Webhook-Secret=${secret}`, '{}').replace('Content-Length: 2', 'Content-Length: 50'), { then: 'half-close' });
      expectErrorShape(answer, 400, 'bad_request');
      expectNoSecret(answer.raw, ...logSince(mark));
    });
  });

  describe('methods other than POST on the webhook route', () => {
    it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'])('%s → 405 with Allow: POST and the JSON error shape', async (method) => {
      const answer = await app.inject({ method: method as 'GET', url: `/webhooks/mkio/demo?X-Webhook-Secret=${secret}` });
      expect(answer.statusCode).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(answer.json()).toEqual({ error: 'method_not_allowed', detail: expect.stringContaining(method) });
      expectNoSecret(answer.body);
    });

    it('HEAD → 405 with Allow: POST and no body', async () => {
      const answer = await raw('HEAD /webhooks/mkio/demo HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      expect([answer.status, answer.headers.allow, answer.body]).toEqual([405, 'POST', '']);
    });

    it('a PUT with a body the route would refuse is still 405, decided before the body is read', async () => {
      const answer = await app.inject({ method: 'PUT', url: '/webhooks/mkio/demo', headers: { 'content-type': 'text/xml' }, payload: 'x'.repeat(2 * 1024 * 1024) });
      expect([answer.statusCode, answer.headers.allow]).toEqual([405, 'POST']);
    });

    it('POST still reaches the webhook handler', async () => {
      const answer = await raw(post('/webhooks/mkio/demo', signedEvent(), `X-Webhook-Secret: ${secret}\r\n`));
      expect([200, 202]).toContain(answer.status);
      expect(JSON.parse(answer.body)).toMatchObject({ eventId: expect.any(String) });
    });
  });

  describe('CONNECT (node hands the socket over; without a listener it is dropped unanswered)', () => {
    it('on the webhook route → 405 with Allow: POST, the JSON error shape, then the socket closes', async () => {
      const mark = lines.length;
      const answer = await raw(`CONNECT /webhooks/mkio/demo?X-Webhook-Secret=${secret} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      expect(answer.headers.allow).toBe('POST');
      expectErrorShape(answer, 405, 'method_not_allowed');
      expectNoSecret(answer.raw, ...logSince(mark));
      expect(logSince(mark).map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({ msg: 'CONNECT refused', req: { method: 'CONNECT', url: '/webhooks/mkio/demo?…' } }));
    });

    it('to anything else (a proxy attempt) → 404 in the JSON error shape', async () => {
      expectErrorShape(await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'), 404, 'not_found');
    });

    it('a client that resets the connection right away does not take the ingress down', async () => {
      await Promise.all(Array.from({ length: 20 }, () => raw('CONNECT /webhooks/mkio/demo HTTP/1.1\r\nHost: localhost\r\n\r\n', { then: 'reset' })));
      const health = await raw('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      expect(health.status).toBe(200);
    });
  });

  describe('a 900 KB event type (an untracked type is any string)', () => {
    it('is answered 200 ignored, with what is echoed and logged kept small', async () => {
      const type = `Evil.${'T'.repeat(900 * 1024)}`;
      const mark = lines.length;
      const answer = await raw(post('/webhooks/mkio/demo', signedEvent({ type }), `X-Webhook-Secret: ${secret}\r\n`));
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.body) as { status: string; type: string };
      expect(body.status).toBe('ignored');
      expect(body.type.length).toBeLessThan(2048);
      expect(answer.body.length).toBeLessThan(4096);
      const logged = logSince(mark);
      expect(logged.some((l) => l.includes('Evil.TTTT'))).toBe(true);
      for (const line of logged) expect(line.length).toBeLessThan(4096);
    });
  });

  describe('an MK.IO source naming a malformed project', () => {
    it.each([
      ['evil:corp', '/api/v1/projects/evil:corp/transforms/t/jobs/j'],
      ['demo%00', '/api/v1/projects/demo%00/transforms/t/jobs/j'],
      ['a Cyrillic look-alike of demo', '/api/v1/projects/d\u0435mo/transforms/t/jobs/j'],
    ])('%s → 400 naming `source`, though data.projectName is the connection’s project', async (_case, source) => {
      const answer = await raw(post('/webhooks/mkio/demo', signedEvent({ source }), `X-Webhook-Secret: ${secret}\r\n`));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_payload', field: 'source' });
    });
  });
});
