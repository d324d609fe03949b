/**
 * A provider API answered something other than success. Carries what the caller needs to
 * decide: the status, how long the provider asked us to wait, and the provider's reference
 * for support. Never the token or the full URL.
 */
export class ProviderApiError extends Error {
  override readonly name = 'ProviderApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterMs?: number,
    readonly ref?: string,
  ) {
    super(message);
  }
}

/** `Retry-After` as seconds or an HTTP date → milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
