import { BodyTooLarge, type ApiAnswer } from '../kit/httpServer';

/**
 * A failure answered the way a Laravel API answers: `{ message }`, plus `errors` per field on a
 * 422. Handlers throw it; the server turns it into the body in one place.
 */
export class MediaManagerApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = 'MediaManagerApiError';
  }
}

export const unauthenticated = () => new MediaManagerApiError(401, 'Unauthenticated.');
export const forbidden = () => new MediaManagerApiError(403, 'This action is unauthorized.');
export const mediaNotFound = (token: string) => new MediaManagerApiError(404, `No query results for model [App\\Models\\Media] ${token}`);
export const routeNotFound = (path: string) => new MediaManagerApiError(404, `The route ${path.replace(/^\/+/, '')} could not be found.`);

/** Laravel's validation answer: the first message on top, every message per field below. */
export function invalid(field: string, message: string): MediaManagerApiError {
  return new MediaManagerApiError(422, message, { [field]: [message] });
}

/** Every failure leaves as `{ message }`; a bug in the fake is a 500, never a crash. */
export function mediaManagerFailure(error: unknown): ApiAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: { message: 'The request entity is too large.' } };
  if (error instanceof MediaManagerApiError) return { status: error.status, body: { message: error.message, ...(error.errors ? { errors: error.errors } : {}) } };
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { message: `Server Error (fake Media Manager: ${detail})` } };
}
