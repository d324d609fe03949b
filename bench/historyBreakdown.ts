import type { Client } from '@temporalio/client';
import type { google, temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Server-side milestones of one job's reaction, read from its workflow's history (epoch ms). */
export interface ServerMilestones {
  /** The workflow task that handled the JobFinished signal was picked up by the worker. */
  workflowTaskStartedAt: number;
  /** That workflow task completed, scheduling the action's activity. */
  workflowTaskCompletedAt: number;
  /** The activity (the notify action) was picked up by the worker. */
  activityStartedAt: number;
}

/** The activity that does a job's action: Reelflow's entity workflow runs `runAction`, bench:capacity's bare baseline `notify`. */
export type ActionActivity = 'runAction' | 'notify';

/** Protobuf Timestamp → epoch ms, keeping sub-millisecond digits. */
function ms(ts: google.protobuf.ITimestamp | null | undefined): number | undefined {
  if (!ts) return undefined;
  const seconds = ts.seconds;
  const whole = typeof seconds === 'number' ? seconds : seconds ? seconds.toNumber() : 0;
  return whole * 1000 + (ts.nanos ?? 0) / 1e6;
}

const id = (value: HistoryEvent['eventId']): string => String(value ?? '');

/**
 * In one history: the first action activity scheduled (the JobFinished transition's notify:
 * JobStarted's move to `processing` runs no action in the bench's plan), the workflow task that
 * scheduled it (its start and completion), and the activity's start. ActivityTaskStarted is
 * written when the activity ends but carries the time it started.
 */
export function serverMilestones(events: readonly HistoryEvent[], activity: ActionActivity = 'runAction'): ServerMilestones | undefined {
  const byId = new Map(events.map((event) => [id(event.eventId), event]));
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activity);
  if (!scheduled) return undefined;
  const completed = byId.get(id(scheduled.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId));
  const wftStarted = byId.get(id(completed?.workflowTaskCompletedEventAttributes?.startedEventId));
  const activityStarted = events.find((event) => event.activityTaskStartedEventAttributes && id(event.activityTaskStartedEventAttributes.scheduledEventId) === id(scheduled.eventId));
  if (!completed || !wftStarted || !activityStarted) return undefined;
  const milestones = {
    workflowTaskStartedAt: ms(wftStarted.eventTime),
    workflowTaskCompletedAt: ms(completed.eventTime),
    activityStartedAt: ms(activityStarted.eventTime),
  };
  if (Object.values(milestones).some((value) => value === undefined)) return undefined;
  return milestones as ServerMilestones;
}

/** Fetches histories `concurrency` at a time; workflows whose history lacks a milestone are left out. */
export async function fetchMilestones(client: Client, workflowIds: readonly string[], activity: ActionActivity = 'runAction', concurrency = 8): Promise<Map<string, ServerMilestones>> {
  const out = new Map<string, ServerMilestones>();
  let next = 0;
  const worker = async () => {
    while (next < workflowIds.length) {
      const workflowId = workflowIds[next++]!;
      try {
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        const found = serverMilestones(history.events ?? [], activity);
        if (found) out.set(workflowId, found);
      } catch {
        // a history we cannot read leaves that job out of the breakdown, not out of the latency figures
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
