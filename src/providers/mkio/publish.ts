import { createHash } from 'node:crypto';
import type { ResourceRef } from '../../domain/resourceKey';
import { ProviderApiError } from '../apiError';
import type { PublishResult } from '../types';
import { mkioApi, mkioPath } from './api';
import { MkioResource } from './cloudEvent';
import type { MkioConnection } from './connection';
import { jobPath, splitJobId } from './fetchState';

/**
 * One locator per job, named from the job: a second PUT finds it there and changes nothing.
 * The hash of `<transform>/<job>` keeps `encode`+`h264-x` and `encode-h264`+`x` apart.
 */
export const locatorNameFor = (transform: string, job: string): string => `rf-${job.slice(0, 200)}-${createHash('sha256').update(`${transform}/${job}`).digest('hex').slice(0, 12)}`;

export const STREAMING_POLICY = 'Predefined_ClearStreamingOnly';

/** Publishes a finished job's first output asset through a streaming locator. */
export async function publishMkioJob(ref: ResourceRef, knownResource: unknown, connection: MkioConnection, fetchImpl?: typeof fetch): Promise<PublishResult> {
  if (ref.kind !== 'job') throw new ProviderApiError(400, `publish covers MK.IO jobs, not ${ref.kind}`);
  const { transform, job } = splitJobId(ref.id);
  const api = mkioApi(connection, fetchImpl);
  const parsed = MkioResource.safeParse(knownResource);
  let outputs = parsed.success ? parsed.data.properties?.outputs : undefined;
  if (!outputs?.length) outputs = (await api.get<MkioResource>(jobPath(ref.account, transform, job))).properties?.outputs;
  const assetName = outputs?.find((o) => o.assetName)?.assetName;
  if (!assetName) throw new ProviderApiError(422, `job ${ref.id} has no output asset to publish`);

  const name = locatorNameFor(transform, job);
  const path = mkioPath`/api/v1/projects/${ref.account}/media/streamingLocators/${name}`;
  try {
    const answer = await api.send('PUT', path, { properties: { assetName, streamingPolicyName: STREAMING_POLICY } });
    return { target: name, created: answer.status === 201 };
  } catch (error) {
    // MK.IO answers a same-asset repeat with 200; a 409 means the name is taken. If it is taken
    // by our own asset, that is a repeat after all; otherwise it is a real conflict.
    if (!(error instanceof ProviderApiError) || error.status !== 409) throw error;
    const existing = await api.get<{ properties?: { assetName?: string } }>(path);
    if (existing.properties?.assetName === assetName) return { target: name, created: false };
    throw new ProviderApiError(409, `streaming locator ${name} already exists for another asset`);
  }
}
