import { createHmac } from 'node:crypto';

export type SigningSecretEncoding = 'base64' | 'raw';

/** The header FastPix signs every delivery with (node hands it over lower-cased). */
export const SIGNATURE_HEADER = 'fastpix-signature';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/** Standard base64, padded or not; node's decoder would silently skip anything else. */
export const isBase64 = (value: string): boolean => value.length > 0 && BASE64.test(value) && Buffer.from(value, 'base64').length > 0;

/** The HMAC key: the dashboard secret decoded from base64 (FastPix's SDKs do this), or its own bytes. */
export const signingKey = (secret: string, encoding: SigningSecretEncoding): Buffer => (encoding === 'base64' ? Buffer.from(secret, 'base64') : Buffer.from(secret, 'utf8'));

/** `FastPix-Signature`: base64(HMAC-SHA256(key, raw body)); no timestamp, nothing else signed. */
export const fastpixSignature = (rawBody: Buffer | string, key: Buffer): string => createHmac('sha256', key).update(rawBody).digest('base64');

/**
 * The headers of one FastPix delivery of `body`. The fake platform and the test kit both sign
 * with this, and the verifier recomputes it: the known-answer test pins it to an independent value.
 */
export function fastpixWebhookHeaders(body: string, secret: string, encoding: SigningSecretEncoding): Record<string, string> {
  return { 'content-type': 'application/json', [SIGNATURE_HEADER]: fastpixSignature(body, signingKey(secret, encoding)) };
}
