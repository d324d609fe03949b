import { createHash, timingSafeEqual } from 'node:crypto';

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
