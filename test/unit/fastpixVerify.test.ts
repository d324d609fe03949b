import { FastpixConnection } from '../../src/providers/fastpix/connection';
import { fastpixSignature, fastpixWebhookHeaders, signingKey } from '../../src/providers/fastpix/signature';
import { fastpixTestKit } from '../../src/providers/fastpix/testKit';
import { verifyFastpix } from '../../src/providers/fastpix/verify';
import type { WebhookRequest } from '../../src/providers/types';
import { reasonOf } from '../support/verification';

/**
 * Known answer, computed once outside this code base:
 *   printf '%s' "$BODY" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf '%s' 'reelflow-fastpix-known-answer-key' | xxd -p) -binary | base64
 * (the key is the base64-decoded SECRET), and for `raw`, `-macopt key:$SECRET` (the secret's own bytes).
 */
const SECRET = 'cmVlbGZsb3ctZmFzdHBpeC1rbm93bi1hbnN3ZXIta2V5'; // base64('reelflow-fastpix-known-answer-key')
const BODY = '{"type":"video.media.ready","id":"134b9d7b-5ed4-4193-8cfb-9ffae9cc296c","object":{"type":"media","id":"cfeec1a3-6cbd-40df-a425-2ed7f8f72ced"}}';
const EXPECTED_BASE64_KEY = 'WuZJn70L8TrZqYopCQZHTxtCvHjcE3vmqSSpAGyOjX4=';
const EXPECTED_RAW_KEY = '2cxjpvHBndVujKoaCP2fPSccvBNnOTniklU29kbGE6w=';

const connection = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: SECRET });
const request = (headers: WebhookRequest['headers'], body: string | Buffer = BODY): WebhookRequest => ({
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers,
  query: {},
});

/** The signature with one bit of its decoded digest flipped, re-encoded. */
function flipOneBit(signature: string, bit = 0): string {
  const bytes = Buffer.from(signature, 'base64');
  bytes[Math.floor(bit / 8)]! ^= 1 << (bit % 8);
  return bytes.toString('base64');
}

describe('FastPix signature: known answer', () => {
  it('is base64(HMAC-SHA256(base64-decoded secret, raw body)), as computed with openssl', () => {
    expect(fastpixSignature(BODY, signingKey(SECRET, 'base64'))).toBe(EXPECTED_BASE64_KEY);
    expect(fastpixWebhookHeaders(BODY, SECRET, 'base64')).toEqual({ 'content-type': 'application/json', 'fastpix-signature': EXPECTED_BASE64_KEY });
  });

  it('uses the secret’s own UTF-8 bytes with signingSecretEncoding: raw', () => {
    expect(fastpixSignature(BODY, signingKey(SECRET, 'raw'))).toBe(EXPECTED_RAW_KEY);
  });

  it('the test kit (and so the fake) signs exactly that', () => {
    expect(fastpixTestKit.sign(connection, BODY)).toEqual({ body: BODY, headers: { 'content-type': 'application/json', 'fastpix-signature': EXPECTED_BASE64_KEY } });
  });

  it('the verifier accepts the independently computed signature', () => {
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': EXPECTED_BASE64_KEY }), connection))).toBeUndefined();
    const raw = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: SECRET, signingSecretEncoding: 'raw' });
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': EXPECTED_RAW_KEY }), raw))).toBeUndefined();
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': EXPECTED_BASE64_KEY }), raw))).toBe('signature does not match');
  });
});

describe('FastPix signature verification refuses', () => {
  it('a signature made with another secret', () => {
    const other = Buffer.from('another-workspace-secret').toString('base64');
    expect(reasonOf(() => verifyFastpix(request(fastpixWebhookHeaders(BODY, other, 'base64')), connection))).toBe('signature does not match');
  });

  it.each([0, 7, 100, 255])('a signature with bit %i flipped', (bit) => {
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': flipOneBit(EXPECTED_BASE64_KEY, bit) }), connection))).toBe('signature does not match');
  });

  it('a body with one bit flipped', () => {
    const body = Buffer.from(BODY);
    body[10]! ^= 0x01;
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': EXPECTED_BASE64_KEY }, body), connection))).toBe('signature does not match');
  });

  it('a re-serialized body (same JSON, other bytes)', () => {
    const pretty = JSON.stringify(JSON.parse(BODY), null, 2);
    const reordered = JSON.stringify({ id: JSON.parse(BODY).id, ...JSON.parse(BODY) });
    expect(JSON.parse(pretty)).toEqual(JSON.parse(BODY));
    for (const body of [pretty, reordered, `${BODY}\n`]) {
      expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': EXPECTED_BASE64_KEY }, body), connection))).toBe('signature does not match');
    }
  });

  it('a missing or empty header', () => {
    expect(reasonOf(() => verifyFastpix(request({}), connection))).toBe('missing FastPix-Signature header');
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': '' }), connection))).toBe('missing FastPix-Signature header');
    expect(reasonOf(() => verifyFastpix(request({ 'x-fastpix-signature': EXPECTED_BASE64_KEY }), connection))).toBe('missing FastPix-Signature header');
  });

  it('a signature of another length or alphabet, with a VerificationError only', () => {
    for (const given of ['x', EXPECTED_BASE64_KEY.repeat(3), EXPECTED_BASE64_KEY.slice(0, -1), Buffer.from(EXPECTED_BASE64_KEY, 'base64').toString('hex'), 'sha256=' + EXPECTED_BASE64_KEY]) {
      expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': given }), connection))).toBe('signature does not match');
    }
  });
});

describe('FastPix signature verification accepts', () => {
  it('the first value when a proxy repeats the header', () => {
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': [EXPECTED_BASE64_KEY, 'junk'] }), connection))).toBeUndefined();
  });

  it('every secret of a rotation, and nothing else', () => {
    const next = Buffer.from('the-next-signing-secret').toString('base64');
    const rotating = FastpixConnection.parse({ name: 'main', provider: 'fastpix', signingSecret: [next, SECRET] });
    expect(reasonOf(() => verifyFastpix(request({ 'fastpix-signature': EXPECTED_BASE64_KEY }), rotating))).toBeUndefined();
    expect(reasonOf(() => verifyFastpix(request(fastpixWebhookHeaders(BODY, next, 'base64')), rotating))).toBeUndefined();
    const stranger = Buffer.from('a-third-secret').toString('base64');
    expect(reasonOf(() => verifyFastpix(request(fastpixWebhookHeaders(BODY, stranger, 'base64')), rotating))).toBe('signature does not match');
  });
});
