import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareJobActivities } from './bareJobActivities';

/** What the bare baseline signals: the job's new state, with the CloudEvent Reelflow would get (same payload size). */
export interface BareJobEvent {
  key: string;
  state: string;
  event: unknown;
}

/** One signal name for both of a job's events, as Reelflow's dispatcher has one. */
export const bareJobEvent = defineSignal<[BareJobEvent]>('jobEvent');

const { notify } = proxyActivities<BareJobActivities>({ startToCloseTimeout: '30s' });

/**
 * bench:capacity's baseline: the least workflow that does a VOD job's work. It takes the
 * job's two events (Processing, then Finished) and on the second runs one activity that POSTs
 * to the notify receiver; then it completes. No parsing, no timers, no search attributes.
 */
export async function bareJob(): Promise<void> {
  let finished: BareJobEvent | undefined;
  setHandler(bareJobEvent, (event) => {
    if (event.state === 'Finished') finished = event;
  });
  await condition(() => finished !== undefined);
  await notify(finished!.key);
}
