import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { startFakeKinescope, type FakeKinescope } from '../../src/simulators/kinescope';
import { stateQuery } from '../../workflows/messages';
import { startStack, type Stack } from '../support/stack';
import { eventually, stateWhen } from '../support/temporal';

/**
 * Kinescope with an API token: webhooks first, polling (GET /v1/videos/{id}, GET
 * /v2/live/events/{id}) when they stop, a 404 as the deletion Kinescope never announces. Real
 * HTTP to the fake, a real Temporal dev server.
 */
const TOKEN = 'kinescope-poll-token';
const UPLOAD_STATES = ['pending', 'uploading', 'pre-processing', 'processing', 'done'];

let stack: Stack;
let fake: FakeKinescope;
beforeAll(async () => {
  fake = await startFakeKinescope({ apiToken: TOKEN, timing: { stepMs: 150, processingMs: 300 } });
  stack = await startStack({
    provider: 'kinescope',
    listen: true,
    config: { polling: { quietFor: '300ms', maxPollInterval: '600ms', maxWait: '1m' }, lifecycle: { lingerAfterTerminal: '1s' } },
    connection: { apiBaseUrl: fake.url, apiToken: TOKEN },
  });
  stack.connectFake(fake);
});
afterAll(async () => {
  await stack?.stop();
  await fake?.close();
});
afterEach(() => fake.setFaults({}));

const videoKey = (id: string) => `kinescope:test:media:${id}`;
const liveKey = (id: string) => `kinescope:test:live:${id}`;
const stateOf = (key: string): Promise<ResourceSnapshot> => stack.client.workflow.getHandle(key).query(stateQuery);
const once = (key: string, done: (s: ResourceSnapshot) => boolean, timeoutMs = 45_000) => stateWhen(stack.client, key, done, timeoutMs);
const api = (method: string, path: string) => fetch(`${fake.url}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });

describe('Kinescope: polling finds what webhooks did not say', () => {
  it('every webhook after the first lost → polling takes the video to done', async () => {
    const { id } = fake.uploadVideo('lost', 'https://media.example.com/lost.mp4');
    fake.setFaults({ drop: 1 }); // `pending` went out with the upload; every later status is lost
    await eventually(async () => (fake.video(id)?.status === 'done' ? true : undefined), 30_000);
    const state = await once(videoKey(id), (s) => s.terminal);
    expect(state).toMatchObject({ state: 'done', phase: 'ready' });
    expect(state.transitions[0]).toMatchObject({ state: 'pending', via: 'webhook' });
    expect(state.transitions.slice(1).every((t) => t.via === 'poll')).toBe(true);
    expect(state.transitions.at(-1)).toMatchObject({ state: 'done', via: 'poll' });
    // Whatever the polls saw, it was in the clock's order.
    const seen = state.transitions.map((t) => t.state);
    expect(seen).toEqual(UPLOAD_STATES.filter((s) => seen.includes(s)));
    expect(fake.counters.deliveriesDropped).toBe(4);
    expect(fake.counters.getsByVideo[id]).toBe(state.counts.polls);
  });

  it('a video deleted on Kinescope (no webhook) is deleted in Reelflow, from the 404', async () => {
    fake.setTiming({ stepMs: 60_000 });
    try {
      const { id } = fake.uploadVideo('to-delete', 'https://media.example.com/to-delete.mp4');
      await once(videoKey(id), (s) => s.counts.events === 1);
      expect((await api('DELETE', `/v1/videos/${id}`)).status).toBe(200);
      const state = await once(videoKey(id), (s) => s.terminal);
      expect(state).toMatchObject({ state: 'NotFound', phase: 'deleted' });
      expect(state.transitions.at(-1)).toMatchObject({ via: 'poll', phase: 'deleted' });
      // A terminal resource lingers (1 s here), then its workflow completes.
      await expect(stack.client.workflow.getHandle(videoKey(id)).result()).resolves.toMatchObject({ phase: 'deleted', terminal: true });
    } finally {
      fake.setTiming({ stepMs: 150 });
    }
  });
});

describe('Kinescope: one live session end to end', () => {
  it("create → enable → connected → drop → back → finished (recording linked both ways) → deleted: the stream's workflow completes", async () => {
    const { id } = fake.createLiveEvent('Town hall');
    const live = liveKey(id);
    // Each step, then Reelflow's view of it: occurredAt is the arrival time, so the steps must be apart to be ordered.
    const step = async (act: () => void, state: string, phase: string) => {
      act();
      await once(live, (s) => s.state === state && s.phase === phase);
    };
    await step(() => undefined, 'live.created', 'idle');
    await step(() => fake.enableLive(id), 'live.enabled', 'pending');
    await step(() => fake.connectEncoder(id), 'live.connected', 'live');
    await step(() => fake.disconnectEncoder(id), 'live.disconnected', 'pending');
    await step(() => fake.connectEncoder(id), 'live.connected', 'live');
    let recording = '';
    await step(() => void (recording = fake.completeLive(id).videoId!), 'live.finished', 'idle');

    const media = videoKey(recording);
    const recorded = await once(media, (s) => s.terminal);
    expect(recorded).toMatchObject({ state: 'done', phase: 'ready', related: [live] });
    expect(recorded.transitions[0]).toMatchObject({ type: 'live.finished', state: 'live.finished', phase: 'pending' });

    const before = await stateOf(live);
    expect(before).toMatchObject({ related: [media], terminal: false });
    expect((await api('DELETE', `/v2/live/events/${id}`)).status).toBe(200); // Kinescope sends nothing for this

    const result = (await stack.client.workflow.getHandle(live).result()) as ResourceSnapshot;
    expect(result).toMatchObject({ state: 'NotFound', phase: 'deleted', terminal: true, related: [media] });
    expect(result.transitions.map((t) => t.state)).toEqual(['live.created', 'live.enabled', 'live.connected', 'live.disconnected', 'live.connected', 'live.finished', 'NotFound']);
    expect(result.transitions.at(-1)).toMatchObject({ via: 'poll', phase: 'deleted' });
    // Polls in between asked GET /v2/live/events/{id} and got the webhooks' own words back: no extra transitions.
    expect(result.counts.polls).toBeGreaterThanOrEqual(1);
    expect(fake.counters.getsByLiveEvent[id]).toBe(result.counts.polls);
  }, 90_000);
});
