import { startFakeMkio, type FakeMkio } from '../../src/simulators/mkio';
import { jobCloudEvent } from '../../src/simulators/mkio/cloudEvents';
import type { VodPipelineResult } from '../../workflows/pipelines/vodPipeline';
import { startStack, type Stack } from '../support/stack';
import { eventually, unique } from '../support/temporal';

const API_TOKEN = 'management-token-0123456789';

describe('management API', () => {
  let fake: FakeMkio;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeMkio({ token: 'api-test', timing: { queuedMs: 50, processingMs: 200 } });
    stack = await startStack({
      config: { server: { apiToken: API_TOKEN }, polling: { quietFor: '300ms', maxPollInterval: '1s' } },
      connection: { apiBaseUrl: fake.url, apiToken: 'api-test' },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await fake.close();
  });

  const api = (method: 'GET' | 'POST', url: string, body?: unknown, token = API_TOKEN) =>
    stack.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, payload: body ? JSON.stringify(body) : undefined });

  it('POST /api/pipelines/vod starts a pipeline once per id, and it runs to the end', async () => {
    const id = unique('clip');
    const body = { id, connection: 'test', transform: 'encode-h264', inputAsset: 'upload-1' };
    const first = await api('POST', '/api/pipelines/vod', body);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ status: 'started', workflowId: `vod-${id}` });
    expect((await api('POST', '/api/pipelines/vod', body)).json()).toEqual({ status: 'already-started', workflowId: `vod-${id}` });
    const result = (await stack.client.workflow.getHandle(`vod-${id}`).result()) as VodPipelineResult;
    expect(result).toMatchObject({ state: 'Finished', published: expect.stringContaining('created') });
    // Finished or not, the same id never runs a second pipeline.
    expect((await api('POST', '/api/pipelines/vod', body)).json()).toEqual({ status: 'already-started', workflowId: `vod-${id}` });
    expect(fake.counters.jobsCreated).toBe(1);
  });

  it('rejects bad requests naming the field', async () => {
    const answer = await api('POST', '/api/pipelines/vod', { connection: 'test', transform: '../etc', inputAsset: 'a' });
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_payload', field: 'transform' });
    expect((await api('POST', '/api/pipelines/vod', { connection: 'nope', transform: 't', inputAsset: 'a' })).json()).toMatchObject({ field: 'connection' });
    expect((await api('POST', '/api/pipelines/vod', { connection: 'test', transform: 't', inputAsset: 'a', notify: ['publish'] })).json()).toMatchObject({ field: 'notify' });
  });

  it('needs the bearer token', async () => {
    expect((await api('GET', '/api/resources/mkio%3Ax%3Ajob%3At%2Fj', undefined, 'wrong-token-0123456789')).statusCode).toBe(401);
    expect((await stack.app.inject({ method: 'GET', url: '/api/resources/mkio%3Ax%3Ajob%3At%2Fj' })).statusCode).toBe(401);
  });

  it('GET /api/resources/:key answers the state query', async () => {
    const job = unique('job');
    await stack.postWebhook(jobCloudEvent({ project: stack.account, transform: 't', job, type: 'MediaKind.JobStarted', state: 'Processing' }));
    const key = encodeURIComponent(`mkio:${stack.account}:job:t/${job}`);
    const state = await eventually(async () => {
      const answer = await api('GET', `/api/resources/${key}`);
      return answer.statusCode === 200 ? answer.json() : undefined;
    });
    expect(state).toMatchObject({ state: 'Processing', phase: 'processing' });
    expect((await api('GET', `/api/resources/${encodeURIComponent(`mkio:${stack.account}:job:t/none`)}`)).statusCode).toBe(404);
    expect((await api('GET', '/api/resources/not-a-key')).json()).toMatchObject({ error: 'invalid_payload', field: 'key' });
  });
});

describe('management API without a token configured', () => {
  it('is closed', async () => {
    const stack = await startStack();
    try {
      const answer = await stack.app.inject({ method: 'POST', url: '/api/pipelines/vod', headers: { authorization: 'Bearer anything-at-all-here' }, payload: {} });
      expect(answer.statusCode).toBe(403);
      expect(answer.json().detail).toMatch(/apiToken/);
    } finally {
      await stack.stop();
    }
  });
});
