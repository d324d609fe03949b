import { randomUUID } from 'node:crypto';
import type { PendingWork } from '../kit/pending';

/** How long the fake's video clock spends in each status. */
export interface VideoTiming {
  /** pending, uploading and pre-processing each last this long. */
  stepMs: number;
  /** processing lasts this long, then done. */
  processingMs: number;
}

export const TERMINAL_VIDEO_STATUSES: ReadonlySet<string> = new Set(['done', 'error', 'aborted']);

/** What the fake knows of a video; plain JSON so snapshots can be handed out safely. */
export interface VideoRecord {
  id: string;
  title: string;
  status: string;
  /** The error's text, sent with `media.update.status` when the video failed. */
  message?: string;
  /** Where the upload came from (the fake fails any URL containing "fail"). */
  sourceUrl?: string;
  /** Set on a live event's recording. */
  liveEventId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface VideoTransition {
  video: VideoRecord;
  previous: string;
  status: string;
}

export interface VideoClockDeps {
  pending: PendingWork;
  timing: () => VideoTiming;
  /** Every status change: Kinescope sends `media.update.status` for each. */
  onTransition: (transition: VideoTransition) => void;
}

/** The import error Kinescope reports for a link it cannot download (its docs' own example). */
export const importError = (url: string) => `import error: code=610100, message=cannot download link: ${url}, http_code=404`;

const PROGRESS: Record<string, number> = { processing: 50, done: 100 };

/** A video exactly as GET /v1/videos/{id} serves it (fields from Kinescope's OpenAPI), inside `data`. */
export function videoResourceOf(video: VideoRecord, projectId: string) {
  const done = video.status === 'done';
  return {
    id: video.id,
    project_id: projectId,
    folder_id: null,
    version: 1,
    title: video.title,
    subtitle: '',
    description: '',
    status: video.status,
    progress: PROGRESS[video.status] ?? 0,
    duration: done ? 59.96 : null,
    assets: [],
    privacy_type: 'anywhere',
    play_link: `https://kinescope.io/${video.id}`,
    embed_link: `https://kinescope.io/embed/${video.id}`,
    hls_link: done ? `https://kinescope.io/${video.id}/master.m3u8` : null,
    ...(video.liveEventId ? { live_event_id: video.liveEventId } : {}),
    created_at: video.createdAt,
    updated_at: video.updatedAt,
  };
}
export type VideoResource = ReturnType<typeof videoResourceOf>;

/**
 * Videos and their clock: an upload goes pending → uploading → pre-processing → processing → done
 * (or uploading → error when its URL cannot be "downloaded"); a live recording starts at
 * pre-processing. A video set by hand leaves the clock.
 */
export class VideoStore {
  private readonly videos = new Map<string, VideoRecord>();
  private readonly clocks = new Map<string, () => void>();

  constructor(private readonly deps: VideoClockDeps) {}

  /** An upload by URL; Kinescope announces its first status at once. */
  upload(title: string, sourceUrl: string): VideoRecord {
    const video = this.add({ title, status: 'pending', sourceUrl });
    this.deps.onTransition({ video, previous: '', status: video.status });
    this.startClock(video);
    return video;
  }

  /** A live event's recording: `live.finished` announces it, its clock announces the rest. */
  recording(title: string, liveEventId: string): VideoRecord {
    const video = this.add({ title, status: 'pre-processing', liveEventId });
    this.startClock(video);
    return video;
  }

  get(id: string): VideoRecord | undefined {
    return this.videos.get(id);
  }

  /** Manual control: stops the video's clock and moves it, announcing the move. */
  setStatus(id: string, status: string, message?: string): void {
    const video = this.videos.get(id);
    if (!video) throw new Error(`fake Kinescope: no video ${id}`);
    this.stopClock(id);
    if (message !== undefined) video.message = message;
    if (video.status !== status) this.transition(video, status);
  }

  /** Gone at once (GET answers 404); Kinescope sends no webhook for a deletion. */
  delete(id: string): boolean {
    this.stopClock(id);
    return this.videos.delete(id);
  }

  private add(fields: Pick<VideoRecord, 'title' | 'status' | 'sourceUrl' | 'liveEventId'>): VideoRecord {
    const now = new Date().toISOString();
    const video: VideoRecord = { id: randomUUID(), ...fields, createdAt: now, updatedAt: now };
    this.videos.set(video.id, video);
    return video;
  }

  private stopClock(id: string): void {
    this.clocks.get(id)?.();
    this.clocks.delete(id);
  }

  /** The next status and how long until it; undefined once there is none. Read at each step, so setTiming() reaches running clocks. */
  private next(video: VideoRecord): { status: string; afterMs: number } | undefined {
    const { stepMs, processingMs } = this.deps.timing();
    switch (video.status) {
      case 'pending':
        return { status: 'uploading', afterMs: stepMs };
      case 'uploading':
        return { status: video.sourceUrl?.includes('fail') ? 'error' : 'pre-processing', afterMs: stepMs };
      case 'pre-processing':
        return { status: 'processing', afterMs: stepMs };
      case 'processing':
        return { status: 'done', afterMs: processingMs };
      default:
        return undefined;
    }
  }

  private startClock(video: VideoRecord): void {
    const step = this.next(video);
    if (!step) {
      this.clocks.delete(video.id);
      return;
    }
    this.clocks.set(
      video.id,
      this.deps.pending.timer(step.afterMs, () => {
        if (step.status === 'error') video.message = importError(video.sourceUrl ?? '');
        this.transition(video, step.status);
        this.startClock(video);
      }),
    );
  }

  private transition(video: VideoRecord, status: string): void {
    const previous = video.status;
    video.status = status;
    video.updatedAt = new Date().toISOString();
    this.deps.onTransition({ video, previous, status });
  }
}
