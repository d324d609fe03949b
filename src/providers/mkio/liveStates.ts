import type { ProviderPhase as Phase } from '../../domain/phase';
import { PayloadError } from '../errors';
import type { MkioCloudEvent, MkioResource } from './cloudEvent';
import { printable } from './source';
import { livePhase, operationPhase } from './states';

/** The Live API's "" (not yet initialised) as a word Reelflow can store and show. */
export const EMPTY_STATE = '""';
export const stateWord = (raw: string): string => (raw === '' ? EMPTY_STATE : raw);

/** What a ChannelInstance or ScheduledOperation event says, by its type alone. */
const PHASE_OF_TYPE: Record<string, Phase> = {
  'MediaKind.ChannelInstanceStarted': 'live',
  'MediaKind.ChannelInstanceStopped': 'idle',
  'MediaKind.ChannelInstanceError': 'failed',
  'MediaKind.ScheduledOperationAccepted': 'pending',
  'MediaKind.ScheduledOperationOngoing': 'processing',
  'MediaKind.ScheduledOperationCompleted': 'ready',
  'MediaKind.ScheduledOperationError': 'failed',
};

export interface ReadState {
  state: string;
  previousState?: string;
  phase: Phase;
  /** Set when the word was never documented and the event type decided the phase. */
  note?: string;
}

/** A live resource's state word, as a GET answers it: Media API `properties.resourceState`, else Live API `status.state`. */
export const liveStateOfResource = (resource: MkioResource | undefined): string | undefined => resource?.properties?.resourceState ?? resource?.status?.state;

/** A scheduled operation's state word, as its GET answers it (`status.state`). */
export const operationStateOfResource = (resource: MkioResource | undefined): string | undefined => resource?.status?.state ?? resource?.properties?.state;

/**
 * The state of a live resource or scheduled operation event: read from `data.resource` (MK.IO
 * does not document `data.state` for these), then `data.state`. An error event is a failure
 * whatever word the resource shows (a Media API live event that failed to start reads Stopped).
 * A word MK.IO never documented is not guessed at: the event type decides, and a note says so.
 */
export function readEventState(event: MkioCloudEvent, family: 'live' | 'scheduled-operation'): ReadState {
  const fromResource = family === 'live' ? liveStateOfResource(event.data?.resource) : operationStateOfResource(event.data?.resource);
  const raw = fromResource ?? event.data?.state;
  if (raw === undefined) {
    const where = family === 'live' ? 'data.resource.properties.resourceState, data.resource.status.state' : 'data.resource.status.state';
    throw new PayloadError('data.state', `required: none of ${where} or data.state is present`);
  }
  const state = stateWord(raw);
  const previousState = event.data?.previousState === undefined ? undefined : stateWord(event.data.previousState);
  const byType = PHASE_OF_TYPE[event.type]!;
  if (byType === 'failed') return { state, previousState, phase: 'failed' };
  const known = family === 'live' ? livePhase(raw) : operationPhase(raw);
  if (known) return { state, previousState, phase: known };
  return { state, previousState, phase: byType, note: `undocumented MK.IO ${family} state "${printable(state)}" on ${event.type}: taken as ${byType}` };
}
