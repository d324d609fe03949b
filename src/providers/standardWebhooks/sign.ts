import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * The three headers a Standard Webhooks sender adds to `body`, signed by the library itself:
 * the fakes and the test kits sign this way, so they cannot drift from what verify checks.
 */
export function standardWebhookHeaders(secret: string, body: string, options: { id?: string; at?: Date } = {}): Record<string, string> {
  const id = options.id ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  };
}
