import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActionActivities, RunActionRequest } from '../../activities/actions';

type ActionActivities = ReturnType<typeof createActionActivities>;

/** An action as an activity: retried with backoff, each attempt and its failure shown in the UI. */
export const { runAction } = proxyActivities<ActionActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 8 },
});

/**
 * One attempt inside the workflow task: no round trip through the server before the action runs,
 * and one marker in the history instead of an activity's three events and the workflow task that
 * follows them. Short, so that a slow endpoint does not hold the task (and the events queued
 * behind it) for long.
 */
const { runAction: runActionLocally } = proxyLocalActivities<ActionActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 1 },
});

/**
 * The action said that trying again cannot help (a 4xx, an action the config lacks). A local
 * activity's failure arrives as the activity's own error; an activity's, wrapped in ActivityFailure.
 */
function isFinal(error: unknown): boolean {
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.nonRetryable === true;
}

/**
 * An action, fast when it succeeds at once: one local attempt, then, if that failed or was slow,
 * the activity above. The idempotency key is the same for both, so a receiver can tell a repeat.
 */
export const runActionFast = (request: RunActionRequest): Promise<string> =>
  runActionLocally(request).catch((error: unknown) => {
    if (isFinal(error)) throw error;
    return runAction(request);
  });
