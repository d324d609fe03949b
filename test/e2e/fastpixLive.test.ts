import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import type { FastpixConnection } from '../../src/providers/fastpix/connection';
import { fastpixTestKit } from '../../src/providers/fastpix/testKit';
import { startFakeFastpix, type FakeFastpix } from '../../src/simulators/fastpix';
import { startStack, type Stack } from '../support/stack';
import { eventually, stateWhen, unique } from '../support/temporal';

/**
 * One FastPix live session end to end: the fake's encoder connects, drops, comes back inside the
 * reconnect window, stops; the session ends, its recording becomes a media linked both ways; the
 * stream is deleted and its workflow completes (lingerAfterTerminal is short here).
 */
const TOKEN_ID = 'fastpix-live-token';
const SECRET_KEY = 'fastpix-live-secret';

const own = (s: ResourceSnapshot) => s.transitions.filter((t) => t.aspect === undefined).map((t) => `${t.state.replace('video.live_stream.', '')}:${t.phase}`);

/** One live session, as the fake drives it and as the test kit records it: state:phase of each own transition. */
const SESSION = [
  'created:idle',
  'preparing:pending',
  'connected:pending',
  'recording:live',
  'active:live',
  'disconnected:pending',
  'connected:pending',
  'active:live',
  'disconnected:pending',
  'idle:idle',
  'deleted:deleted',
];

describe('a FastPix live session', () => {
  let fake: FakeFastpix;
  let stack: Stack;
  beforeAll(async () => {
    fake = await startFakeFastpix({ accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, workspaceId: unique('ws'), timing: { processingMs: 50, readyMs: 300, reconnectWindowMs: 1500 } });
    stack = await startStack({
      provider: 'fastpix',
      listen: true,
      config: { lifecycle: { lingerAfterTerminal: '1s' } },
      connection: { workspace: fake.workspaceId, apiBaseUrl: fake.url, accessTokenId: TOKEN_ID, secretKey: SECRET_KEY, on: [{ kind: 'live', phase: 'live', run: ['alert'] }] },
    });
    stack.connectFake(fake);
  });
  afterAll(async () => {
    await stack?.stop();
    await fake?.close();
  });

  const settled = (key: string, test: (s: ResourceSnapshot) => boolean) => stateWhen(stack.client, key, test);

  it('through the fake: live, a drop, back, the end; the recording linked both ways; deletion completes the workflow', async () => {
    const stream = fake.createLiveStream({});
    const liveKey = `fastpix:${fake.workspaceId}:live:${stream.streamId}`;
    await settled(liveKey, (s) => s.phase === 'idle');

    fake.connectEncoder(stream.streamId);
    const live = await settled(liveKey, (s) => s.state === 'video.live_stream.active');
    expect(live.phase).toBe('live');
    // Back at once, well inside the window, whatever the machine's load: the same session.
    fake.disconnectEncoder(stream.streamId);
    fake.connectEncoder(stream.streamId);
    await settled(liveKey, (s) => s.transitions.filter((t) => t.state === 'video.live_stream.active').length === 2);
    fake.disconnectEncoder(stream.streamId);

    // The window passes: the session ends and its recording becomes a media.
    await eventually(async () => (fake.liveStream(stream.streamId)!.recordings.length === 1 ? true : undefined));
    const recordingId = fake.liveStream(stream.streamId)!.recordings[0]!;
    const mediaKey = `fastpix:${fake.workspaceId}:media:${recordingId}`;
    const recording = await settled(mediaKey, (s) => s.phase === 'ready');
    expect(recording.related).toEqual([liveKey]);
    expect(recording.transitions.map((t) => [t.state, t.via])).toEqual([
      ['video.media.live_stream.created', 'webhook'],
      ['video.media.ready', 'webhook'],
    ]);
    const ended = await settled(liveKey, (s) => s.phase === 'idle' && s.related?.includes(mediaKey) === true);
    expect(ended.aspects).toEqual({ recording: expect.objectContaining({ type: 'video.media.live_stream.created', phase: 'ready' }) });
    expect(ended.terminal).toBe(false); // idle is the end of a session, not of the stream

    const api = await fetch(`${fake.url}/v1/live/streams/${stream.streamId}`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from(`${TOKEN_ID}:${SECRET_KEY}`).toString('base64')}` } });
    expect(api.status).toBe(200);
    const final = (await stack.client.workflow.getHandle(liveKey).result()) as ResourceSnapshot;
    expect(final).toMatchObject({ phase: 'deleted', terminal: true, related: [mediaKey] });
    expect(own(final)).toEqual(SESSION);
    // `on: live` runs when the phase becomes live: at `recording`, and at `active` after the drop (not at the first `active`).
    const alerts = final.actions.filter((a) => a.name === 'alert' && a.status === 'succeeded').map((a) => final.transitions.find((t) => t.eventId === a.eventId)?.state);
    expect(alerts).toEqual(['video.live_stream.recording', 'video.live_stream.active']);
    // The recording, ready, completes too.
    expect(await stack.client.workflow.getHandle(mediaKey).result()).toMatchObject({ phase: 'ready', related: [liveKey] });
  }, 60_000);

  it('the test kit’s recorded session (what the replay history is made of) plays the same way', async () => {
    const connection = stack.connection as unknown as FastpixConnection;
    const { key, bodies } = fastpixTestKit.liveSession!(connection);
    expect(key).toBe(`fastpix:${fake.workspaceId}:live:61a264dcc447b63da6fb79ef925cd76d`);
    for (const body of bodies) {
      const answer = await stack.postWebhook(body);
      expect(answer.statusCode).toBe(200);
      expect(answer.json().status).toBe('accepted');
    }
    const mediaKey = `fastpix:${fake.workspaceId}:media:a1d1acdd-8f4e-4add-b498-6b398cf349d9`;
    const final = (await stack.client.workflow.getHandle(key).result()) as ResourceSnapshot;
    expect(final).toMatchObject({ phase: 'deleted', terminal: true, related: [mediaKey], aspects: { recording: { phase: 'ready' } } });
    expect(own(final)).toEqual(SESSION);
    expect(await stack.client.workflow.getHandle(mediaKey).result()).toMatchObject({ phase: 'ready', related: [key] });
  }, 60_000);
});
