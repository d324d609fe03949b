import { connectionSecretHeaders, redactHeaders } from '../../src/inbox/redact';

/** What the inbox keeps of a request's headers: never a connection's shared-secret header, whatever it holds. */
describe('redactHeaders', () => {
  it("drops the connection's secret header by name, even with a short or wrong secret in it", () => {
    const connection = { name: 'c', provider: 'mkio', secretHeader: 'X-Source-Secret', secret: ['ab'] };
    const kept = redactHeaders({ 'x-source-secret': 'a-rotated-out-value', 'x-request-id': 'r-1', 'content-type': 'application/json' }, connection);
    expect(kept).toEqual({ 'x-request-id': 'r-1', 'content-type': 'application/json' });
  });

  it('finds a secret header nested in the connection (a CloudEvents verify block)', () => {
    const connection = { name: 't', provider: 'cloudevents', verify: { scheme: 'shared-secret', secretHeader: 'X-Transcoder-Secret', secret: ['s3cret-value-1'] } };
    expect([...connectionSecretHeaders(connection)]).toEqual(['x-transcoder-secret']);
    expect(redactHeaders({ 'x-transcoder-secret': 'x', 'ce-id': 'e1' }, connection)).toEqual({ 'ce-id': 'e1' });
  });

  it('still drops credential headers and any header carrying a configured secret', () => {
    const connection = { name: 'c', provider: 'fastpix', signingSecret: ['a-long-signing-secret'] };
    const kept = redactHeaders({ authorization: 'Bearer t', 'x-echo': 'has a-long-signing-secret in it', 'fastpix-signature': 'abc' }, connection);
    expect(kept).toEqual({ 'fastpix-signature': 'abc' });
  });
});
