import { createHmac } from 'node:crypto';
import type { SignatureScheme } from './connection';

/**
 * The header value Media Manager sends for `body`: prefix + HMAC(algorithm, secret, raw body) in
 * the configured encoding. The verifier, the test kit and the fake all call this one function,
 * and a known-answer test pins it to an independently computed value.
 */
export function mediaManagerSignature(scheme: SignatureScheme, secret: string, body: Buffer | string): string {
  return scheme.prefix + createHmac(scheme.algorithm, secret).update(body).digest(scheme.encoding);
}
