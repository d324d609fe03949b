import type { LifecyclePolicy } from './lifecyclePolicy';
import type { AttentionPhase } from './phase';
import type { WaitPolicy } from './waitPolicy';

/**
 * "What next" for an entity workflow, as plain functions of where the resource stands and what
 * time it is: the workflow asks `waitStep` how to wait, and `dueAfterQuiet` what to do when the
 * wait ends with no news. Tests drive them without Temporal; the workflow only wires timers,
 * signals and activities to the answers.
 */
export interface LoopState {
  terminal: boolean;
  /** A deletion the platform could still undo (see LifecyclePolicy.undoableDeleteMs). */
  deletionPending: boolean;
  attention?: AttentionPhase;
  policy: LifecyclePolicy;
  /** Absent when this connection cannot be polled: webhooks only. */
  wait?: WaitPolicy;
  lingerMs: number;
  /** Workflow time (epoch ms). */
  now: number;
  /** When the last transition happened (epoch ms, workflow time; carried across continue-as-new). */
  lastProgressAt: number;
  /** The current poll interval: quietFor after news, doubling after polls that bring nothing. */
  pollDelayMs: number;
  /** This run continues as new at this time, re-reading its settings (absent: only when history is long). */
  refreshAt?: number;
}

/**
 * How to wait: a terminal resource only wakes for a long history (late events are absorbed);
 * any other wakes for news. `timeoutMs` absent: no timer at all.
 */
export type WaitStep = { wakeOn: 'history-full'; timeoutMs: number } | { wakeOn: 'news'; timeoutMs?: number };

/** What a wait that timed out with no news calls for. */
export type Due = 'complete' | 'refresh' | 'seal' | 'stall' | 'poll' | 'nothing';

const untilTime = (at: number, now: number) => Math.max(0, at - now);

export function waitStep(s: LoopState): WaitStep {
  if (s.terminal) return { wakeOn: 'history-full', timeoutMs: s.lingerMs };
  const timers: number[] = [];
  if (s.deletionPending && s.policy.undoableDeleteMs !== undefined) {
    // Nothing to poll for: the platform's answer would not tell a deletion from an undo.
    timers.push(untilTime(s.lastProgressAt + s.policy.undoableDeleteMs, s.now));
  } else if (s.wait && !s.attention) {
    timers.push(s.policy.stalls ? Math.min(s.pollDelayMs, untilTime(s.lastProgressAt + s.wait.maxWaitMs, s.now)) : s.pollDelayMs);
  }
  if (s.refreshAt !== undefined) timers.push(untilTime(s.refreshAt, s.now));
  return { wakeOn: 'news', ...(timers.length > 0 ? { timeoutMs: Math.min(...timers) } : {}) };
}

/** Decided when the wait has ended, at the time it ended (a late timer must not change the answer on replay). */
export function dueAfterQuiet(s: LoopState): Due {
  if (s.terminal) return 'complete';
  if (s.refreshAt !== undefined && s.now >= s.refreshAt) return 'refresh';
  if (s.deletionPending && s.policy.undoableDeleteMs !== undefined) {
    return s.now - s.lastProgressAt >= s.policy.undoableDeleteMs ? 'seal' : 'nothing';
  }
  if (!s.wait || s.attention) return 'nothing';
  if (s.policy.stalls && s.now - s.lastProgressAt >= s.wait.maxWaitMs) return 'stall';
  return 'poll';
}

/**
 * What a `pollNow` (reconcile found a lost delivery) calls for: `poll` at once, or why not. A
 * terminal resource has nothing left to learn, one without a wait policy cannot be polled, one
 * whose credentials are refused would be refused again, and a deletion the platform could still
 * undo reads the same either way. A stalled resource does poll: its lost webhook is the news it
 * stalled waiting for, and a poll that finds it ends the stall.
 */
export type PollNowAnswer = 'poll' | 'terminal' | 'not-pollable' | 'attention' | 'deletion-pending';

export function pollNowAnswer(s: LoopState): PollNowAnswer {
  if (s.terminal) return 'terminal';
  if (!s.wait) return 'not-pollable';
  if (s.attention === 'needs-attention') return 'attention';
  if (s.deletionPending && s.policy.undoableDeleteMs !== undefined) return 'deletion-pending';
  return 'poll';
}
