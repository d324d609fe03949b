import type { CanonicalEvent } from '../../domain/canonicalEvent';
import type { Kind, ProviderPhase as Phase } from '../../domain/phase';
import { resourceKey, type ResourceKey } from '../../domain/resourceKey';
import { PayloadError } from '../errors';
import type { ParseContext, ParseOutcome } from '../types';
import type { FastpixConnection } from './connection';
import { FastpixEnvelope, objectKind, type FastpixData } from './envelope';
import { classifyFastpixEvent, simulcastPhase } from './eventTypes';
import { FASTPIX_ID, WORKSPACE_ID } from './ids';
import { withoutCredentials } from './resource';

type Candidate = [field: string, value: string | null | undefined];

/** The first candidate present, checked as a FastPix id; `missing` names the field a 400 points at. */
function pickId(candidates: Candidate[], missing: string, what: string): string {
  const found = candidates.find(([, value]) => value !== undefined && value !== null);
  if (!found) throw new PayloadError(missing, `required: no ${what} in ${candidates.map(([field]) => field).join(', ') || 'the event'}`);
  const [field, id] = found as [string, string];
  if (!FASTPIX_ID.test(id)) throw new PayloadError(field, `"${id.slice(0, 80)}" is not a FastPix id`);
  return id;
}

function parseEnvelope(json: unknown): FastpixEnvelope {
  const parsed = FastpixEnvelope.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new PayloadError(issue.path.map(String).join('.') || '(body)', issue.message);
}

/** The workspace of the event; a connection pinned to a workspace refuses every other one. */
function accountOf(envelope: FastpixEnvelope, connection: FastpixConnection): string {
  const [field, given] = envelope.workspace?.id ? ['workspace.id', envelope.workspace.id] : ['environment.id', envelope.environment?.id];
  if (!given) return connection.workspace ?? connection.name;
  if (!WORKSPACE_ID.test(given)) throw new PayloadError(field, `"${given.slice(0, 80)}" is not a FastPix workspace id`);
  if (connection.workspace && given !== connection.workspace) throw new PayloadError(field, `workspace "${given}" is not this connection's workspace`);
  return given;
}

function occurredAt(envelope: FastpixEnvelope, receivedAt: Date): string {
  const [field, value] = envelope.createdAt != null ? ['createdAt', envelope.createdAt] : ['created_at', envelope.created_at];
  if (value === undefined || value === null) return receivedAt.toISOString();
  // A number is an epoch, in seconds or milliseconds (the docs show ISO strings; tolerate both).
  const date = typeof value === 'number' ? new Date(value < 1e12 ? value * 1000 : value) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new PayloadError(field, 'not a date');
  return date.toISOString();
}

/** The ids a FastPix payload may carry, and what its `object` is (`media`, `track`, `livestream`...). */
interface Ids {
  object: string;
  objectId: string | null | undefined;
  data: FastpixData;
}

const idsOf = (envelope: FastpixEnvelope): Ids => ({ object: objectKind(envelope), objectId: envelope.object?.id, data: envelope.data ?? {} });

/** Candidates only when `when` holds: `object.id` names whatever `object` is, and nothing else. */
const onlyIf = (when: boolean, candidate: Candidate): Candidate[] => (when ? [candidate] : []);

/** object.id (== data.id) is the resource; a live stream's data carries `streamId` instead. */
const resourceIdOf = ({ objectId, data }: Ids): string =>
  pickId(
    [
      ['object.id', objectId],
      ['data.id', data.id],
      ['data.streamId', data.streamId],
    ],
    'object.id',
    'resource id',
  );

/** A track event's media and track: `object` (and so data.id) is one of them, never both. */
function trackIdsOf({ object, objectId, data }: Ids): { mediaId: string; trackId: string } {
  const mediaId = pickId([['data.mediaId', data.mediaId], ...onlyIf(object === 'media', ['object.id', objectId]), ...onlyIf(object !== 'track', ['data.id', data.id])], 'data.mediaId', 'media id');
  const trackId = pickId([...onlyIf(object === 'track', ['object.id', objectId]), ['data.trackId', data.trackId], ...onlyIf(object !== 'media', ['data.id', data.id])], 'data.trackId', 'track id');
  if (trackId === mediaId) throw new PayloadError('data.trackId', 'required: the event names one id, so the track cannot be told from its media');
  return { mediaId, trackId };
}

/** `video.media.live_stream.created`: the recording media, and the live stream it was recorded from. */
function recordingIdsOf({ object, objectId, data }: Ids): { mediaId: string; liveId: string } {
  const liveIsObject = object === 'livestream';
  const mediaId = pickId([...onlyIf(!liveIsObject, ['object.id', objectId]), ['data.id', data.id]], 'object.id', 'media id');
  const liveId = pickId(
    [['data.liveStreamId', data.liveStreamId], ['data.streamId', data.streamId], ['data.liveStream.id', data.liveStream?.id], ...onlyIf(liveIsObject, ['object.id', objectId])],
    'data.liveStreamId',
    'live stream id',
  );
  return { mediaId, liveId };
}

