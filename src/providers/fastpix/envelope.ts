import { z } from 'zod';

/**
 * The envelope FastPix posts. Its doc pages disagree (`workspace` or `environment`, `object.type`
 * or `object.name`, `createdAt` or `created_at`), so every spelling is accepted; only `type` and
 * `id` are required. `data` is the entity (a media, a live stream...), read only for ids and status.
 */
const Id = z.string().min(1);

const Named = z.object({ id: Id.nullish(), name: z.string().nullish() }).loose();

const Timestamp = z.union([z.string().min(1), z.number()]);

export const FastpixData = z
  .object({
    id: Id.nullish(),
    mediaId: Id.nullish(),
    trackId: Id.nullish(),
    streamId: Id.nullish(),
    liveStreamId: Id.nullish(),
    liveStream: z.object({ id: Id.nullish() }).loose().nullish(),
    simulcastId: Id.nullish(),
    status: z.string().nullish(),
  })
  .loose();
export type FastpixData = z.infer<typeof FastpixData>;

export const FastpixEnvelope = z
  .object({
    type: z.string().min(1),
    id: Id,
    object: z.object({ type: z.string().nullish(), name: z.string().nullish(), id: Id.nullish() }).loose().nullish(),
    workspace: Named.nullish(),
    environment: Named.nullish(),
    status: z.string().nullish(),
    data: FastpixData.nullish(),
    createdAt: Timestamp.nullish(),
    created_at: Timestamp.nullish(),
    attempts: z.array(z.unknown()).nullish(),
  })
  .loose();
export type FastpixEnvelope = z.infer<typeof FastpixEnvelope>;

/** What `object.type` (or `object.name`) says the event is about, spelling aside: `live-stream` → `livestream`. */
export const objectKind = (envelope: FastpixEnvelope): string => (envelope.object?.type ?? envelope.object?.name ?? '').toLowerCase().replace(/[^a-z]/g, '');
