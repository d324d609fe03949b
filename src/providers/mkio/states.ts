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
