import { randomUUID } from 'node:crypto';
import { standardWebhookHeaders } from '../../providers/standardWebhooks/sign';
import type { PendingWork } from '../kit/pending';
import type { WebhookSender } from '../kit/webhookSender';
import type { FakeVideoSaasSettings } from './settings';
import { FAIL_WORD, videoWebhookBody, type SaasVideo } from './videos';

/** A webhook endpoint of the customer's (the SaaS's dashboard): a URL and its signing secret. */
export interface Endpoint {
  url: string;
  secret: string;
}

/** The fake SaaS without HTTP: videos on a clock (created → processing → ready | failed), each change a signed webhook. */
export class VideoService {
  private readonly videos = new Map<string, SaasVideo>();
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(private readonly deps: { pending: PendingWork; sender: WebhookSender; settings: FakeVideoSaasSettings }) {}

  addEndpoint(endpoint: Endpoint): void {
    this.endpoints.set(endpoint.url, endpoint);
  }

  get(id: string): SaasVideo | undefined {
    return this.videos.get(id);
  }

  create(input: { title: string; sourceUrl: string }): SaasVideo {
    const now = new Date().toISOString();
    const video: SaasVideo = { id: `vid_${randomUUID().replace(/-/g, '')}`, workspace: this.deps.settings.workspace, ...input, status: 'created', createdAt: now, updatedAt: now };
    this.videos.set(video.id, video);
    this.announce(video);
    const { createdMs, processingMs } = this.deps.settings.timing;
    this.deps.pending.timer(createdMs, () => {
      this.change(video, { status: 'processing' });
      this.deps.pending.timer(processingMs, () => {
        if (video.sourceUrl.toLowerCase().includes(FAIL_WORD)) this.change(video, { status: 'failed', error: 'unsupported codec' });
        else this.change(video, { status: 'ready', playbackUrl: `https://play.example.com/${video.id}.m3u8` });
      });
    });
    return video;
  }

  private change(video: SaasVideo, patch: Partial<SaasVideo>): void {
    Object.assign(video, patch, { updatedAt: new Date().toISOString() });
    this.announce(video);
  }

  /** One message per endpoint, signed with its secret; its webhook-id stays the same on every retry. */
  private announce(video: SaasVideo): void {
    const body = JSON.stringify(videoWebhookBody(video));
    const last = video.status === 'ready' || video.status === 'failed';
    for (const endpoint of this.endpoints.values()) {
      const headers = { 'content-type': 'application/json', ...standardWebhookHeaders(endpoint.secret, body) };
      this.deps.sender.send({ url: endpoint.url, headers, body, group: `${endpoint.url} ${video.id}`, last });
    }
  }
}