/** A simulcast target and its live stream: `object` is the target, unless a payload makes it the stream. */
function simulcastIdsOf({ object, objectId, data }: Ids): { simulcastId: string; liveId: string } {
  const liveIsObject = object === 'livestream';
  const simulcastId = pickId(
    [...onlyIf(!liveIsObject, ['object.id', objectId]), ['data.simulcastId', data.simulcastId], ...onlyIf(!liveIsObject, ['data.id', data.id])],
    'data.simulcastId',
    'simulcast id',
  );
  const liveId = pickId([['data.streamId', data.streamId], ['data.liveStreamId', data.liveStreamId], ...onlyIf(liveIsObject, ['object.id', objectId])], 'data.streamId', 'live stream id');
  return { simulcastId, liveId };
}

/**
 * FastPix webhooks → canonical events. The state is the event type itself (`video.media.ready`):
 * FastPix's event names are its state words. Aspect events (a track, an AI result, a transform)
 * leave the media's own state alone; a recording links the media and its live stream both ways.
 */
export function normalizeFastpix(json: unknown, context: ParseContext<FastpixConnection>): ParseOutcome {
  const envelope = parseEnvelope(json);
  const { type } = envelope;
  const what = classifyFastpixEvent(type);
  if (!what) return { outcome: 'ignored', eventId: envelope.id, type, reason: `FastPix event type ${type.slice(0, 200)} is not tracked` };

  const account = accountOf(envelope, context.connection);
  const ids = idsOf(envelope);
  const keyOf = (kind: Kind, id: string): ResourceKey => resourceKey({ provider: 'fastpix', account, kind, id });
  const base = {
    provider: 'fastpix',
    connection: context.connection.name,
    account,
    eventId: envelope.id,
    type,
    state: type,
    occurredAt: occurredAt(envelope, context.receivedAt),
    receivedAt: context.receivedAt.toISOString(),
    via: 'webhook' as const,
    eventIdSource: 'provider' as const,
  };
  const event = (kind: Kind, id: string, phase: Phase, extra: Partial<CanonicalEvent> = {}): CanonicalEvent => ({ ...base, kind, id, key: keyOf(kind, id), phase, ...extra });
  /** An event of the resource's own state carries the entity (minus broadcast credentials); an aspect's does not. */
  const own = (kind: Kind, id: string, phase: Phase): CanonicalEvent => event(kind, id, phase, { resource: withoutCredentials(envelope.data ?? undefined) });
  const one = (single: CanonicalEvent, notes?: string[]): ParseOutcome => ({ outcome: 'events', events: [single], ...(notes ? { notes } : {}) });

  switch (what.subject) {
    case 'media': {
      const id = resourceIdOf(ids);
      const notes = what.undocumented ? [`undocumented FastPix transform event ${type}: taken as aspect "${what.aspect}"`] : undefined;
      return one(what.aspect === undefined ? own('media', id, what.phase) : event('media', id, what.phase, { aspect: what.aspect }), notes);
    }
    case 'mediaAI': {
      const id = pickId(
        [
          ['object.id', ids.objectId],
          ['data.mediaId', ids.data.mediaId],
          ['data.id', ids.data.id],
        ],
        'object.id',
        'media id',
      );
      return one(event('media', id, 'ready', { aspect: what.aspect }));
    }
    case 'track': {
      const { mediaId, trackId } = trackIdsOf(ids);
      return one(event('media', mediaId, what.phase, { aspect: `track:${trackId}` }));
    }
    case 'recording': {
      const { mediaId, liveId } = recordingIdsOf(ids);
      return {
        outcome: 'events',
        events: [
          { ...own('media', mediaId, 'pending'), related: [keyOf('live', liveId)] },
          event('live', liveId, 'ready', { eventId: `${envelope.id}:live`, aspect: 'recording', related: [keyOf('media', mediaId)] }),
        ],
      };
    }
    case 'live': {
      const id = resourceIdOf(ids);
      return one(what.aspect === undefined ? own('live', id, what.phase) : event('live', id, what.phase, { aspect: what.aspect }));
    }
    case 'simulcast': {
      const { simulcastId, liveId } = simulcastIdsOf(ids);
      const fromStatus = what.phase === undefined ? simulcastPhase(ids.data.status) : undefined;
      const simulcast = { ...own('simulcast-target', `${liveId}/${simulcastId}`, what.phase ?? fromStatus!.phase), related: [keyOf('live', liveId)] };
      return one(simulcast, fromStatus && !fromStatus.known ? [`undocumented FastPix simulcast status "${String(ids.data.status).slice(0, 80)}": taken as idle`] : undefined);
    }
  }
}
