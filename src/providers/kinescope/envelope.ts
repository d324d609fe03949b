import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Kinescope ids: UUIDs in the docs' examples, short base62 ids in the API's; nothing that could
 * escape a URL path or a resource key.
 */
export const KINESCOPE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * What every Kinescope webhook is: `{event, data}`, no id and no time. Lenient on extra fields;
 * `data` is checked per event, so an event Reelflow does not track is ignored whatever it carries.
 */
export const KinescopeEnvelope = z
  .object({
    event: z.string().min(1).max(200),
    data: z.unknown().optional(),
  })
  .loose();
export type KinescopeEnvelope = z.infer<typeof KinescopeEnvelope>;

/** `media.update.status`'s data: the video, its status, and the error's text when it failed. */
export const VideoStatusData = z
  .object({
    id: z.string().regex(KINESCOPE_ID, 'a Kinescope video id'),
    // It becomes the resource's state word: short and printable, like every state in Reelflow.
    status: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x20-\x7E]+$/, 'printable ASCII'),
    message: z.string().optional(),
  })
  .loose();

/** `live.*`'s data: the live event, and on `live.finished` the recording's video when recording was on. */
export const LiveEventData = z
  .object({
    event_id: z.string().regex(KINESCOPE_ID, 'a Kinescope live event id'),
    // Absent, null or "" when nothing was recorded (Go's `omitempty` in Kinescope's own example).
    video_id: z.union([z.string().regex(KINESCOPE_ID, 'a Kinescope video id'), z.literal(''), z.null()]).optional(),
  })
  .loose();

/**
 * Kinescope sends no event id: the SHA-256 of the exact bytes stands in for one. A retry repeats
 * the bytes (a duplicate); the lifecycle tells a genuine repeat of the same news by its policy.
 */
export const contentEventId = (rawBody: Buffer): string => `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
