import type { CanonicalEvent } from '../../domain/canonicalEvent';
import { resourceKey } from '../../domain/resourceKey';
import type { ParseContext, ParseOutcome } from '../types';
import type { MediaManagerConnection } from './connection';
import { bodyOf, eventIdOf, eventNameOf, isLiveMedia, mediaOf, mediaTokenOf, occurredAtOf } from './envelope';
import { meaningOf } from './events';

/**
 * One Media Manager webhook → one canonical event for its media (or livestream), keyed in the
 * connection's name: the platform's team is not reliably in the body, the connection is its team.
 */
export function normalizeMediaManager(json: unknown, rawBody: Buffer, context: ParseContext<MediaManagerConnection>): ParseOutcome {
  const body = bodyOf(json);
  const type = eventNameOf(body);
  const { eventId, eventIdSource } = eventIdOf(body, rawBody);
  // An event Reelflow does not track needs no media object: answered before one is required.
  if (meaningOf(type, false) === undefined) {
    return { outcome: 'ignored', eventId, type, reason: `Media Manager event ${type} is not tracked` };
  }
  const { media, field } = mediaOf(body);
  const id = mediaTokenOf(media, field);
  const meaning = meaningOf(type, isLiveMedia(media))!;
  const { occurredAt, notes } = occurredAtOf(body, media, field, context.receivedAt);
  const account = context.connection.name;
  const event: CanonicalEvent = {
    provider: 'mediamanager',
    connection: context.connection.name,
    account,
    eventId,
    eventIdSource,
    type,
    key: resourceKey({ provider: 'mediamanager', account, kind: meaning.kind, id }),
    kind: meaning.kind,
    id,
    state: meaning.state,
    phase: meaning.phase,
    ...(meaning.aspect !== undefined ? { aspect: meaning.aspect } : {}),
    occurredAt,
    receivedAt: context.receivedAt.toISOString(),
    via: 'webhook',
    resource: media,
  };
  return { outcome: 'events', events: [event], ...(notes.length > 0 ? { notes } : {}) };
}
