import type { MkioLiveApi, MkioLiveResourceType } from '../../providers/mkio/source';

/**
 * Live resources and scheduled operations as MK.IO's GETs return them (and as `data.resource`
 * carries them): the Media API's AMS-shaped live event with `properties.resourceState`, and the
 * Live API's `metadata` / `spec` / `status` objects. Plain JSON, so snapshots and recorded
 * histories stay plain.
 */
export interface LiveChannelShape {
  project: string;
  name: string;
  api: MkioLiveApi;
  /** Media API `properties.resourceState`, or Live API `status.state`. */
  state: string;
  /** The Live API's `spec.state`: what was asked for. */
  desired: 'Running' | 'Stopped';
  created: string;
  lastModified: string;
  /** The PUT body's `properties` (Media API) or `spec` (Live API), echoed back. */
  settings: Record<string, unknown>;
  displayName?: string;
}

export function liveSource(project: string, api: MkioLiveApi, name: string): string {
  return api === 'media' ? `/api/v1/projects/${project}/media/liveEvents/${name}` : `/api/v1/projects/${project}/live/${api}/${name}`;
}

export function liveChannelResource(channel: LiveChannelShape) {
  if (channel.api === 'media') {
    return {
      name: channel.name,
      id: `/api/ams/${channel.project}/liveEvents/${channel.name}`,
      type: 'Microsoft.Media/mediaservices/liveEvents',
      tags: {},
      properties: {
        ...channel.settings,
        resourceState: channel.state,
        provisioningState: 'Succeeded',
        created: channel.created,
        lastModified: channel.lastModified,
      },
    };
  }
  return {
    metadata: { name: channel.name, ...(channel.displayName ? { displayName: channel.displayName } : {}), created: channel.created, updated: channel.lastModified },
    spec: { ...channel.settings, state: channel.desired },
    status: { state: channel.state },
  };
}

/** A scheduled operation's spec as PUT writes it (`type`, `startTime`, `endTime`, `correlationData` are all required). */
export interface OperationSpec {
  type: string;
  startTime: string;
  endTime: string;
  correlationData: Record<string, string>;
}

export interface OperationShape {
  project: string;
  resourceType: MkioLiveResourceType;
  /** The live resource it belongs to. */
  channel: string;
  name: string;
  spec: OperationSpec;
  state: string;
  created: string;
  lastModified: string;
}

export function operationSource(op: Pick<OperationShape, 'project' | 'resourceType' | 'channel' | 'name'>): string {
  return `/api/v1/projects/${op.project}/live/${op.resourceType}/${op.channel}/scheduledOperations/${op.name}`;
}

export function operationResource(op: OperationShape) {
  return {
    metadata: { name: op.name, created: op.created, updated: op.lastModified },
    spec: { ...op.spec, correlationData: { ...op.spec.correlationData } },
    status: { state: op.state },
  };
}
