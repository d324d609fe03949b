import { NativeConnection, Worker } from '@temporalio/worker';
import * as activities from './activities';
import { TEAM_TASK_QUEUE } from './taskQueue';

export interface TeamWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
}

/** Registers the team's workflow and activity only: nothing of Reelflow's (awaitResource's activity runs on Reelflow's queue). */
export function createTeamWorker({ connection, namespace = 'default', taskQueue = TEAM_TASK_QUEUE }: TeamWorkerOptions): Promise<Worker> {
  return Worker.create({ connection, namespace, taskQueue, workflowsPath: require.resolve('./workflows'), activities });
}

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const worker = await createTeamWorker({ connection, namespace: process.env.TEMPORAL_NAMESPACE });
  console.log(`team worker polling task queue ${TEAM_TASK_QUEUE}`);
  await worker.run();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
