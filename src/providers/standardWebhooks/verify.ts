import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { VerificationError } from '../errors';
import { headerValue } from '../headers';
import type { WebhookRequest } from '../types';

/** The three headers the scheme signs with; node gives them lower-cased. */
const SIGNED_HEADERS = ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const;

function signatureHeaders(headers: WebhookRequest['headers']): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of SIGNED_HEADERS) {
    const value = headerValue(headers, name);
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/**
 * A Standard Webhooks delivery (webhook-id / webhook-timestamp / webhook-signature over the exact
 * bytes), checked by the `standardwebhooks` library under each configured secret in turn (several
 * during a rotation). The library refuses a timestamp more than 5 minutes off, so a replayed old
 * delivery is 401; a replay within those minutes carries the same webhook-id and is a duplicate.
 */
export function verifyStandardWebhook(request: WebhookRequest, secrets: readonly string[]): void {
  const headers = signatureHeaders(request.headers);
  let reason = 'no matching signature';
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(request.rawBody, headers, { jsonParse: false });
      return;
    } catch (error) {
      // The library's messages name the check that failed (headers, timestamp, signature), never the key.
      reason = error instanceof WebhookVerificationError ? error.message.toLowerCase() : 'signature could not be checked';
    }
  }
  throw new VerificationError(`Standard Webhooks: ${reason}`);
}

/** The signed `webhook-id`: the delivery's id, the same on every retry. */
export function webhookIdOf(headers: WebhookRequest['headers']): string | undefined {
  return signatureHeaders(headers)['webhook-id'];
}

/** The signed `webhook-timestamp` (Unix seconds) as a date, when readable. */
export function webhookTimeOf(headers: WebhookRequest['headers']): Date | undefined {
  const seconds = Number(signatureHeaders(headers)['webhook-timestamp']);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}
