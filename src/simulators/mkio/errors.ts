import { randomUUID } from 'node:crypto';
import { BodyTooLarge, type ApiAnswer } from '../kit/httpServer';

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

/** Every failure leaves in MK.IO's error shape; a bug in the fake is a 500, never a crash. */
export function mkioFailure(error: unknown): ApiAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: mkioErrorBody(413, 'PayloadTooLarge', error.message) };
  if (error instanceof MkioApiError) {
    return { status: error.status, body: mkioErrorBody(error.status, error.code, error.detail), headers: error.headers };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 500, body: mkioErrorBody(500, 'InternalServerError', `fake MK.IO failed: ${detail}`) };
}
