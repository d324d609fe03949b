import { BodyTooLarge, type ApiAnswer } from '../kit/httpServer';

/**
 * A failure answered with Kinescope's error shape `{"error":{"code","message","detail"}}`.
 * Kinescope's codes are six digits (400301 "invalid uuid format"); the fake's are made up in
 * the same form, one per status, since Kinescope does not publish its list.
 */
export class KinescopeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly description: string,
    readonly detail: string,
  ) {
    super(`${status} ${code}: ${description}: ${detail}`);
    this.name = 'KinescopeApiError';
  }
}

export const kinescopeErrorBody = (code: number, message: string, detail: string) => ({ error: { code, message, detail } });
export type KinescopeErrorBody = ReturnType<typeof kinescopeErrorBody>;

export const badRequest = (detail: string) => new KinescopeApiError(400, 400001, 'bad request parameters', detail);
export const unauthorized = (detail: string) => new KinescopeApiError(401, 401001, 'unauthorized', detail);
export const notFound = (detail: string) => new KinescopeApiError(404, 404001, 'object not found', detail);
export const conflict = (detail: string) => new KinescopeApiError(409, 409001, 'conflict', detail);

/** Every failure leaves in Kinescope's error shape; a bug in the fake is a 500, never a crash. */
export function kinescopeFailure(error: unknown): ApiAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: kinescopeErrorBody(413001, 'request entity too large', error.message) };
  if (error instanceof KinescopeApiError) return { status: error.status, body: kinescopeErrorBody(error.code, error.description, error.detail) };
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 500, body: kinescopeErrorBody(500001, 'internal error', `fake Kinescope failed: ${detail}`) };
}
