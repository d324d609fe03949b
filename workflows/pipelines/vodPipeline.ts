import type { Duration } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { runAction } from '../entity/actions';
import type { createMkioJobActivities } from '../../src/providers/mkio/activities';
import { idempotencyKey, type ActionContext } from '../../src/domain/actions';
import { parseResourceKey } from '../../src/domain/resourceKey';
import { awaitResource } from '../awaitResource';
import type { ResourceStatus } from '../messages';

export interface VodPipelineInput {
  /** An MK.IO connection from the config (its apiBaseUrl and apiToken are used). */
  connection: string;
  project: string;
  transform: string;
  inputAsset: string;
  /** Defaults to `<job>-output`. */
  outputAsset?: string;
  /** Names of notify actions from the config, told about the outcome. */
  notify?: string[];
  /** How long the encode may take. Default 6 h. */
  timeout?: Duration;
}

export interface VodPipelineResult {
  key: string;
  state: string;
  published?: string;
  notified: string[];
}

const { submitMkioJob } = proxyActivities<ReturnType<typeof createMkioJobActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/** An MK.IO job name from the pipeline's id: the same pipeline always submits the same job. */
export const jobNameFor = (workflowId: string): string =>
  workflowId
    .replace(/[^A-Za-z0-9._~-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 200) || 'vod';

/**
 * Example pipeline: submit an MK.IO job → await its terminal state → on Finished publish and
 * notify; on Error notify with the outputs' errors; on Canceled notify. Every step is
 * idempotent, so a worker killed anywhere resumes without doubling an effect.
 */
export async function vodPipeline(input: VodPipelineInput): Promise<VodPipelineResult> {
  const { workflowId, taskQueue } = workflowInfo();
  const job = jobNameFor(workflowId);
  const { key } = await submitMkioJob({
    connection: input.connection,
    project: input.project,
    transform: input.transform,
    job,
    inputAsset: input.inputAsset,
    outputAsset: input.outputAsset ?? `${job}-output`,
  });
  // Reelflow's own worker runs this pipeline: the subscription stays on the queue it runs on (as before the option existed).
  const status = await awaitResource(key, { connection: input.connection, until: 'terminal', timeout: input.timeout ?? '6 hours', taskQueue });

  const act = (actionName: string) => runAction({ actionName, ctx: contextFor(workflowId, input.connection, status, actionName) });
  const published = status.state === 'Finished' ? await act('publish') : undefined;
  const notified: string[] = [];
  for (const name of input.notify ?? []) {
    await act(name);
    notified.push(name);
  }
  return { key, state: status.state ?? 'unknown', published, notified };
}

function contextFor(workflowId: string, connection: string, status: ResourceStatus, actionName: string): ActionContext {
  const ref = parseResourceKey(status.key);
  const eventId = `pipeline:${status.state ?? 'unknown'}`;
  return {
    idempotencyKey: idempotencyKey(workflowId, eventId, actionName),
    actionName,
    workflowId,
    key: status.key,
    provider: ref.provider,
    connection,
    account: ref.account,
    kind: ref.kind,
    id: ref.id,
    transition: {
      eventId,
      type: 'reelflow.pipeline',
      state: status.state ?? 'unknown',
      phase: status.phase ?? 'processing',
      occurredAt: status.lastOccurredAt ?? new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      via: 'webhook',
    },
    resource: status.resource,
  };
}
