import { jobCloudEvent } from '../src/simulators/mkio/cloudEvents';
import { TRANSFORM } from './capacityRamp';

/** Reelflow's MK.IO webhook endpoint of the bench connection, and the secret MK.IO sends verbatim. */
export interface WebhookTarget {
  url: string;
  secret: string;
  project: string;
}

export type JobWebhookType = 'MediaKind.JobStarted' | 'MediaKind.JobFinished';

/** POSTs one job's CloudEvent as MK.IO sends it; the HTTP status, or 0 when the request failed. */
export async function postJobWebhook(target: WebhookTarget, job: string, type: JobWebhookType): Promise<number> {
  const finished = type === 'MediaKind.JobFinished';
  const body = JSON.stringify(
    jobCloudEvent({ project: target.project, transform: TRANSFORM, job, type, previousState: finished ? 'Processing' : 'Queued', state: finished ? 'Finished' : 'Processing' }),
  );
  try {
    const response = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': target.secret }, body });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}
