import { randomUUID } from 'node:crypto';

/** The three `source` spellings MK.IO documentation and SDKs use for a job. */
export type SourceForm = 'v1' | 'v1-media' | 'ams';

export type JobEventType = 'MediaKind.JobStarted' | 'MediaKind.JobFinished';

/** Dates are accepted as Date or ISO string; the fake keeps ISO strings so snapshots stay plain JSON. */
export type Timestamp = Date | string;

export interface JobOutputError {
  code: string;
  message: string;
  category?: string;
  retry?: 'DoNotRetry' | 'MayRetry';
}

export interface JobOutputInput {
  assetName: string;
  label?: string;
  state?: string;
  progress?: number;
  startTime?: Timestamp;
  endTime?: Timestamp;
  error?: JobOutputError;
}

export interface JobResourceInput {
  project: string;
  transform: string;
  job: string;
  state: string;
  outputs?: JobOutputInput[];
  /** `created` and `lastModified` when those are not given separately. */
  time?: Date;
  created?: Timestamp;
  lastModified?: Timestamp;
  startTime?: Timestamp;
  endTime?: Timestamp;
  inputAssetName?: string;
  priority?: string;
  description?: string;
  correlationData?: Record<string, string>;
}

export interface JobEventInput {
  project: string;
  transform: string;
  job: string;
  type: JobEventType;
  state: string;
  previousState?: string;
  id?: string;
  time?: Date;
  sourceForm?: SourceForm;
  outputs?: JobOutputInput[];
  /** The exact resource to carry (the fake passes what its GET serves); built from the fields above otherwise. */
  resource?: JobResource;
}

const iso = (at: Timestamp): string => (typeof at === 'string' ? at : at.toISOString());

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

/** A job resource as MK.IO's GET returns it (and as `data.resource` carries it). Unset times are left out. */
export function jobResource(input: JobResourceInput) {
  const at = iso(input.time ?? new Date());
  const startTime = input.startTime === undefined ? undefined : iso(input.startTime);
  const endTime = input.endTime === undefined ? undefined : iso(input.endTime);
  return {
    name: input.job,
    id: `/api/ams/${input.project}/transforms/${input.transform}/jobs/${input.job}`,
    type: 'Microsoft.Media/mediaservices/transforms/jobs',
    properties: {
      state: input.state,
      created: input.created === undefined ? at : iso(input.created),
      lastModified: input.lastModified === undefined ? at : iso(input.lastModified),
      ...(startTime ? { startTime } : {}),
      ...(endTime ? { endTime } : {}),
      priority: input.priority ?? 'Normal',
      ...(input.description !== undefined ? { description: input.description } : {}),
      correlationData: input.correlationData ?? {},
      input: { '@odata.type': '#Microsoft.Media.JobInputAsset', assetName: input.inputAssetName ?? `${input.job}-input` },
      outputs: (input.outputs ?? [{ assetName: `${input.job}-output` }]).map((output) => ({
        '@odata.type': '#Microsoft.Media.JobOutputAsset',
        assetName: output.assetName,
        ...(output.label !== undefined ? { label: output.label } : {}),
        state: output.state ?? input.state,
        progress: output.progress ?? (input.state === 'Finished' ? 100 : 0),
        ...(output.startTime !== undefined ? { startTime: iso(output.startTime) } : {}),
        ...(output.endTime !== undefined ? { endTime: iso(output.endTime) } : {}),
        ...(output.error ? { error: { ...output.error, category: output.error.category ?? 'Service', retry: output.error.retry ?? 'DoNotRetry' } } : {}),
      })),
    },
    systemData: {},
  };
}
export type JobResource = ReturnType<typeof jobResource>;

export function locatorSource(project: string, locator: string): string {
  return `/api/v1/projects/${project}/media/streamingLocators/${locator}`;
}

export interface LocatorResourceInput {
  project: string;
  locator: string;
  assetName: string;
  streamingPolicyName: string;
  streamingLocatorId: string;
  created: Timestamp;
}

/** A streaming locator as MK.IO's GET returns it. */
export function locatorResource(input: LocatorResourceInput) {
  return {
    name: input.locator,
    id: `/api/ams/${input.project}/streamingLocators/${input.locator}`,
    type: 'Microsoft.Media/mediaservices/streamingLocators',
    properties: {
      assetName: input.assetName,
      streamingPolicyName: input.streamingPolicyName,
      streamingLocatorId: input.streamingLocatorId,
      created: iso(input.created),
    },
  };
}
export type LocatorResource = ReturnType<typeof locatorResource>;

export interface MkioCloudEventInput<R> {
  type: string;
  source: string;
  project: string;
  state: string;
  previousState?: string;
  resource: R;
  id?: string;
  time?: Date;
}

/** The CloudEvents 1.0 envelope MK.IO posts for any resource transition. */
export function mkioCloudEvent<R>(input: MkioCloudEventInput<R>) {
  return {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    type: input.type,
    source: input.source,
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data: {
      projectName: input.project,
      previousState: input.previousState,
      state: input.state,
      resource: input.resource,
    },
  };
}
export type MkioCloudEvent = ReturnType<typeof mkioCloudEvent<unknown>>;

/** A CloudEvents 1.0 envelope exactly as MK.IO posts it for a job transition. */
export function jobCloudEvent(input: JobEventInput) {
  return mkioCloudEvent({
    type: input.type,
    source: jobSource(input.project, input.transform, input.job, input.sourceForm),
    project: input.project,
    state: input.state,
    previousState: input.previousState,
    resource: input.resource ?? jobResource(input),
    id: input.id,
    time: input.time,
  });
}
