import { randomUUID } from 'node:crypto';

/** The three `source` spellings MK.IO documentation and SDKs use for a job. */
export type SourceForm = 'v1' | 'v1-media' | 'ams';

export interface JobEventInput {
  project: string;
  transform: string;
  job: string;
  type: 'MediaKind.JobStarted' | 'MediaKind.JobFinished';
  state: string;
  previousState?: string;
  id?: string;
  time?: Date;
  sourceForm?: SourceForm;
  outputs?: Array<{ assetName: string; state?: string; error?: { code: string; message: string } }>;
}

export function jobSource(project: string, transform: string, job: string, form: SourceForm = 'v1'): string {
  switch (form) {
    case 'v1':
      return `/api/v1/projects/${project}/transforms/${transform}/jobs/${job}`;
    case 'v1-media':
      return `/api/v1/projects/${project}/media/transforms/${transform}/jobs/${job}`;
    case 'ams':
      return `/api/ams/${project}/transforms/${transform}/jobs/${job}`;
  }
}

/** A job resource as MK.IO's GET returns it (and as `data.resource` carries it). */
export function jobResource(input: Pick<JobEventInput, 'project' | 'transform' | 'job' | 'state' | 'outputs'> & { time?: Date }) {
  const at = (input.time ?? new Date()).toISOString();
  return {
    name: input.job,
    id: `/api/ams/${input.project}/transforms/${input.transform}/jobs/${input.job}`,
    type: 'Microsoft.Media/mediaservices/transforms/jobs',
    properties: {
      state: input.state,
      created: at,
      lastModified: at,
      priority: 'Normal',
      correlationData: {},
      input: { '@odata.type': '#Microsoft.Media.JobInputAsset', assetName: `${input.job}-input` },
      outputs: (input.outputs ?? [{ assetName: `${input.job}-output` }]).map((output) => ({
        '@odata.type': '#Microsoft.Media.JobOutputAsset',
        assetName: output.assetName,
        state: output.state ?? input.state,
        progress: input.state === 'Finished' ? 100 : 0,
        ...(output.error ? { error: { ...output.error, category: 'Service', retry: 'DoNotRetry' } } : {}),
      })),
    },
    systemData: {},
  };
}

/** A CloudEvents 1.0 envelope exactly as MK.IO posts it for a job transition. */
export function jobCloudEvent(input: JobEventInput) {
  return {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    type: input.type,
    source: jobSource(input.project, input.transform, input.job, input.sourceForm),
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: {
      projectName: input.project,
      previousState: input.previousState,
      state: input.state,
      resource: jobResource(input),
    },
  };
}
