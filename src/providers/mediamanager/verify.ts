import { VerificationError } from '../errors';
import { headerValue } from '../headers';
import { matchesAnySecret } from '../secretCompare';
import type { WebhookRequest } from '../types';
import type { MediaManagerConnection } from './connection';
import { mediaManagerSignature } from './signature';

/** Hex is case-insensitive by nature (PHP writes lower case); base64 is compared exactly. */
const comparable = (value: string, encoding: 'hex' | 'base64') => (encoding === 'hex' ? value.trim().toLowerCase() : value.trim());

/**
 * The configured header must carry the signature of the exact raw bytes under one of the
 * connection's secrets (several during a rotation). Compared in constant time with no early
 * exit; neither the secret nor the expected signature is ever part of a reason.
 */
export function verifyMediaManager(request: WebhookRequest, connection: MediaManagerConnection): void {
  const scheme = connection.signature;
  const given = headerValue(request.headers, scheme.header);
  if (given === undefined || given.trim() === '') throw new VerificationError(`missing ${scheme.header} header`);
  const expected = connection.secret.map((secret) => comparable(mediaManagerSignature(scheme, secret, request.rawBody), scheme.encoding));
  if (!matchesAnySecret(comparable(given, scheme.encoding), expected)) throw new VerificationError('signature does not match');
}
