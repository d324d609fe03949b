import { MkioConnection } from '../../src/providers/mkio/connection';
import { verifyMkio } from '../../src/providers/mkio/verify';
import { secretsEqual } from '../../src/providers/secretCompare';
import type { WebhookRequest } from '../../src/providers/types';
import { reasonOf } from '../support/verification';

const connection = MkioConnection.parse({ name: 'c', provider: 'mkio', secret: 's3cret-value' });
const request = (headers: WebhookRequest['headers'], query: WebhookRequest['query'] = {}): WebhookRequest => ({
  rawBody: Buffer.from('{}'),
  headers,
  query,
});

describe('MK.IO shared-secret verification', () => {
  it('accepts the right secret in the default header', () => {
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 's3cret-value' }), connection))).toBeUndefined();
  });

  it('rejects a wrong secret', () => {
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 's3cret-valuX' }), connection))).toMatch(/does not match/);
  });

  it('rejects a missing or empty secret', () => {
    expect(reasonOf(() => verifyMkio(request({}), connection))).toMatch(/missing shared secret \(header X-Webhook-Secret\)/);
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': '' }), connection))).toMatch(/missing/);
  });

  it('rejects a secret of another length without throwing anything but VerificationError', () => {
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 's' }), connection))).toMatch(/does not match/);
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 's3cret-value'.repeat(50) }), connection))).toMatch(/does not match/);
    expect(secretsEqual('a', 'a-much-longer-value')).toBe(false);
  });

  it('uses the configured header name, case-insensitively', () => {
    const custom = MkioConnection.parse({ name: 'c', provider: 'mkio', secret: 'x', secretHeader: 'Authorization' });
    expect(reasonOf(() => verifyMkio(request({ authorization: 'x' }), custom))).toBeUndefined();
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 'x' }), custom))).toMatch(/missing/);
  });

  it('accepts the secret as a query parameter only when configured', () => {
    const withQuery = MkioConnection.parse({ name: 'c', provider: 'mkio', secret: 'q', secretQueryParam: 'token' });
    expect(reasonOf(() => verifyMkio(request({}, { token: 'q' }), withQuery))).toBeUndefined();
    expect(reasonOf(() => verifyMkio(request({}, { token: 'q' }), connection))).toMatch(/missing/);
  });

  it('accepts every secret of a rotation', () => {
    const rotating = MkioConnection.parse({ name: 'c', provider: 'mkio', secret: ['old', 'new'] });
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 'old' }), rotating))).toBeUndefined();
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 'new' }), rotating))).toBeUndefined();
    expect(reasonOf(() => verifyMkio(request({ 'x-webhook-secret': 'other' }), rotating))).toMatch(/does not match/);
  });
});
