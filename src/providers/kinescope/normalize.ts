import type { z } from 'zod';
import type { CanonicalEvent } from '../../domain/canonicalEvent';
import { PayloadError } from '../errors';
import type { ParseContext, ParseOutcome } from '../types';
import type { KinescopeConnection } from './connection';
import { contentEventId, KinescopeEnvelope, LiveEventData, VideoStatusData } from './envelope';
import { liveEventKey, videoKey } from './keys';
import { isKnownVideoStatus, isLiveEventName, LIVE_EVENT_PHASES, MEDIA_EVENT, videoPhase, type LiveEventName } from './states';

/** Parses with `schema`, or throws PayloadError naming the field as Kinescope names it. */
function parseField<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new PayloadError(field || '(body)', issue.message);
}

type Common = Pick<CanonicalEvent, 'provider' | 'connection' | 'account' | 'eventId' | 'eventIdSource' | 'type' | 'occurredAt' | 'receivedAt' | 'via'>;

function videoStatusEvent(common: Common, data: unknown): ParseOutcome {
  const video = parseField(VideoStatusData, data, 'data');
  const event: CanonicalEvent = {
    ...common,
    kind: 'media',
    id: video.id,
    key: videoKey(common.connection, video.id),
    state: video.status,
    phase: videoPhase(video.status),
    // Kept whole: an error's `message` is the only account of what went wrong.
    resource: data,
  };
  const notes = isKnownVideoStatus(video.status) ? undefined : [`unknown Kinescope video status "${video.status}": taken as processing`];
  return { outcome: 'events', events: [event], ...(notes ? { notes } : {}) };
}

/**
 * A live event's news, in its own words. `live.finished` with a `video_id` also tells of the
 * recording: a second event starts (or reaches) that video's workflow, linked both ways, so the
 * recording is followed (and polled) to its end like any upload.
 */
function liveEvent(common: Common, name: LiveEventName, data: unknown): ParseOutcome {
  const live = parseField(LiveEventData, data, 'data');
  const key = liveEventKey(common.connection, live.event_id);
  const recording = name === 'live.finished' && live.video_id ? live.video_id : undefined;
  const recordingKey = recording ? videoKey(common.connection, recording) : undefined;
  const events: CanonicalEvent[] = [
    {
      ...common,
      kind: 'live',
      id: live.event_id,
      key,
      state: name,
      phase: LIVE_EVENT_PHASES[name],
      resource: data,
      ...(recordingKey ? { related: [recordingKey] } : {}),
    },
  ];
  if (recording && recordingKey) {
    events.push({
      ...common,
      eventId: `${common.eventId}:recording`,
      kind: 'media',
      id: recording,
      key: recordingKey,
      state: name,
      // The recording exists and is being made: its own statuses (webhook or poll) take it from here.
      phase: 'pending',
      related: [key],
    });
  }
  return { outcome: 'events', events };
}

/**
 * A Kinescope webhook → canonical events. The envelope is `{event, data}` and nothing more: the
 * event id is the body's SHA-256 and the time is when it arrived.
 */
export function normalizeKinescope(json: unknown, rawBody: Buffer, context: ParseContext<KinescopeConnection>): ParseOutcome {
  const envelope = parseField(KinescopeEnvelope, json, '');
  const eventId = contentEventId(rawBody);
  const receivedAt = context.receivedAt.toISOString();
  const common: Common = {
    provider: 'kinescope',
    connection: context.connection.name,
    account: context.connection.name,
    eventId,
    eventIdSource: 'content-hash',
    type: envelope.event,
    occurredAt: receivedAt,
    receivedAt,
    via: 'webhook',
  };
  if (envelope.event === MEDIA_EVENT) return videoStatusEvent(common, envelope.data);
  if (isLiveEventName(envelope.event)) return liveEvent(common, envelope.event, envelope.data);
  return { outcome: 'ignored', eventId, type: envelope.event, reason: `Kinescope event ${envelope.event} is not tracked` };
}
