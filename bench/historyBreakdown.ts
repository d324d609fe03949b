import type { Client } from '@temporalio/client';
import type { google, temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Server-side milestones of one job's reaction, read from its workflow's history (epoch ms). */
export type ServerMilestones =
  | {
      /** The action ran as an activity, after the task that scheduled it. */
      via: 'activity';
      /** The workflow task that handled the JobFinished signal was picked up by the worker. */
      workflowTaskStartedAt: number;
      /** That workflow task completed, scheduling the action's activity. */
      workflowTaskCompletedAt: number;
      /** The activity (the notify action) was picked up by the worker. */
      activityStartedAt: number;
    }
  | {
      /** The action ran as a local activity, inside the workflow task (Reelflow's first attempt). */
      via: 'local';
      workflowTaskStartedAt: number;
      /** The workflow code asked for the action (the worker's clock, from the local activity's marker). */
      actionScheduledAt: number;
    };

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

/** The local activity a `core_local_activity` marker records: its type and when it was scheduled. */
function localActivityOf(event: HistoryEvent): { type: string; scheduledAt?: number } | undefined {
  const marker = event.markerRecordedEventAttributes;
  const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
  if (!data) return undefined;
  try {
    const fields = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string; original_schedule_time?: { seconds?: number; nanos?: number } };
    const at = fields.original_schedule_time;
    return { type: fields.activity_type ?? '', scheduledAt: at ? (at.seconds ?? 0) * 1000 + (at.nanos ?? 0) / 1e6 : undefined };
  } catch {
    return undefined;
  }
}

/** A local action's milestones: the task it ran in, and when the workflow asked for it. */
function localMilestones(events: readonly HistoryEvent[], activity: ActionActivity): ServerMilestones | undefined {
  const byId = new Map(events.map((event) => [id(event.eventId), event]));
  for (const event of events) {
    const local = localActivityOf(event);
    if (local?.type !== activity || local.scheduledAt === undefined) continue;
    const completed = byId.get(id(event.markerRecordedEventAttributes?.workflowTaskCompletedEventId));
    const started = ms(byId.get(id(completed?.workflowTaskCompletedEventAttributes?.startedEventId))?.eventTime);
    return started === undefined ? undefined : { via: 'local', workflowTaskStartedAt: started, actionScheduledAt: local.scheduledAt };
  }
  return undefined;
}

/** Whether the history holds the action done: a local attempt's marker, or the activity completed and a workflow task after it. */
export function actionSettled(events: readonly HistoryEvent[], activity: ActionActivity = 'runAction'): boolean {
  if (events.some((event) => localActivityOf(event)?.type === activity)) return true;
  const lastIndex = (found: (event: HistoryEvent) => unknown) => events.reduce((at, event, i) => (found(event) ? i : at), -1);
  const activityDone = lastIndex((event) => event.activityTaskCompletedEventAttributes);
  return activityDone >= 0 && lastIndex((event) => event.workflowTaskCompletedEventAttributes) > activityDone;
}

/**
 * In one history: the action's local attempt (Reelflow's first), if there is one. Else the first
 * action activity scheduled (the JobFinished transition's notify: JobStarted's move to
 * `processing` runs no action in the bench's plan), the workflow task that scheduled it (its start
 * and completion), and the activity's start. ActivityTaskStarted is written when the activity ends
 * but carries the time it started.
 */
export function serverMilestones(events: readonly HistoryEvent[], activity: ActionActivity = 'runAction'): ServerMilestones | undefined {
  const local = localMilestones(events, activity);
  if (local) return local;
  const byId = new Map(events.map((event) => [id(event.eventId), event]));
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activity);
  if (!scheduled) return undefined;
  const completed = byId.get(id(scheduled.activityTaskScheduledEventAttributes?.workflowTaskCompletedEventId));
  const wftStarted = byId.get(id(completed?.workflowTaskCompletedEventAttributes?.startedEventId));
  const activityStarted = events.find((event) => event.activityTaskStartedEventAttributes && id(event.activityTaskStartedEventAttributes.scheduledEventId) === id(scheduled.eventId));
  if (!completed || !wftStarted || !activityStarted) return undefined;
  const milestones = {
    via: 'activity' as const,
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
