import type { Connection } from '@temporalio/client';

export interface NexusEndpointTarget {
  /** The endpoint's name, as callers' `createNexusServiceClient({ endpoint })` names it. */
  name: string;
  /** Where the handlers run: Reelflow's namespace and task queue. */
  namespace: string;
  taskQueue: string;
}

/**
 * Creates the Nexus endpoint routing to Reelflow's worker, or points an existing one of that
 * name at it: run at every start, so it must be idempotent. `repoint: false` (a dev server this
 * start did not launch, which another Reelflow may be using) leaves an endpoint aimed elsewhere
 * as it is and says so (`elsewhere`).
 */
export async function ensureNexusEndpoint(
  connection: Connection,
  target: NexusEndpointTarget,
  { repoint = true }: { repoint?: boolean } = {},
): Promise<'created' | 'updated' | 'unchanged' | 'elsewhere'> {
  const spec = { name: target.name, target: { worker: { namespace: target.namespace, taskQueue: target.taskQueue } } };
  const { endpoints } = await connection.operatorService.listNexusEndpoints({ name: target.name });
  const existing = endpoints?.find((e) => e.spec?.name === target.name);
  if (!existing) {
    await connection.operatorService.createNexusEndpoint({ spec });
    return 'created';
  }
  const worker = existing.spec?.target?.worker;
  if (worker?.namespace === target.namespace && worker.taskQueue === target.taskQueue) return 'unchanged';
  if (!repoint) return 'elsewhere';
  await connection.operatorService.updateNexusEndpoint({ id: existing.id, version: existing.version, spec });
  return 'updated';
}
