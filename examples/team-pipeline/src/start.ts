import { Client, Connection } from '@temporalio/client';
import { getResourceState, resourceKey } from 'reelflow/client';
import type { teamPipeline, teamPipelineOverNexus } from './workflows';
import { TEAM_TASK_QUEUE } from './taskQueue';

/**
 * `npm run pipeline -- <project> <transform> <job> <workspace> <mediaId>`: starts the team's
 * pipeline on its own task queue, prints where both resources stand now, then the result. With
 * REELFLOW_NEXUS_ENDPOINT set (a namespace other than Reelflow's), the Nexus variant instead.
 */
async function main(): Promise<void> {
  const [project, transform, job, workspace, mediaId] = process.argv.slice(2);
  if (!project || !transform || !job || !workspace || !mediaId) throw new Error('usage: npm run pipeline -- <project> <transform> <job> <workspace> <mediaId>');
  const client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' }), namespace: process.env.TEMPORAL_NAMESPACE });
  const input = { encode: { connection: process.env.MKIO_CONNECTION ?? 'demo', project, transform, job }, upload: { connection: process.env.FASTPIX_CONNECTION ?? 'demo', workspace, mediaId } };
  const workflowId = `team-pipeline-${transform}-${job}-${mediaId}`;
  // REELFLOW_NEXUS_ENDPOINT: this namespace is not Reelflow's, so the pipeline calls Reelflow over Nexus.
  const endpoint = process.env.REELFLOW_NEXUS_ENDPOINT;
  if (endpoint) {
    const result = await client.workflow.execute<typeof teamPipelineOverNexus>('teamPipelineOverNexus', { taskQueue: TEAM_TASK_QUEUE, workflowId, args: [{ ...input, endpoint }] });
    console.log(JSON.stringify(result, null, 2));
    return client.connection.close();
  }
  const handle = await client.workflow.start<typeof teamPipeline>('teamPipeline', { taskQueue: TEAM_TASK_QUEUE, workflowId, args: [input] });
  const keys = [resourceKey({ provider: 'mkio', account: project, kind: 'job', id: `${transform}/${job}` }), resourceKey({ provider: 'fastpix', account: workspace, kind: 'media', id: mediaId })];
  for (const key of keys) {
    const state = await getResourceState(client, key);
    console.log(`${key}: ${state ? `${state.state ?? '(no event yet)'} ${state.phase ?? ''}` : 'Reelflow has not heard of it yet'}`);
  }
  console.log(JSON.stringify(await handle.result(), null, 2));
  await client.connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
