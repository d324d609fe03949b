import { ApplicationFailure } from '@temporalio/common';
import { Webhook } from 'standardwebhooks';
import { transitionSummary, type ActionContext, type TransitionSummary } from '../../src/domain/actions';
import { deliver, FAILURE_TYPES, type DeliveryOptions } from './deliveryErrors';
import type { HttpNotifySpec } from './schemas';

export interface HttpNotifyOptions extends DeliveryOptions {
  errors?: TransitionSummary['errors'];
}

/**
 * POSTs the transition summary, signed with Standard Webhooks headers when a secret is set.
 * `webhook-id` is the idempotency key, so a retried activity is recognisably the same message.
 */
export async function sendHttpNotification(spec: HttpNotifySpec, ctx: ActionContext, options: HttpNotifyOptions = {}): Promise<{ status: number; messageId: string }> {
  const messageId = ctx.idempotencyKey;
  const body = JSON.stringify(transitionSummary(ctx, options.errors));
  const sentAt = (options.now ?? (() => new Date()))();
  const headers = buildHeaders(spec, () => ({
    'content-type': 'application/json',
    'idempotency-key': messageId,
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    ...(spec.secret ? { 'webhook-signature': new Webhook(spec.secret).sign(messageId, sentAt, body) } : {}),
  }));
  const secrets = [...(spec.secret ? [spec.secret] : []), ...Object.values(spec.headers).flatMap((v) => [v, ...v.split(/\s+/)])];
  const status = await deliver({ action: 'notify.http', url: spec.url, headers, body, timeout: spec.timeout, secrets }, options);
  return { status, messageId };
}

/**
 * The configured headers may replace the user agent but never the protocol headers: a receiver
 * must be able to trust the signature and the idempotency key. A header fetch refuses is a
 * configuration error, reported without its value.
 */
function buildHeaders(spec: HttpNotifySpec, protocol: () => Record<string, string>): Headers {
  let culprit = 'the user agent';
  try {
    const headers = new Headers({ 'user-agent': 'Reelflow' });
    for (const [name, value] of Object.entries(spec.headers)) {
      culprit = `header "${safeName(name)}"`;
      headers.set(name, value);
    }
    culprit = 'the signature or idempotency headers';
    for (const [name, value] of Object.entries(protocol())) headers.set(name, value);
    return headers;
  } catch {
    throw ApplicationFailure.nonRetryable(`notify.http to ${new URL(spec.url).origin}: ${culprit} cannot be sent`, FAILURE_TYPES.misconfigured);
  }
}

/** A header name fetch refused may itself be garbage; keep it printable and short. */
const safeName = (name: string): string => name.replace(/[^\x21-\x7e]/g, '?').slice(0, 64);
