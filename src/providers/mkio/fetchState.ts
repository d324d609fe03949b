import type { ResourceRef } from '../../domain/resourceKey';
import { ProviderApiError } from '../apiError';
import type { FetchedState } from '../types';
import { mkioApi, mkioPath } from './api';
import type { MkioResource } from './cloudEvent';
import type { MkioConnection } from './connection';
import { jobPhase, locatorPhase } from './states';

/** `<transform>/<job>` → its two names. */
export function splitJobId(id: string): { transform: string; job: string } {
  const [transform, job, ...rest] = id.split('/');
  if (!transform || !job || rest.length > 0) throw new ProviderApiError(400, `not an MK.IO job id: "${id.slice(0, 80)}"`);
  return { transform, job };
}

export const jobPath = (project: string, transform: string, job: string) =>
  mkioPath`/api/v1/projects/${project}/media/transforms/${transform}/jobs/${job}`;

/**
 * The current state through MK.IO's API in one GET: the cheap `/state` endpoint for jobs.
 * One poll is one request, so the poll queue's activity rate is the provider's GET rate. A 404
 * is `gone`, mapped once for every provider by the poll activity.
 */
export async function fetchMkioState(ref: ResourceRef, connection: MkioConnection, fetchImpl?: typeof fetch): Promise<FetchedState> {
  if (ref.kind === 'job') {
    const { transform, job } = splitJobId(ref.id);
    const answer = await mkioApi(connection, fetchImpl).get<{ status?: { state?: string } }>(`${jobPath(ref.account, transform, job)}/state`);
    const state = answer?.status?.state;
    if (!state) throw new ProviderApiError(502, 'MK.IO job state answer has no status.state');
    return { outcome: 'state', state, phase: jobPhase(state) };
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
  if (ref.kind === 'job') {
    const { transform, job } = splitJobId(ref.id);
    return api.get<MkioResource>(jobPath(ref.account, transform, job));
  }
  if (ref.kind === 'locator') return api.get<MkioResource>(mkioPath`/api/v1/projects/${ref.account}/media/streamingLocators/${ref.id}`);
  throw new ProviderApiError(400, `MK.IO polling does not cover kind ${ref.kind}`);
}
