import { randomBytes, randomUUID } from 'node:crypto';
import type { PendingWork } from '../kit/pending';
import { isRecord } from '../kit/router';
import { badRequest, conflict, streamNotFound } from './errors';

export type LiveStatus = 'idle' | 'preparing' | 'active' | 'disabled';

/** Where the encoder stands: `reconnecting` is the reconnect window after a drop. */
export type EncoderState = 'none' | 'connected' | 'reconnecting';

export interface LiveStreamRecord {
  streamId: string;
  streamKey: string;
  srtSecret: string;
  workspaceId: string;
  status: LiveStatus;
  createdAt: string;
  /** How long FastPix waits for the encoder to come back before the session ends (the DTO shows seconds). */
  reconnectWindowMs: number;
  enableRecording: boolean;
  metadata: Record<string, string>;
  playbackIds: Array<{ id: string; accessPolicy: string }>;
  encoder: EncoderState;
  /** Media ids of this stream's recordings, oldest first. */
  recordings: string[];
}

export type LiveEvent =
  | 'video.live_stream.created'
  | 'video.live_stream.preparing'
  | 'video.live_stream.connected'
  | 'video.live_stream.recording'
  | 'video.live_stream.active'
  | 'video.live_stream.disconnected'
  | 'video.live_stream.idle'
  | 'video.live_stream.deleted';

export interface LiveStoreDeps {
  pending: PendingWork;
  workspaceId: string;
  /** Used when the create body sets no `inputMediaSettings.reconnectWindow`. */
  reconnectWindowMs: () => number;
  announce: (stream: LiveStreamRecord, type: LiveEvent) => void;
  /** A session ended on a recording stream: its media is made (and announced) by the media store. */
  recorded: (stream: LiveStreamRecord) => string;
}

/** FastPix accepts 0 to 1800 s (Mux's limit too). */
const MAX_RECONNECT_WINDOW_S = 1800;

/** The live stream as GET answers it (and webhooks carry it in `data`): the SDK's CreateLiveStreamResponseDTO fields. */
export function liveStreamResource(stream: LiveStreamRecord) {
  return {
    streamId: stream.streamId,
    streamKey: stream.streamKey,
    srtSecret: stream.srtSecret,
    trial: false,
    status: stream.status,
    maxResolution: '1080p',
    maxDuration: 28800,
    createdAt: stream.createdAt,
    reconnectWindow: stream.reconnectWindowMs / 1000,
    enableRecording: stream.enableRecording,
    enableDvrMode: false,
    mediaPolicy: 'public',
    metadata: { ...stream.metadata },
    lowLatency: false,
    closedCaptions: false,
    playbackIds: stream.playbackIds.map((playback) => ({ ...playback })),
  };
}
export type LiveStreamResource = ReturnType<typeof liveStreamResource>;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * Live streams and their encoder: connect → preparing, connected, recording, active; a drop →
 * disconnected, and the reconnect window starts; back inside it → connected, active; not back →
 * idle, and the session's recording becomes a media. Deleting a live stream ends its session first.
 */
export class LiveStreamStore {
  private readonly streams = new Map<string, LiveStreamRecord>();
  private readonly windows = new Map<string, () => void>();

  constructor(private readonly deps: LiveStoreDeps) {}

  create(body: unknown): LiveStreamRecord {
    const settings = isRecord(body) && isRecord(body.inputMediaSettings) ? body.inputMediaSettings : {};
    const playback = isRecord(body) && isRecord(body.playbackSettings) ? body.playbackSettings : {};
    let reconnectWindowMs = this.deps.reconnectWindowMs();
    if (settings.reconnectWindow !== undefined) {
      const seconds = settings.reconnectWindow;
      if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= MAX_RECONNECT_WINDOW_S)) {
        throw badRequest(`inputMediaSettings.reconnectWindow must be a number of seconds from 0 to ${MAX_RECONNECT_WINDOW_S}`);
      }
      reconnectWindowMs = Math.round(seconds * 1000);
    }
    const stream: LiveStreamRecord = {
      streamId: hex(16),
      streamKey: hex(16),
      srtSecret: hex(16),
      workspaceId: this.deps.workspaceId,
      status: 'idle',
      createdAt: new Date().toISOString(),
      reconnectWindowMs,
      enableRecording: settings.enableRecording !== false,
      metadata: isRecord(settings.metadata) ? Object.fromEntries(Object.entries(settings.metadata).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {},
      playbackIds: [{ id: randomUUID(), accessPolicy: playback.accessPolicy === 'private' ? 'private' : 'public' }],
      encoder: 'none',
      recordings: [],
    };
    this.streams.set(stream.streamId, stream);
    this.deps.announce(stream, 'video.live_stream.created');
    return stream;
  }

  get(id: string): LiveStreamRecord | undefined {
    return this.streams.get(id);
  }

  require(id: string): LiveStreamRecord {
    const found = this.streams.get(id);
    if (!found) throw streamNotFound();
    return found;
  }

  /** The encoder (re)connects. Inside the reconnect window the session goes on; otherwise a new one starts. */
  connect(id: string): LiveStreamRecord {
    const stream = this.require(id);
    if (stream.status === 'disabled') throw conflict('stream is disabled', 'A disabled live stream takes no more publishing.');
    if (stream.encoder === 'connected') throw conflict('encoder already connected', 'This live stream is already receiving from an encoder.');
    const { announce } = this.deps;
    if (stream.encoder === 'reconnecting') {
      this.windows.get(id)?.();
      this.windows.delete(id);
      stream.encoder = 'connected';
      announce(stream, 'video.live_stream.connected');
      announce(stream, 'video.live_stream.active');
      return stream;
    }
    stream.encoder = 'connected';
    stream.status = 'preparing';
    announce(stream, 'video.live_stream.preparing');
    announce(stream, 'video.live_stream.connected');
    if (stream.enableRecording) announce(stream, 'video.live_stream.recording');
    stream.status = 'active';
    announce(stream, 'video.live_stream.active');
    return stream;
  }

  /** The encoder drops: `disconnected` now, and `idle` once the reconnect window passes without it. */
  disconnect(id: string): LiveStreamRecord {
    const stream = this.require(id);
    if (stream.encoder !== 'connected') throw conflict('encoder not connected', 'No encoder is publishing to this live stream.');
    stream.encoder = 'reconnecting';
    this.deps.announce(stream, 'video.live_stream.disconnected');
    this.windows.set(
      id,
      this.deps.pending.timer(stream.reconnectWindowMs, () => {
        this.windows.delete(id);
        this.endSession(stream);
      }),
    );
    return stream;
  }

  delete(id: string): void {
    const stream = this.require(id);
    if (stream.encoder !== 'none') this.endSession(stream);
    this.streams.delete(id);
    this.deps.announce(stream, 'video.live_stream.deleted');
  }

  private endSession(stream: LiveStreamRecord): void {
    this.windows.get(stream.streamId)?.();
    this.windows.delete(stream.streamId);
    stream.encoder = 'none';
    stream.status = 'idle';
    this.deps.announce(stream, 'video.live_stream.idle');
    if (stream.enableRecording) stream.recordings.push(this.deps.recorded(stream));
  }
}
