import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { findConnection, type ReelflowConfig } from '../config/load';
import { isMkioConnection } from '../providers/mkio/connection';
import { MKIO_NAME } from '../providers/mkio/source';
import { accountNotInConnection } from '../providers/registry';
import type { vodPipeline } from '../../workflows/pipelines/vodPipeline';

const Name = z.string().regex(MKIO_NAME, 'an MK.IO name: letters, digits, ".", "_", "~" or "-"');

/** What starts a vodPipeline, from POST /api/pipelines/vod or `reelflow pipeline vod`. */
export const VodRequest = z.object({
  /** Makes the start idempotent: the same id never starts a second pipeline. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/)
    .optional(),
  connection: z.string().min(1),
  /** Defaults to the connection's project. */
  project: Name.optional(),
  transform: Name,
  inputAsset: Name,
  outputAsset: Name.optional(),
  notify: z.array(z.string()).default([]),
  timeout: z
    .string()
    .regex(/^\d+\s*(ms|s|m|h|d|seconds?|minutes?|hours?|days?)$/)
    .optional(),
});
export type VodRequest = z.input<typeof VodRequest>;

export class VodRequestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startVodPipeline(client: Client, config: ReelflowConfig, raw: unknown): Promise<{ workflowId: string; started: boolean }> {
  const parsed = VodRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new VodRequestError(issue.path.join('.') || '(body)', issue.message);
  }
  const request = parsed.data;
  const connection = findConnection(config, 'mkio', request.connection);
  if (!isMkioConnection(connection)) throw new VodRequestError('connection', `no mkio connection named "${request.connection}"`);
  const project = request.project ?? connection.project;
  if (!project) throw new VodRequestError('project', 'required: the connection has no project');
  // Another project would get this connection's token (a job submitted there, then polled).
  const foreign = accountNotInConnection(connection, project);
  if (foreign) throw new VodRequestError('project', foreign);
  for (const name of request.notify) {
    const type = config.actions[name]?.type;
    if (type !== 'notify.http' && type !== 'notify.slack') throw new VodRequestError('notify', `"${name}" is not a notify action in the config`);
  }
  const workflowId = `vod-${request.id ?? randomUUID()}`;
  try {
    await client.workflow.start<typeof vodPipeline>('vodPipeline', {
      workflowId,
      // The same id never runs twice, even after the first run finished.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      taskQueue: config.temporal.taskQueue,
      args: [
        {
          connection: request.connection,
          project,
          transform: request.transform,
          inputAsset: request.inputAsset,
          outputAsset: request.outputAsset,
          notify: request.notify,
          timeout: request.timeout as never,
        },
      ],
      staticSummary: `VOD pipeline: ${request.inputAsset} → ${request.transform}`,
    });
    return { workflowId, started: true };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, started: false };
    throw error;
  }
}
