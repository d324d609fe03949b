import { createHash, timingSafeEqual } from 'node:crypto';
import { VerificationError } from './errors';
import { headerValue } from './headers';
import type { WebhookRequest } from './types';

/**
 * Constant-time string equality that never throws on a length mismatch: both sides are
 * hashed to 32 bytes first, so neither the length nor the content leaks through timing.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** True when `given` matches any configured secret (several during a rotation). */
export function matchesAnySecret(given: string, secrets: readonly string[]): boolean {
  let ok = false;
  for (const secret of secrets) ok = secretsEqual(given, secret) || ok; // no early exit: same work either way
  return ok;
}

/** Where a sender puts a shared secret: a header, or a query parameter for senders that cannot set one. */
export interface SharedSecretPlace {
  header: string;
  queryParam?: string;
}

/**
 * A sender that signs nothing but repeats a shared secret verbatim (the header first, then the
 * query parameter), compared in constant time against each configured secret. Throws
 * VerificationError: `missingReason` when there is none, else when none matches.
 */
export function verifySharedSecret(request: WebhookRequest, place: SharedSecretPlace, secrets: readonly string[], missingReason: string): void {
  const given = headerValue(request.headers, place.header) ?? (place.queryParam ? request.query[place.queryParam] : undefined);
  if (given === undefined || given === '') throw new VerificationError(missingReason);
  if (!matchesAnySecret(given, secrets)) throw new VerificationError('shared secret does not match');
}
