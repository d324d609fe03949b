/** A video as the fake SaaS's API shows it and its webhooks carry it. */
export interface SaasVideo {
  id: string;
  workspace: string;
  title: string;
  sourceUrl: string;
  status: 'created' | 'processing' | 'ready' | 'failed';
  playbackUrl?: string;
  error?: string;
  createdAt: string;
  updatedAt: string;
}

/** A source URL containing this word fails processing (how a scenario asks for `video.failed`). */
export const FAIL_WORD = 'fail';

/** The webhook body the spec recommends: the event type, when it happened, and the object. */
export const videoWebhookBody = (video: SaasVideo) => ({ type: `video.${video.status}`, timestamp: video.updatedAt, data: structuredClone(video) });
