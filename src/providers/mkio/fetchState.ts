import type { ResourceRef } from '../../domain/resourceKey';
import { ProviderApiError } from '../apiError';
import type { FetchedState } from '../types';
import { mkioApi, mkioPath } from './api';
import type { MkioResource } from './cloudEvent';
import type { MkioConnection } from './connection';
import { readLive } from './liveLookup';
import { liveStateOfResource, operationStateOfResource, stateWord } from './liveStates';
import { splitOperationId } from './source';
import { jobPhase, livePhase, locatorPhase, operationPhase } from './states';

/** `<transform>/<job>` → its two names. */
export function splitJobId(id: string): { transform: string; job: string } {
  const [transform, job, ...rest] = id.split('/');
  if (!transform || !job || rest.length > 0) throw new ProviderApiError(400, `not an MK.IO job id: "${id.slice(0, 80)}"`);
  return { transform, job };
}

export const jobPath = (project: string, transform: string, job: string) => mkioPath`/api/v1/projects/${project}/media/transforms/${transform}/jobs/${job}`;

/** A scheduled operation from its id `<resource_type>/<name>/<operation>`. */
export function operationPath(project: string, id: string): string {
  const names = splitOperationId(id);
  if (!names) throw new ProviderApiError(400, `not an MK.IO scheduled operation id: "${id.slice(0, 80)}"`);
  return mkioPath`/api/v1/projects/${project}/live/${names.resourceType}/${names.name}/scheduledOperations/${names.operation}`;
}

/**
 * A state word through its table; a word MK.IO never documented tells nothing we can act on
 * (`unknown`), where a webhook would at least have its type to go by.
 */
function judged(raw: string | undefined, phaseOf: (word: string) => ReturnType<typeof livePhase>, what: string): FetchedState {
  if (raw === undefined) throw new ProviderApiError(502, `MK.IO ${what} answer has no state`);
  const phase = phaseOf(raw);
  const state = stateWord(raw);
  return phase ? { outcome: 'state', state, phase } : { outcome: 'unknown', detail: `undocumented MK.IO ${what} state "${state.slice(0, 64)}"` };
}

/**
 * The current state through MK.IO's API in one GET: the cheap `/state` endpoints for jobs and
 * live resources. One poll is one request, so the poll queue's activity rate is the provider's
 * GET rate; the one exception is a live resource's 404, which looks in the other live APIs
 * (readLive). A 404 is `gone`, mapped once for every provider by the poll activity.
 */
export async function fetchMkioState(ref: ResourceRef, connection: MkioConnection, fetchImpl?: typeof fetch): Promise<FetchedState> {
  const api = mkioApi(connection, fetchImpl);
  if (ref.kind === 'job') {
    const { transform, job } = splitJobId(ref.id);
    const answer = await api.get<{ status?: { state?: string } }>(`${jobPath(ref.account, transform, job)}/state`);
    const state = answer?.status?.state;
    if (!state) throw new ProviderApiError(502, 'MK.IO job state answer has no status.state');
    return { outcome: 'state', state, phase: jobPhase(state) };
  }
  if (ref.kind === 'live') {
    // The Live API's /state answers `status.state`; the Media API's /state is read the same way
    // (as its job /state is), and a full resource's `properties.resourceState` is taken too.
    const { value: answer, note } = await readLive(connection, ref.account, ref.id, (path) => api.get<MkioResource | undefined>(`${path}/state`));
    const fetched = judged(answer?.status?.state ?? liveStateOfResource(answer), livePhase, 'live');
    return note && fetched.outcome === 'state' ? { ...fetched, note } : fetched;
  }
  if (ref.kind === 'scheduled-operation') {
    // No /state endpoint for scheduled operations: the GET answers `spec` and `status`.
    const resource = await api.get<MkioResource | undefined>(operationPath(ref.account, ref.id));
    const fetched = judged(operationStateOfResource(resource), operationPhase, 'scheduled operation');
    return fetched.outcome === 'state' ? { ...fetched, resource } : fetched;
  }
  const resource = await fetchMkioResource(ref, connection, fetchImpl);
  // A locator that answers exists; MK.IO gives it no state beyond that.
  const state = resource.properties?.state ?? 'Created';
  return { outcome: 'state', state, phase: locatorPhase(state), resource };
}

/**
 * The full resource in one GET: what actions need once a job is terminal (output asset names
 * to publish, `outputs[].error` to report), which `/state` does not carry.
 */
export async function fetchMkioResource(ref: ResourceRef, connection: MkioConnection, fetchImpl?: typeof fetch): Promise<MkioResource> {
  const api = mkioApi(connection, fetchImpl);
  switch (ref.kind) {
    case 'job': {
      const { transform, job } = splitJobId(ref.id);
      return api.get<MkioResource>(jobPath(ref.account, transform, job));
    }
    case 'locator':
      return api.get<MkioResource>(mkioPath`/api/v1/projects/${ref.account}/media/streamingLocators/${ref.id}`);
    case 'live':
      return (await readLive(connection, ref.account, ref.id, (path) => api.get<MkioResource>(path))).value;
    case 'scheduled-operation':
      return api.get<MkioResource>(operationPath(ref.account, ref.id));
    default:
      throw new ProviderApiError(400, `MK.IO polling does not cover kind ${ref.kind}`);
  }
}
