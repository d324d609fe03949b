import { randomUUID } from 'node:crypto';

/** What FastPix calls the resource in `object.type`. */
export type FastpixObjectType = 'media' | 'live-stream' | 'track' | 'simulcast-target';

export interface FastpixEventInput {
  type: string;
  object: { type: FastpixObjectType; id: string };
  workspace: { id: string; name: string };
  /** The full entity as the API serves it (a media, a live stream). */
  data: Record<string, unknown>;
  id?: string;
  createdAt?: Date | string;
}

/** The coarse `status` word of the envelope (`media_created`, `ready`...): the SDK shows no more than that. */
export function envelopeStatus(type: string): string {
  if (type === 'video.media.created' || type === 'video.upload.media_created') return 'media_created';
  if (type === 'video.media.live_stream.created') return 'live_stream_media_created';
  return type.split('.').at(-1)!;
}

/**
 * One FastPix webhook envelope, exactly as the official SDK models it (checked against a live
 * delivery, per its source): `{type, id, object, workspace, status, data, createdAt, attempts}`.
 */
export function fastpixEvent(input: FastpixEventInput) {
  const at = input.createdAt ?? new Date();
  return {
    type: input.type,
    id: input.id ?? randomUUID(),
    object: { type: input.object.type, id: input.object.id },
    workspace: { id: input.workspace.id, name: input.workspace.name },
    status: envelopeStatus(input.type),
    data: input.data,
    createdAt: typeof at === 'string' ? at : at.toISOString(),
    attempts: [] as unknown[],
  };
}
export type FastpixEvent = ReturnType<typeof fastpixEvent>;
