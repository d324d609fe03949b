import type { Client } from '@temporalio/client';
import { fetchMilestones, type ActionActivity } from './historyBreakdown';
import type { IngressStamp } from './reelflowStack';
import { summarize, type Summary } from './stats';

export type BreakdownStepId = 'ingress' | 'toWorkflowTask' | 'signalRpc' | 'workflowTask' | 'toActivity' | 'activityToPost' | 'taskToAction' | 'actionToPost';

export interface BreakdownStep {
  id: BreakdownStepId;
  label: string;
  summary: Summary;
}

/** One measured job: the ingress's stamps of its JobFinished webhook and when the notify POST arrived (nowMs). */
export interface MeasuredJob {
  key: string;
  stamp: IngressStamp;
  notifyAt: number;
}

/**
 * Where a job's time goes (the steps bench:reaction prints): consecutive milestones that add up
 * to the reaction time, from the ingress's stamps and the entity workflow's history, plus the
 * signalWithStart round trip that overlaps the second. bench:capacity's bare baseline has no
 * ingress: its stamps are the bench's own signalWithStart (receivedAt = deliverStartAt, so its
 * first step reads 0, and bench:capacity leaves it out) and its action is the `notify` activity.
 */
export async function reactionBreakdown(client: Client, jobs: readonly MeasuredJob[], activity: ActionActivity = 'runAction'): Promise<BreakdownStep[]> {
  const milestones = await fetchMilestones(
    client,
    jobs.map((job) => job.key),
    activity,
  );
  const steps: Array<{ id: BreakdownStepId; label: string; samples: number[] }> = [
    { id: 'ingress', label: 'webhook in → dispatcher.deliver() (verify, parse)', samples: [] },
    { id: 'toWorkflowTask', label: 'deliver() → workflow task started on the worker', samples: [] },
    { id: 'signalRpc', label: '  (signalWithStart round trip, overlaps the row above)', samples: [] },
    { id: 'workflowTask', label: 'workflow task (started → completed, action scheduled)', samples: [] },
    { id: 'toActivity', label: 'action scheduled → started on the worker', samples: [] },
    { id: 'activityToPost', label: 'activity started → notify POST received', samples: [] },
    // An action run as a local activity: inside the workflow task, no activity events.
    { id: 'taskToAction', label: 'workflow task started → local action asked for', samples: [] },
    { id: 'actionToPost', label: 'local action asked for → notify POST received', samples: [] },
  ];
  const sample = (id: BreakdownStepId, value: number) => steps.find((step) => step.id === id)!.samples.push(value);
  for (const { key, stamp, notifyAt } of jobs) {
    const m = milestones.get(key);
    if (stamp.deliverStartAt !== undefined && stamp.deliverEndAt !== undefined) {
      sample('ingress', stamp.deliverStartAt - stamp.receivedAt);
      sample('signalRpc', stamp.deliverEndAt - stamp.deliverStartAt);
      if (m) sample('toWorkflowTask', m.workflowTaskStartedAt - stamp.deliverStartAt);
    }
    if (m?.via === 'activity') {
      sample('workflowTask', m.workflowTaskCompletedAt - m.workflowTaskStartedAt);
      sample('toActivity', m.activityStartedAt - m.workflowTaskCompletedAt);
      sample('activityToPost', notifyAt - m.activityStartedAt);
    } else if (m?.via === 'local') {
      sample('taskToAction', m.actionScheduledAt - m.workflowTaskStartedAt);
      sample('actionToPost', notifyAt - m.actionScheduledAt);
    }
  }
  return steps.map((step) => ({ id: step.id, label: step.label, summary: summarize(step.samples) }));
}
