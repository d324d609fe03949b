import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PayloadError } from '../errors';

/**
 * Media Manager does not publish its webhook body, so this reads it leniently: every field is
 * looked for under each spelling a Laravel app plausibly uses, and only what Reelflow cannot do
 * without (an event name, a media object, its token or id) is required.
 */
export type Json = Record<string, unknown>;

/** Tokens are UUIDs; ids are numbers. Either ends up in a resource key and a query string. */
export const MEDIA_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const Name = z.string().trim().min(1, 'must not be empty').max(200, 'at most 200 characters');
const MediaObject = z.record(z.string(), z.unknown());
const Identifier = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Laravel leaves absent things null, or empty strings: neither counts as sent. */
const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The first field of `fields` that the body has, validated by `schema`: the error names that field. */
function firstOf<T>(json: Json, fields: readonly string[], schema: z.ZodType<T>, prefix = ''): { field: string; value: T } | undefined {
  const field = fields.find((name) => present(json[name]));
  if (field === undefined) return undefined;
  const parsed = schema.safeParse(json[field]);
  if (!parsed.success) throw new PayloadError(`${prefix}${field}`, parsed.error.issues[0]!.message);
  return { field, value: parsed.data };
}

export function bodyOf(json: unknown): Json {
  if (!isRecord(json)) throw new PayloadError('(body)', 'expected a JSON object');
  return json;
}

/** `event`, else `type`, else `webhook`: the name exactly as sent. */
export function eventNameOf(json: Json): string {
  const found = firstOf(json, ['event', 'type', 'webhook'], Name);
  if (!found) throw new PayloadError('event', 'required: no event, type or webhook field names the event');
  return found.value;
}

/** A top-level `id` / `uuid` / `event_id` when the platform sends one, else a SHA-256 of the exact bytes. */
export function eventIdOf(json: Json, rawBody: Buffer): { eventId: string; eventIdSource: 'provider' | 'content-hash' } {
  const found = firstOf(json, ['id', 'uuid', 'event_id'], Identifier);
  if (found) return { eventId: found.value, eventIdSource: 'provider' };
  return { eventId: `sha256:${createHash('sha256').update(rawBody).digest('hex')}`, eventIdSource: 'content-hash' };
}

/** `data`, else `payload`, else `media`, with the field it came from (errors name it). */
export function mediaOf(json: Json): { media: Json; field: string } {
  const found = firstOf(json, ['data', 'payload', 'media'], MediaObject);
  if (!found) throw new PayloadError('data', 'required: no data, payload or media object');
  return { media: found.value, field: found.field };
}

/** The media's `token`, else its `id` (a number becomes a string). */
export function mediaTokenOf(media: Json, field: string): string {
  const found = firstOf(media, ['token', 'id'], Identifier, `${field}.`);
  if (!found) throw new PayloadError(`${field}.token`, 'required: the media has neither a token nor an id');
  if (!MEDIA_TOKEN.test(found.value)) throw new PayloadError(`${field}.${found.field}`, 'not a Media Manager token or id');
  return found.value;
}

/** Laravel sends booleans as true, 1 or "1" depending on casts. */
export const isLiveMedia = (media: Json): boolean => media.live === true || media.live === 1 || media.live === '1' || media.live === 'true';

/** ISO 8601 (Laravel's microseconds included), Laravel's `Y-m-d H:i:s` in UTC, or Unix seconds / milliseconds. */
export function readDate(value: unknown): Date | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return readDate(Number(value));
  let ms = Number.NaN;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string') {
    const text = value.trim();
    ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  }
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

/**
 * When it happened: a top-level `created_at` / `timestamp`, else the media's `updated_at`, else
 * when it arrived. An unreadable date is passed over with a note rather than refusing the event.
 */
export function occurredAtOf(json: Json, media: Json, mediaField: string, receivedAt: Date): { occurredAt: string; notes: string[] } {
  const notes: string[] = [];
  const candidates: Array<[string, unknown]> = [
    ['created_at', json.created_at],
    ['timestamp', json.timestamp],
    [`${mediaField}.updated_at`, media.updated_at],
  ];
  for (const [field, value] of candidates) {
    if (!present(value)) continue;
    const date = readDate(value);
    if (date) return { occurredAt: date.toISOString(), notes };
    notes.push(`${field}: unreadable date ${JSON.stringify(value).slice(0, 60)}, passed over`);
  }
  return { occurredAt: receivedAt.toISOString(), notes };
}
