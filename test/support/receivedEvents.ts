import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ResourceSnapshot } from '../../src/domain/lifecycle';
import { stateQuery } from '../../workflows/messages';
import type { JobSequence } from './jobSequences';

/** What one entity workflow made of the events it received. */
export interface Received {
  key: string;
  /** Event ids the workflow acted on (transitions) or recorded as stale: each event it took in, once. */
  ids: string[];
  /** Signals it dropped as repeats of an event it already had (a hand-off retried after a lost answer). */
  duplicates: number;
  state?: string;
}

export function receivedFrom(snapshot: ResourceSnapshot): Received {
  return {
    key: snapshot.key,
    ids: [...snapshot.transitions.map((t) => t.eventId), ...snapshot.stale.map((s) => s.eventId)],
    duplicates: snapshot.counts.duplicates,
    state: snapshot.state,
  };
}

/** The workflow's own account (its `state` query); undefined while it does not exist yet. */
export async function receivedBy(client: Client, key: string): Promise<Received | undefined> {
  try {
    return receivedFrom(await client.workflow.getHandle(key).query(stateQuery));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** Every job's account once each holds at least the events in `expected` (all of a job's events by default). */
export async function receivedByAll(client: Client, jobs: JobSequence[], expected: (job: JobSequence) => string[] = (job) => job.events.map((e) => e.id)) {
  const out: Received[] = [];
  for (const job of jobs) {
    const received = await receivedBy(client, job.key);
    const want = expected(job);
    if (want.length > 0 && (!received || !want.every((id) => received.ids.includes(id)))) return undefined;
    if (received) out.push(received);
  }
  return out;
}

/** Workflow runs per workflow id among one account's resources (visibility; one run each means none restarted). */
export async function runsPerWorkflow(client: Client, account: string): Promise<Map<string, number>> {
  const runs = new Map<string, number>();
  for await (const execution of client.workflow.list({ query: `ReelflowAccount = "${account}"` })) {
    runs.set(execution.workflowId, (runs.get(execution.workflowId) ?? 0) + 1);
  }
  return runs;
}
