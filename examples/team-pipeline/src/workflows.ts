import type { Duration } from '@temporalio/common';
import { proxyActivities } from '@temporalio/workflow';
import { awaitResource, resourceKey, type ResourceStatus } from 'reelflow/workflow';
import type * as activities from './activities';
import type { Outcome } from './activities';

export interface TeamPipelineInput {
  /** The MK.IO job to wait for: Reelflow's connection name, the project, `<transform>/<job>`. */
  encode: { connection: string; project: string; transform: string; job: string };
  /** The FastPix media to wait for: Reelflow's connection name, the workspace, the media id. */
  upload: { connection: string; workspace: string; mediaId: string };
  /** Reelflow's task queue, when its config names one other than "reelflow". */
  reelflowTaskQueue?: string;
  timeout?: Duration;
}

export interface TeamPipelineResult {
  encode: Outcome;
  upload: Outcome;
  summary: string;
}

// The team's own activity, on the team's own task queue (this worker's).
const { recordSummary } = proxyActivities<typeof activities>({ startToCloseTimeout: '1 minute' });

const outcome = (status: ResourceStatus): Outcome => ({ key: status.key, state: status.state ?? 'unknown', phase: status.phase ?? 'unknown' });

/** Waits for an encode and an upload, whichever finishes first, then does the team's own step. */
export async function teamPipeline(input: TeamPipelineInput): Promise<TeamPipelineResult> {
  const encodeKey = resourceKey({ provider: 'mkio', account: input.encode.project, kind: 'job', id: `${input.encode.transform}/${input.encode.job}` });
  const uploadKey = resourceKey({ provider: 'fastpix', account: input.upload.workspace, kind: 'media', id: input.upload.mediaId });
  const wait = { until: 'terminal', timeout: input.timeout ?? '2 hours', taskQueue: input.reelflowTaskQueue } as const;
  const [encode, upload] = await Promise.all([
    awaitResource(encodeKey, { connection: input.encode.connection, ...wait }),
    awaitResource(uploadKey, { connection: input.upload.connection, ...wait }),
  ]);
  const summary = await recordSummary(outcome(encode), outcome(upload));
  return { encode: outcome(encode), upload: outcome(upload), summary };
}
