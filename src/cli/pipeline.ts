import type { Client } from '@temporalio/client';
import { loadConfig } from '../config/load';
import { startVodPipeline, VodRequest, VodRequestError } from '../pipelines/startVod';
import { clientFor } from '../temporal/clientFor';
import { parseCommandArgs, UsageError } from './args';

/** The request's field names as this command's options. */
const OPTION_OF: Record<string, string> = { inputAsset: 'input', outputAsset: 'output' };
const badOption = (field: string, message: string) => new UsageError(`pipeline vod: --${OPTION_OF[field] ?? field}: ${message}`, PIPELINE_USAGE);

export const PIPELINE_USAGE = 'usage: reelflow pipeline vod --transform T --input ASSET [--output ASSET] [--connection C] [--project P] [--notify ACTION]... [--id ID] [--wait]';

/** `reelflow pipeline vod ...`: starts the example VOD pipeline (submit MK.IO job → await → publish → notify). */
export async function pipelineCommand(argv: string[]): Promise<number> {
  if (argv[0] !== 'vod') throw new UsageError(argv[0] ? `unknown pipeline "${argv[0]}"` : 'name a pipeline', PIPELINE_USAGE);
  const { values } = parseCommandArgs(
    {
      args: argv.slice(1),
      options: {
        transform: { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string' },
        connection: { type: 'string' },
        project: { type: 'string' },
        notify: { type: 'string', multiple: true },
        id: { type: 'string' },
        wait: { type: 'boolean' },
      },
    },
    PIPELINE_USAGE,
  );
  const config = loadConfig();
  const request = {
    id: values.id,
    connection: values.connection ?? config.connections.find((c) => c.provider === 'mkio')?.name,
    project: values.project,
    transform: values.transform,
    inputAsset: values.input,
    outputAsset: values.output,
    notify: values.notify ?? [],
  };
  // Checked before dialling Temporal: a missing option is answered at once.
  const checked = VodRequest.safeParse(request);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const field = String(issue.path[0] ?? '');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    throw badOption(field, missing ? (field === 'connection' ? `required: ${config.origin} has no mkio connection` : 'required') : issue.message);
  }
  const client: Client = await clientFor(config);
  try {
    const { workflowId, started } = await startVodPipeline(client, config, request).catch((error: Error) => {
      if (error instanceof VodRequestError) throw badOption(error.field, error.message);
      throw error;
    });
    console.log(`${started ? 'started' : 'already started'}: ${workflowId}`);
    if (values.wait) console.log(JSON.stringify(await client.workflow.getHandle(workflowId).result(), null, 2));
  } finally {
    await client.connection.close();
  }
  return 0;
}
