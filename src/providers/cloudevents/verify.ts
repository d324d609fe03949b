import { VerificationError } from '../errors';
import { verifySharedSecret } from '../secretCompare';
import { verifyStandardWebhook } from '../standardWebhooks/verify';
import type { WebhookRequest } from '../types';
import type { CloudEventsConnection } from './connection';
import { headerModeOf } from './envelope';

/**
 * CloudEvents itself signs nothing: the connection says how its sender proves itself, by a
 * shared secret in a header (compared in constant time, several during a rotation) or by a
 * Standard Webhooks signature over the exact bytes.
 */
export function verifyCloudEvents(request: WebhookRequest, connection: CloudEventsConnection): void {
  const verify = connection.verify;
  if (verify.scheme === 'standard-webhooks') {
    // The signature covers the body only: `ce-subject` or `ce-id` added to a signed delivery would retarget it.
    if (headerModeOf(request.headers) === 'binary') {
      throw new VerificationError('Standard Webhooks: binary mode refused, its attributes travel in unsigned ce-* headers; send structured or batch mode');
    }
    return verifyStandardWebhook(request, verify.secret);
  }
  verifySharedSecret(request, { header: verify.secretHeader }, verify.secret, `missing ${verify.secretHeader} header`);
}
