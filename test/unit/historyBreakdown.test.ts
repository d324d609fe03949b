import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { actionSettled, serverMilestones } from '../../bench/historyBreakdown';

const recorded = (name: string) => historyFromJSON(JSON.parse(readFileSync(join(__dirname, '../replay/histories', `${name}.json`), 'utf8'))).events ?? [];

describe('bench: where a job’s time goes, read from its history', () => {
  it('an action run as an activity: the task that scheduled it, then the activity’s start', () => {
    const events = recorded('job-lean-waits');
    const m = serverMilestones(events, 'runAction');
    expect(m?.via).toBe('activity');
    if (m?.via !== 'activity') return;
    expect(m.workflowTaskCompletedAt).toBeGreaterThanOrEqual(m.workflowTaskStartedAt);
    expect(m.activityStartedAt).toBeGreaterThanOrEqual(m.workflowTaskCompletedAt);
    expect(actionSettled(events)).toBe(true);
  });

  it('an action run as a local activity: the task it ran in, and when the workflow asked for it (from the marker)', () => {
    const events = recorded('job-local-actions');
    const m = serverMilestones(events, 'runAction');
    expect(m?.via).toBe('local');
    if (m?.via !== 'local') return;
    // The worker's clock and the server's, one machine: the action is asked for within the task.
    expect(m.actionScheduledAt - m.workflowTaskStartedAt).toBeGreaterThan(-50);
    expect(m.actionScheduledAt - m.workflowTaskStartedAt).toBeLessThan(1000);
    expect(actionSettled(events)).toBe(true);
    expect(serverMilestones(events, 'notify')).toBeUndefined();
  });

  it('a history without its action yet is not whole', () => {
    const events = recorded('job-local-actions');
    const before = events.filter((e) => e.markerRecordedEventAttributes?.markerName !== 'core_local_activity');
    expect(actionSettled(before)).toBe(false);
  });
});
