import type { ResourceKey } from '../../domain/resourceKey';
import { resourceKey } from '../../domain/resourceKey';
import { jobCloudEvent, mkioCloudEvent } from '../../simulators/mkio/cloudEvents';
import { liveChannelResource, liveSource, type LiveChannelShape } from '../../simulators/mkio/liveResources';
import type { ProviderTestKit } from '../types';
import type { MkioConnection } from './connection';

const SESSION_CHANNEL = 'reelflow-test-channel';
const SESSION_START = Date.parse('2026-01-15T10:00:00Z');

/**
 * One live channel's session as MK.IO delivers it (Live API liveChannels): started, stopped,
 * a start that fails (UnableToStart), stopped. Fixed ids and times, so a recorded history of it
 * is the same every time.
 */
function liveSession(connection: MkioConnection): { key: ResourceKey; bodies: string[] } {
  const project = connection.project ?? connection.name;
  const channel: LiveChannelShape = {
    project,
    name: SESSION_CHANNEL,
    api: 'liveChannels',
    state: 'Stopped',
    desired: 'Stopped',
    created: new Date(SESSION_START).toISOString(),
    lastModified: new Date(SESSION_START).toISOString(),
    settings: { inputs: [], outputs: [], transform: { type: 'LiveChannel', assetName: `${SESSION_CHANNEL}-archive` } },
    displayName: 'Reelflow test channel',
  };
  const bodies: string[] = [];
  let seconds = 0;
  const emit = (type: string, desired: 'Running' | 'Stopped', previousState: string, state: string, after: number) => {
    seconds += after;
    const time = new Date(SESSION_START + seconds * 1000);
    Object.assign(channel, { desired, state, lastModified: time.toISOString() });
    const id = `c4a1e7d2-0000-4000-8000-${String(bodies.length + 1).padStart(12, '0')}`;
    bodies.push(
      JSON.stringify(mkioCloudEvent({ type, source: liveSource(project, 'liveChannels', SESSION_CHANNEL), project, previousState, state, resource: liveChannelResource(channel), id, time })),
    );
  };
  emit('MediaKind.ChannelInstanceStarted', 'Running', 'Starting', 'Running', 60);
  emit('MediaKind.ChannelInstanceStopped', 'Stopped', 'Stopping', 'Stopped', 3600);
  emit('MediaKind.ChannelInstanceError', 'Running', 'Starting', 'UnableToStart', 600);
  emit('MediaKind.ChannelInstanceStopped', 'Stopped', 'Stopping', 'Stopped', 120);
  return { key: resourceKey({ provider: 'mkio', account: project, kind: 'live', id: SESSION_CHANNEL }), bodies };
}

/** MK.IO sends the rule's shared secret verbatim in a header: that is all its "signature" is. */
export const mkioTestKit: ProviderTestKit<MkioConnection> = {
  connection: ({ name, account }) => ({ entry: { name, provider: 'mkio', project: account, secret: `test-secret-${account}` }, account }),
  sign: (connection, body) => ({ body, headers: { 'content-type': 'application/json', [connection.secretHeader.toLowerCase()]: connection.secret[0]! } }),
  liveSession,
  sampleWebhook: (connection, n) =>
    JSON.stringify(jobCloudEvent({ project: connection.project ?? 'bench', transform: 'bench', job: `job-${n}`, type: 'MediaKind.JobStarted', previousState: 'Queued', state: 'Processing' })),
};
