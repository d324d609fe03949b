import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Each workflow's history events, `concurrency` fetches at a time; unreadable ones are left out. */
export async function fetchHistories(client: Client, workflowIds: readonly string[], concurrency = 8): Promise<Map<string, HistoryEvent[]>> {
  const out = new Map<string, HistoryEvent[]>();
  let next = 0;
  const worker = async () => {
    while (next < workflowIds.length) {
      const workflowId = workflowIds[next++]!;
      try {
        out.set(workflowId, (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []);
      } catch {
        // counted by the caller as a history it could not read
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** `EVENT_TYPE_WORKFLOW_TASK_SCHEDULED` → `WorkflowTaskScheduled`. */
export function eventTypeName(event: HistoryEvent): string {
  const raw = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? `EventType${String(event.eventType)}`;
  return raw
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

const seconds = (duration: { seconds?: unknown; nanos?: number | null } | null | undefined): string => {
  if (!duration) return '?';
  const whole = Number(duration.seconds ?? 0) + (duration.nanos ?? 0) / 1e9;
  return whole >= 3600 ? `${whole / 3600}h` : whole >= 60 ? `${whole / 60}m` : `${whole}s`;
};

/** One line per event: its type and what tells one of its kind from another (signal name, activity type, timer). */
export function describeEvent(event: HistoryEvent): string {
  const detail =
    event.workflowExecutionSignaledEventAttributes?.signalName ??
    event.activityTaskScheduledEventAttributes?.activityType?.name ??
    (event.timerStartedEventAttributes ? `${seconds(event.timerStartedEventAttributes.startToFireTimeout)} (timer ${event.timerStartedEventAttributes.timerId ?? ''})` : undefined) ??
    event.markerRecordedEventAttributes?.markerName ??
    (event.upsertWorkflowSearchAttributesEventAttributes ? Object.keys(event.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields ?? {}).join(', ') : undefined) ??
    (event.workflowPropertiesModifiedEventAttributes ? 'memo' : undefined) ??
    event.workflowExecutionStartedEventAttributes?.workflowType?.name ??
    event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ??
    undefined;
  return `${String(event.eventId)} ${eventTypeName(event)}${detail ? `: ${detail}` : ''}`;
}
