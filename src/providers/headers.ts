import type { WebhookRequest } from './types';

/** The first value of a request header (node gives a repeated one as an array); `name` in any case. */
export function headerValue(headers: WebhookRequest['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
