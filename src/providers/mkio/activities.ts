import { ApplicationFailure } from '@temporalio/common';
import { providerFailure } from '../../../activities/providerFailure';
import { findConnection, type ReelflowConfig } from '../../config/load';
import { resourceKey, type ResourceKey } from '../../domain/resourceKey';
import { mkioApi } from './api';
import { isMkioConnection } from './connection';
import { jobPath } from './fetchState';

export interface SubmitMkioJobRequest {
  connection: string;
  project: string;
  transform: string;
  /** Deterministic (derived from the pipeline's id): a retried submit finds the same job. */
  job: string;
  inputAsset: string;
  outputAsset: string;
}

/** submitMkioJob: PUT a job; MK.IO answers a repeat with the existing job, so this is idempotent. */
export function createMkioJobActivities({ config, fetch: fetchImpl = fetch }: { config: ReelflowConfig; fetch?: typeof fetch }) {
  return {
    async submitMkioJob(request: SubmitMkioJobRequest): Promise<{ key: ResourceKey; created: boolean }> {
      const connection = findConnection(config, 'mkio', request.connection);
      if (!isMkioConnection(connection)) throw ApplicationFailure.nonRetryable(`no mkio connection "${request.connection}"`, 'UnknownConnection');
      try {
        const answer = await mkioApi(connection, fetchImpl).send('PUT', jobPath(request.project, request.transform, request.job), {
          properties: {
            input: { '@odata.type': '#Microsoft.Media.JobInputAsset', assetName: request.inputAsset },
            outputs: [{ '@odata.type': '#Microsoft.Media.JobOutputAsset', assetName: request.outputAsset }],
          },
        });
        const key = resourceKey({ provider: 'mkio', account: request.project, kind: 'job', id: `${request.transform}/${request.job}` });
        return { key, created: answer.status === 201 };
      } catch (error) {
        throw providerFailure(error);
      }
    },
  };
}
