import type { ProviderPhase as Phase } from '../../domain/phase';

/** MK.IO job `properties.state` → phase. Finished, Error and Canceled are terminal. */
const JOB_PHASES: Record<string, Phase> = {
  Queued: 'pending',
  Scheduled: 'pending',
  Processing: 'processing',
  Canceling: 'processing',
  Finished: 'ready',
  Error: 'failed',
  Canceled: 'canceled',
};

/** An unknown job state is taken as still processing: never terminal by accident. */
export const jobPhase = (state: string): Phase => (Object.hasOwn(JOB_PHASES, state) ? JOB_PHASES[state]! : 'processing');
export const isKnownJobState = (state: string): boolean => Object.hasOwn(JOB_PHASES, state);

const LOCATOR_PHASES: Record<string, Phase> = { Creating: 'pending', Created: 'ready', Deleting: 'processing', Deleted: 'deleted' };
export const locatorPhase = (state: string): Phase => (Object.hasOwn(LOCATOR_PHASES, state) ? LOCATOR_PHASES[state]! : 'processing');

/**
 * A live resource's state word → phase: the Media API's `properties.resourceState` (SDK enum plus
 * the documented Allocating and StandBy) and the Live API's 13 `status.state` values share one
 * table, as their common words mean the same. UnableToStart is the Live API's one error value.
 * Only Deleted/Deleting end a live resource; a failure is a transition.
 */
const LIVE_PHASES: Record<string, Phase> = {
  // The Live API reports "" before a resource is initialised.
  '': 'pending',
  Pending: 'pending',
  Allocating: 'pending',
  Allocated: 'pending',
  Starting: 'pending',
  Started: 'live',
  Running: 'live',
  Updating: 'live',
  StandBy: 'idle',
  Stopping: 'idle',
  Stopped: 'idle',
  Deleting: 'deleted',
  Deleted: 'deleted',
  UnableToStart: 'failed',
};
/** Undefined for a word MK.IO never documented: the caller decides from what else it knows, not a guess here. */
export const livePhase = (state: string): Phase | undefined => (Object.hasOwn(LIVE_PHASES, state) ? LIVE_PHASES[state] : undefined);

/** A scheduled operation's `status.state`; the error word is undocumented, so both Error and Failed end it badly. */
const OPERATION_PHASES: Record<string, Phase> = {
  Pending: 'pending',
  Accepted: 'pending',
  Ongoing: 'processing',
  Completed: 'ready',
  Error: 'failed',
  Failed: 'failed',
};
export const operationPhase = (state: string): Phase | undefined => (Object.hasOwn(OPERATION_PHASES, state) ? OPERATION_PHASES[state] : undefined);
