import { VerificationError } from '../errors';
import { matchesAnySecret } from '../secretCompare';
import { verifyStandardWebhook } from '../standardWebhooks/verify';
import type { WebhookRequest } from '../types';
import type { CloudEventsConnection } from './connection';

/**
 * CloudEvents itself signs nothing: the connection says how its sender proves itself, by a
 * shared secret in a header (compared in constant time, several during a rotation) or by a
 * Standard Webhooks signature over the exact bytes.
 */
export function verifyCloudEvents(request: WebhookRequest, connection: CloudEventsConnection): void {
  const verify = connection.verify;
  if (verify.scheme === 'standard-webhooks') return verifyStandardWebhook(request, verify.secret);
  const header = request.headers[verify.secretHeader.toLowerCase()];
  const given = Array.isArray(header) ? header[0] : header;
  if (given === undefined || given === '') throw new VerificationError(`missing ${verify.secretHeader} header`);
  if (!matchesAnySecret(given, verify.secret)) throw new VerificationError('shared secret does not match');
}
