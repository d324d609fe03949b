import { createLogger } from '../../src/observability/logger';

function captured(level = 'info') {
  const lines: string[] = [];
  const log = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return { log, lines };
}

describe('the process logger', () => {
  it('writes one JSON object per line, with level names and ISO times', () => {
    const { log, lines } = captured();
    log.info({ deliveryId: 7 }, 'inbox: dead letter');
    log.debug('below info: not written');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', msg: 'inbox: dead letter', deliveryId: 7 });
    expect(new Date(line.time).toISOString()).toBe(line.time);
  });

  it('logs a request without its query string', () => {
    const { log, lines } = captured();
    log.info({ req: { method: 'POST', url: '/webhooks/mkio/demo?X-Webhook-Secret=hunter2-secret', id: 'req-1', headers: { host: 'x' } } }, 'incoming request');
    expect(JSON.parse(lines[0]!).req).toEqual({ method: 'POST', url: '/webhooks/mkio/demo?…', reqId: 'req-1' });
    expect(lines[0]).not.toContain('hunter2-secret');
  });

  it('redacts credential headers wherever headers are logged', () => {
    const { log, lines } = captured();
    const headers = { authorization: 'Basic c2VjcmV0', cookie: 'session=s3cr3t', 'x-webhook-secret': 'hunter2-secret', 'x-api-key': 'key-123456', 'content-type': 'application/json' };
    log.warn({ headers }, 'top level');
    log.warn({ delivery: { id: 1, headers } }, 'nested');
    for (const line of lines) {
      for (const secret of ['c2VjcmV0', 's3cr3t', 'hunter2-secret', 'key-123456']) expect(line).not.toContain(secret);
      expect(line).toContain('application/json');
    }
    expect(JSON.parse(lines[1]!).delivery.headers.authorization).toBe('[redacted]');
  });
});
