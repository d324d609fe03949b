import { BodyTooLarge, type ApiAnswer } from '../kit/httpServer';

/**
 * A failure answered with FastPix's error shape. Handlers throw it; the server turns it into
 * `{"success":false,"error":{"code","message","description"}}` in one place (the SDK's error models).
 */
export class FastpixApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorMessage: string,
    readonly description: string,
  ) {
    super(`${status} ${errorMessage}: ${description}`);
    this.name = 'FastpixApiError';
  }
}

export const fastpixErrorBody = (status: number, message: string, description: string) => ({ success: false, error: { code: status, message, description } });
export type FastpixErrorBody = ReturnType<typeof fastpixErrorBody>;

export const badRequest = (description: string) => new FastpixApiError(400, 'invalid request', description);
export const unauthorized = () =>
  new FastpixApiError(
    401,
    'unauthorized',
    'This happens because of 1)Miss match between access token and secret key 2)Miss match between access token and workspace 3)No valid Access token provided.',
  );
export const mediaNotFound = () => new FastpixApiError(404, 'media workspace relation not found', "The requested resource (eg:mediaId) doesn't exist in the workspace");
export const streamNotFound = () => new FastpixApiError(404, 'stream not found', "The requested live stream doesn't exist in the workspace");
export const notFound = (description: string) => new FastpixApiError(404, 'not found', description);
export const conflict = (message: string, description: string) => new FastpixApiError(409, message, description);

/** Every failure leaves in FastPix's error shape; a bug in the fake is a 500, never a crash. */
export function fastpixFailure(error: unknown): ApiAnswer {
  if (error instanceof BodyTooLarge) return { status: 413, body: fastpixErrorBody(413, 'payload too large', error.message) };
  if (error instanceof FastpixApiError) return { status: error.status, body: fastpixErrorBody(error.status, error.errorMessage, error.description) };
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 500, body: fastpixErrorBody(500, 'internal server error', `fake FastPix failed: ${detail}`) };
}
