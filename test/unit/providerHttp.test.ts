import { ProviderApiError } from '../../src/providers/apiError';
import { errorDetail, pathTemplate, providerHttp } from '../../src/providers/http';
import { startHttpRecorder, type HttpRecorder } from '../support/httpRecorder';

describe('the one provider HTTP client', () => {
  let api: HttpRecorder;
  beforeEach(async () => {
    api = await startHttpRecorder();
  });
  afterEach(async () => api.close());

  it.each([
    [{ scheme: 'bearer', token: 't0k' } as const, 'authorization', 'Bearer t0k'],
    [{ scheme: 'basic', username: 'id', password: 's3cret' } as const, 'authorization', `Basic ${Buffer.from('id:s3cret').toString('base64')}`],
    [{ scheme: 'header', name: 'X-Api-Key', value: 'k' } as const, 'x-api-key', 'k'],
  ])('authenticates with %o', async (auth, header, value) => {
    await providerHttp({ label: 'P', baseUrl: `${api.url}/api/v1/`, auth }).get('/things/1', { 'filter[token]': 'a,b' });
    expect(api.requests[0]!.headers[header]).toBe(value);
    expect(api.requests[0]!.url).toBe('/api/v1/things/1?filter%5Btoken%5D=a%2Cb');
  });

  it('without credentials answers 401 and sends nothing', async () => {
    const call = providerHttp({ label: 'P', baseUrl: api.url, missingAuth: 'connection main has no apiToken' }).get('/x');
    await expect(call).rejects.toMatchObject({ status: 401, message: 'connection main has no apiToken' });
    expect(api.requests).toHaveLength(0);
  });

  it('shapes the platform error body and keeps Retry-After and the support ref', async () => {
    api.respond(() => ({ status: 429, headers: { 'retry-after': '3' }, body: { error: { code: 'TooMany', detail: 'slow down' }, ref: 'r-9' } }));
    const error = await providerHttp({ label: 'P', baseUrl: api.url, auth: { scheme: 'bearer', token: 'secret-token' } })
      .get<unknown>('/x')
      .then(
        () => new ProviderApiError(0, 'no error'),
        (e: unknown) => e as ProviderApiError,
      );
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3000, ref: 'r-9', message: 'P GET /x → 429 TooMany: slow down' });
    expect(error.message).not.toContain('secret-token');
  });

  it('never leaves the configured base, whatever the path', async () => {
    const client = providerHttp({ label: 'P', baseUrl: `${api.url}/api/v1`, auth: { scheme: 'bearer', token: 't' } });
    await expect(client.get('//evil.example/x')).rejects.toMatchObject({ status: 400 });
    await expect(client.get('/../../admin')).rejects.toMatchObject({ status: 400 });
    await expect(client.get('@evil.example/x')).rejects.toMatchObject({ status: 400 });
    expect(api.requests).toHaveLength(0);
  });

  it('a network failure is status 0 (retryable), a hung API times out', async () => {
    api.respond(() => ({ status: 200, hang: true }));
    await expect(providerHttp({ label: 'P', baseUrl: api.url, auth: { scheme: 'bearer', token: 't' }, timeoutMs: 200 }).get('/slow')).rejects.toMatchObject({ status: 0 });
  });

  it('path templates encode names and refuse ones outside the rule', () => {
    const path = pathTemplate(/^[a-z0-9-]+$/, 'P');
    expect(path`/v1/videos/${'abc-1'}`).toBe('/v1/videos/abc-1');
    expect(() => path`/v1/videos/${'../admin'}`).toThrow(ProviderApiError);
  });

  it.each([
    [{ error: { code: 400301, message: 'bad id', detail: 'no such video' } }, { code: '400301', detail: 'no such video' }],
    [
      { success: false, error: { code: 'not_found', message: 'Media not found' } },
      { code: 'not_found', detail: 'Media not found' },
    ],
    [{ message: 'Unauthenticated.' }, { detail: 'Unauthenticated.' }],
    [{ errors: [{ message: 'token expired' }] }, { detail: 'token expired' }],
    ['<html>', {}],
  ])('reads the error detail of %j', (body, expected) => {
    expect(errorDetail(body)).toMatchObject(expected);
  });
});
