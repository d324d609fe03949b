import type { Duration } from '@temporalio/common';
import { createNexusServiceClient, proxyActivities } from '@temporalio/workflow';
import { awaitResource, DEFAULT_NEXUS_ENDPOINT, reelflowService, resourceKey, type AwaitResourceInput, type ResourceKey, type ResourceStatus } from 'reelflow/workflow';
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

/** How the pipeline waits for one resource: in Reelflow's namespace directly, or over Nexus from another. */
type Wait = (key: ResourceKey, connection: string) => Promise<ResourceStatus>;

/** Waits for an encode and an upload, whichever finishes first, then does the team's own step. */
async function pipeline(input: TeamPipelineInput, wait: Wait): Promise<TeamPipelineResult> {
  const encodeKey = resourceKey({ provider: 'mkio', account: input.encode.project, kind: 'job', id: `${input.encode.transform}/${input.encode.job}` });
  const uploadKey = resourceKey({ provider: 'fastpix', account: input.upload.workspace, kind: 'media', id: input.upload.mediaId });
  const [encode, upload] = await Promise.all([wait(encodeKey, input.encode.connection), wait(uploadKey, input.upload.connection)]);
  const summary = await recordSummary(outcome(encode), outcome(upload));
  return { encode: outcome(encode), upload: outcome(upload), summary };
}

/** In Reelflow's namespace: `awaitResource` subscribes on Reelflow's task queue. */
export async function teamPipeline(input: TeamPipelineInput): Promise<TeamPipelineResult> {
  const wait = { until: 'terminal', timeout: input.timeout ?? '2 hours', taskQueue: input.reelflowTaskQueue } as const;
  return pipeline(input, (key, connection) => awaitResource(key, { connection, ...wait }));
}

export interface OverNexusOptions {
  /** The Nexus endpoint routing to Reelflow (default "reelflow"). */
  endpoint?: string;
  /** The caller's own bound on the operation (start included); by default the server's maximum (Reelflow's `timeout` ends it first). */
  operationTimeout?: Duration;
}

/** From another namespace: one resource, by Reelflow's Nexus operation `awaitResource` (backed by a workflow in Reelflow's namespace). */
export async function awaitOverNexus(input: AwaitResourceInput & OverNexusOptions): Promise<ResourceStatus> {
  const { endpoint = DEFAULT_NEXUS_ENDPOINT, operationTimeout, ...request } = input;
  const reelflow = createNexusServiceClient({ service: reelflowService, endpoint });
  return reelflow.executeOperation('awaitResource', request, operationTimeout ? { scheduleToCloseTimeout: operationTimeout } : {});
}

/** The same pipeline from another namespace: each wait goes over Nexus. */
export async function teamPipelineOverNexus(input: Omit<TeamPipelineInput, 'reelflowTaskQueue'> & OverNexusOptions): Promise<TeamPipelineResult> {
  const { endpoint, operationTimeout, timeout = '2 hours' } = input;
  return pipeline(input, (key, connection) => awaitOverNexus({ key, connection, until: 'terminal', timeout, endpoint, operationTimeout }));
}

/** From another namespace: where a resource stands now, by the sync operation `getResource` (null: Reelflow never heard of it). */
export async function resourceOverNexus(key: ResourceKey, endpoint: string = DEFAULT_NEXUS_ENDPOINT): Promise<ResourceStatus | null> {
  return createNexusServiceClient({ service: reelflowService, endpoint }).executeOperation('getResource', { key });
}
