import { randomUUID } from 'node:crypto';

/**
 * A failure answered with MK.IO's error shape. Handlers throw it; the server turns it into
 * `{"error":{"code","detail","extraDetail"},"status","ref"}` in one place.
 */
export class MkioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'MkioApiError';
  }
}

/** MK.IO's error body; `ref` is what support asks for, so each answer gets a fresh one. */
export function mkioErrorBody(status: number, code: string, detail: string) {
  return { error: { code, detail, extraDetail: '' }, status, ref: randomUUID() };
}
export type MkioErrorBody = ReturnType<typeof mkioErrorBody>;

export const badRequest = (detail: string) => new MkioApiError(400, 'BadRequest', detail);
export const notFound = (detail: string) => new MkioApiError(404, 'NotFound', detail);
export const conflict = (detail: string) => new MkioApiError(409, 'Conflict', detail);
