import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/**
 * The entity workflow's two waits, with the commands of `condition(fn, ms)` and fewer promises.
 * Every promise a workflow makes costs the SDK a captured stack (a promise hook for the
 * stack-trace query, with no switch: ~100 µs a promise on the development machine), and
 * `condition` with a timeout makes about 15 (a scope, a race, their reactions). A VOD job's
 * workflow made 67 promises; with these waits it makes 54.
 */

/**
 * Until `fn` holds (true) or `ms` pass (false). One timer, cancelled when `fn` wins. A timer
 * that fires in the activation where `fn` comes to hold wins when its job runs before this
 * function resumes (signals run in a batch of their own, first: a webhook wins over its timer).
 */
export async function untilOrTimeout(fn: () => boolean, ms: number, summary: string): Promise<boolean> {
  let fired = false;
  const timer = new CancellationScope();
  void timer
    .run(() => sleep(ms, { summary }))
    .then(
      () => (fired = true),
      () => undefined, // cancelled below: fn won
    );
  await condition(() => fired || fn());
  if (!fired) timer.cancel();
  return !fired;
}

/**
 * The same for a wait after which the run ends when `fn` wins (a lingering resource whose history
 * is full continues as new): the timer is not cancelled, it ends with the run. No scope: half the
 * promises again.
 */
export async function untilOrTimeoutThenEnd(fn: () => boolean, ms: number, summary: string): Promise<boolean> {
  let fired = false;
  void sleep(ms, { summary }).then(
    () => (fired = true),
    () => undefined, // the workflow was cancelled: the condition below says so
  );
  await condition(() => fired || fn());
  return !fired;
}
