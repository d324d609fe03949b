import { VerificationError } from '../errors';
import { headerValue } from '../headers';
import { matchesAnySecret } from '../secretCompare';
import type { WebhookRequest } from '../types';
import type { FastpixConnection } from './connection';
import { fastpixSignature, SIGNATURE_HEADER, signingKey } from './signature';

/**
 * FastPix signs the raw body with HMAC-SHA256 under the workspace's signing secret and sends the
 * base64 digest in `FastPix-Signature`. Nothing is timestamped, so there is no replay window:
 * duplicates are caught by the event id instead. Every configured secret is tried (rotation).
 */
export function verifyFastpix(request: WebhookRequest, connection: FastpixConnection): void {
  const given = headerValue(request.headers, SIGNATURE_HEADER)?.trim();
  if (!given) throw new VerificationError('missing FastPix-Signature header');
  const expected = connection.signingSecret.map((secret) => fastpixSignature(request.rawBody, signingKey(secret, connection.signingSecretEncoding)));
  // Constant time whatever the lengths: both sides are hashed before the comparison.
  if (!matchesAnySecret(given, expected)) throw new VerificationError('signature does not match');
}
