import { randomUUID } from 'node:crypto';
import type { PendingWork } from '../kit/pending';
import { isRecord } from '../kit/router';
import { badRequest, mediaNotFound } from './errors';

export type MediaStatus = 'Created' | 'Processing' | 'Ready' | 'Failed';

/** What the fake knows of a media; plain JSON so snapshots can be handed out safely. */
export interface MediaRecord {
  id: string;
  workspaceId: string;
  status: MediaStatus;
  createdAt: string;
  updatedAt: string;
  inputs: Array<{ type: string; url: string }>;
  metadata: Record<string, string>;
  accessPolicy: 'public' | 'private';
  playbackIds: Array<{ id: string; accessPolicy: string }>;
  /** Set on a live stream's recording (what `video.media.live_stream.created` names). */
  liveStreamId?: string;
}

export interface MediaTiming {
  /** Created → Processing. */
  processingMs: number;
  /** Processing → Ready or Failed. */
  readyMs: number;
}

/** The moves FastPix announces; Processing is silent, as on the platform. */
export type MediaEvent = 'video.media.created' | 'video.media.live_stream.created' | 'video.media.ready' | 'video.media.failed' | 'video.media.updated' | 'video.media.deleted';

export interface MediaStoreDeps {
  pending: PendingWork;
  workspaceId: string;
  timing: () => MediaTiming;
  announce: (media: MediaRecord, type: MediaEvent) => void;
}

const MAX_INPUTS = 10;

/**
 * The media as GET answers it (and as webhooks carry it in `data`), with the fields of the SDK's
 * Media model; tracks, duration and resolution appear once it is Ready.
 */
export function mediaResource(media: MediaRecord) {
  const ready = media.status === 'Ready';
  return {
    id: media.id,
    workspaceId: media.workspaceId,
    status: media.status,
    createdAt: media.createdAt,
    updatedAt: media.updatedAt,
    playbackIds: media.playbackIds.map((playback) => ({ ...playback })),
    metadata: { ...media.metadata },
    mediaQuality: 'standard',
    sourceAccess: false,
    maxResolution: '1080p',
    inputs: media.inputs.map((input) => ({ ...input })),
    optimizeAudio: false,
    trial: false,
    ...(media.liveStreamId ? { liveStreamId: media.liveStreamId } : {}),
    ...(ready
      ? {
          sourceResolution: '1080p',
          duration: '00:00:10',
          frameRate: '30/1',
          aspectRatio: '16:9',
          thumbnail: `https://images.fastpix.io/${media.playbackIds[0]?.id ?? media.id}/thumbnail.png`,
          tracks: [
            { id: `${media.id.slice(0, 8)}-video`, type: 'video', width: 1920, height: 1080, frameRate: '30/1' },
            { id: `${media.id.slice(0, 8)}-audio`, type: 'audio', languageCode: 'en' },
          ],
        }
      : {}),
  };
}
export type MediaResource = ReturnType<typeof mediaResource>;

const stringMap = (value: unknown): Record<string, string> =>
  isRecord(value) ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')) : {};

/** Reads a `POST /v1/on-demand` body the way the API validates it; errors name the field. */
function inputsOf(body: unknown): MediaRecord['inputs'] {
  if (!isRecord(body) || !Array.isArray(body.inputs) || body.inputs.length === 0) throw badRequest('inputs is required: [{ "type": "video", "url": "https://..." }]');
  if (body.inputs.length > MAX_INPUTS) throw badRequest(`inputs: at most ${MAX_INPUTS}`);
  return body.inputs.map((input, index) => {
    if (!isRecord(input) || typeof input.url !== 'string') throw badRequest(`inputs[${index}].url is required`);
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      throw badRequest(`inputs[${index}].url is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest(`inputs[${index}].url must be http or https`);
    return { type: typeof input.type === 'string' ? input.type : 'video', url: input.url };
  });
}

/**
 * Media and their clock: Created -(processingMs)-> Processing -(readyMs)-> Ready, or Failed when
 * an input URL contains "fail" (FastPix's "invalid input URL"). A recording starts at Processing.
 */
export class MediaStore {
  private readonly media = new Map<string, MediaRecord>();
  private readonly clocks = new Map<string, () => void>();

  constructor(private readonly deps: MediaStoreDeps) {}

  create(body: unknown): MediaRecord {
    const inputs = inputsOf(body);
    const record = this.newRecord(inputs, isRecord(body) ? body : {});
    this.deps.announce(record, 'video.media.created');
    this.step(record, this.deps.timing().processingMs, () => {
      this.move(record, 'Processing');
      this.finishLater(record);
    });
    return record;
  }

  /** A live stream's session ended: its recording becomes a media, already processing. */
  createRecording(liveStreamId: string, metadata: Record<string, string>): MediaRecord {
    const record = this.newRecord([{ type: 'video', url: `fastpix://live/${liveStreamId}` }], { metadata });
    record.liveStreamId = liveStreamId;
    record.status = 'Processing';
    this.deps.announce(record, 'video.media.live_stream.created');
    this.finishLater(record);
    return record;
  }

  get(id: string): MediaRecord | undefined {
    return this.media.get(id);
  }

  /** Newest first, as FastPix lists them. */
  list(): MediaRecord[] {
    return [...this.media.values()].reverse();
  }

  require(id: string): MediaRecord {
    const found = this.media.get(id);
    if (!found) throw mediaNotFound();
    return found;
  }

  /** PATCH: metadata only (the fields Reelflow's tests need); announced as `video.media.updated`. */
  update(id: string, body: unknown): MediaRecord {
    const record = this.require(id);
    if (!isRecord(body) || !isRecord(body.metadata)) throw badRequest('metadata is required: an object of strings');
    record.metadata = stringMap(body.metadata);
    record.updatedAt = new Date().toISOString();
    this.deps.announce(record, 'video.media.updated');
    return record;
  }

  /** The media stops wherever it was on its clock; afterwards GET answers 404. */
  delete(id: string): void {
    const record = this.require(id);
    this.clocks.get(id)?.();
    this.clocks.delete(id);
    this.media.delete(id);
    record.updatedAt = new Date().toISOString();
    this.deps.announce(record, 'video.media.deleted');
  }

  private newRecord(inputs: MediaRecord['inputs'], body: Record<string, unknown>): MediaRecord {
    const now = new Date().toISOString();
    const accessPolicy = body.accessPolicy === 'private' ? 'private' : 'public';
    const record: MediaRecord = {
      id: randomUUID(),
      workspaceId: this.deps.workspaceId,
      status: 'Created',
      createdAt: now,
      updatedAt: now,
      inputs,
      metadata: stringMap(body.metadata),
      accessPolicy,
      playbackIds: [{ id: randomUUID(), accessPolicy }],
    };
    this.media.set(record.id, record);
    return record;
  }

  private finishLater(record: MediaRecord): void {
    this.step(record, this.deps.timing().readyMs, () => {
      this.clocks.delete(record.id);
      const failed = record.inputs.some((input) => input.url.includes('fail'));
      this.move(record, failed ? 'Failed' : 'Ready');
      this.deps.announce(record, failed ? 'video.media.failed' : 'video.media.ready');
    });
  }

  /** Each step reads the timing as it starts, so setTiming() reaches media already on the clock. */
  private step(record: MediaRecord, ms: number, next: () => void): void {
    this.clocks.set(record.id, this.deps.pending.timer(ms, next));
  }

  private move(record: MediaRecord, status: MediaStatus): void {
    record.status = status;
    record.updatedAt = new Date().toISOString();
  }
}
