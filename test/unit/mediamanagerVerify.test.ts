import { MediaManagerConnection } from '../../src/providers/mediamanager/connection';
import { mediaManagerSignature } from '../../src/providers/mediamanager/signature';
import { verifyMediaManager } from '../../src/providers/mediamanager/verify';
import { mediaManagerTestKit } from '../../src/providers/mediamanager/testKit';
import type { WebhookRequest } from '../../src/providers/types';
import { reasonOf } from '../support/verification';

/** The example body of providers.md §4a, byte for byte. */
const KNOWN_BODY = '{"event":"media.upload.completed","data":{"id":123,"token":"fa9ef782-4e41-428f-8add-8440878790ec","team_id":1,"title":"Q3 results","published":false,"live":false}}';
const KNOWN_SECRET = 'mm-known-answer-secret';

/**
 * Computed once, independently, with
 *   printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET"            (and -sha1)
 *   printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
 * so the fake and the verifier cannot be wrong together.
 */
const KNOWN_ANSWERS = [
  [{ algorithm: 'sha256', encoding: 'hex' }, 'c9984ee192455e94ad2fa1216fcc400e2050f9534fad618dfbfb7a6778a9e206'],
  [{ algorithm: 'sha1', encoding: 'hex' }, '587de8cbdea83401cdec9b404653b29bb68d474c'],
  [{ algorithm: 'sha256', encoding: 'base64' }, 'yZhO4ZJFXpStL6Ehb8xADiBQ+VNPrWGN+/t6Z3ip4gY='],
  [{ algorithm: 'sha1', encoding: 'base64' }, 'WH3oy96oNAHN7JtARlOym7aNR0w='],
] as const;

const connectionWith = (extra: Record<string, unknown> = {}) => MediaManagerConnection.parse({ name: 'main', provider: 'mediamanager', secret: KNOWN_SECRET, ...extra });

const request = (headers: WebhookRequest['headers'], body: string | Buffer = KNOWN_BODY): WebhookRequest => ({
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
  headers,
  query: {},
});

/** The digest with one bit flipped, in the same encoding: as close to right as a forgery gets. */
function flipOneBit(signature: string, encoding: 'hex' | 'base64'): string {
  const bytes = Buffer.from(signature, encoding);
  bytes[bytes.length - 1]! ^= 0x01;
  return bytes.toString(encoding);
}

describe('Media Manager signature: known answers', () => {
  it.each(KNOWN_ANSWERS)('%o', (scheme, expected) => {
    const connection = connectionWith({ signature: scheme });
    expect(mediaManagerSignature(connection.signature, KNOWN_SECRET, KNOWN_BODY)).toBe(expected);
    expect(reasonOf(() => verifyMediaManager(request({ signature: expected }), connection))).toBeUndefined();
  });

  it('the test kit signs exactly so (the fake signs with the same function)', () => {
    const signed = mediaManagerTestKit.sign(connectionWith(), KNOWN_BODY);
    expect(signed).toEqual({ body: KNOWN_BODY, headers: { 'content-type': 'application/json', signature: KNOWN_ANSWERS[0][1] } });
  });
});

describe('Media Manager signature: the connection defaults', () => {
  it('are header Signature, sha256, hex, no prefix', () => {
    expect(connectionWith().signature).toEqual({ header: 'Signature', algorithm: 'sha256', encoding: 'hex', prefix: '' });
  });

  it('refuse an unknown key, algorithm or encoding (a typo must not silently fall back)', () => {
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', signature: { heder: 'X' } }).success).toBe(false);
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', signature: { algorithm: 'md5' } }).success).toBe(false);
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', signature: { encoding: 'base32' } }).success).toBe(false);
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', signature: { header: 'Bad Header' } }).success).toBe(false);
  });
});

describe('Media Manager verification: negatives', () => {
  const connection = connectionWith();
  const good = KNOWN_ANSWERS[0][1];

  it('accepts the right signature', () => {
    expect(reasonOf(() => verifyMediaManager(request({ signature: good }), connection))).toBeUndefined();
  });

  it('rejects a signature made with the wrong secret', () => {
    const wrong = mediaManagerSignature(connection.signature, 'another-secret', KNOWN_BODY);
    expect(reasonOf(() => verifyMediaManager(request({ signature: wrong }), connection))).toBe('signature does not match');
  });

  it('rejects a signature with one flipped bit', () => {
    expect(reasonOf(() => verifyMediaManager(request({ signature: flipOneBit(good, 'hex') }), connection))).toBe('signature does not match');
  });

  it('rejects a body with one flipped bit', () => {
    const body = Buffer.from(KNOWN_BODY);
    body[10]! ^= 0x01;
    expect(reasonOf(() => verifyMediaManager(request({ signature: good }, body), connection))).toBe('signature does not match');
  });

  it('rejects the same JSON re-serialized (the bytes are what is signed)', () => {
    const reserialized = JSON.stringify(JSON.parse(KNOWN_BODY), null, 2);
    expect(JSON.parse(reserialized)).toEqual(JSON.parse(KNOWN_BODY));
    expect(reasonOf(() => verifyMediaManager(request({ signature: good }, reserialized), connection))).toBe('signature does not match');
  });

  it('rejects a missing, empty or blank header, naming the header', () => {
    expect(reasonOf(() => verifyMediaManager(request({}), connection))).toBe('missing Signature header');
    expect(reasonOf(() => verifyMediaManager(request({ signature: '' }), connection))).toBe('missing Signature header');
    expect(reasonOf(() => verifyMediaManager(request({ signature: '  ' }), connection))).toBe('missing Signature header');
  });

  it('rejects signatures of another length, and a bare prefix, without any other error type', () => {
    expect(reasonOf(() => verifyMediaManager(request({ signature: 'ab' }), connection))).toBe('signature does not match');
    expect(reasonOf(() => verifyMediaManager(request({ signature: good.repeat(20) }), connection))).toBe('signature does not match');
    const prefixed = connectionWith({ signature: { prefix: 'sha256=' } });
    expect(reasonOf(() => verifyMediaManager(request({ signature: 'sha256=' }), prefixed))).toBe('signature does not match');
  });

  it('never puts the secret or the expected signature in a reason', () => {
    const reason = reasonOf(() => verifyMediaManager(request({ signature: 'nope' }), connection))!;
    expect(reason).not.toContain(KNOWN_SECRET);
    expect(reason).not.toContain(good);
  });

  it('reads hex case-insensitively (PHP writes lower case; an upper-case sender is not forging)', () => {
    expect(reasonOf(() => verifyMediaManager(request({ signature: good.toUpperCase() }), connection))).toBeUndefined();
  });

  it('compares base64 exactly', () => {
    const b64 = connectionWith({ signature: { encoding: 'base64' } });
    const expected = KNOWN_ANSWERS[2][1];
    expect(reasonOf(() => verifyMediaManager(request({ signature: expected }), b64))).toBeUndefined();
    expect(reasonOf(() => verifyMediaManager(request({ signature: expected.toLowerCase() }), b64))).toBe('signature does not match');
    expect(reasonOf(() => verifyMediaManager(request({ signature: flipOneBit(expected, 'base64') }), b64))).toBe('signature does not match');
  });
});

describe('Media Manager verification: configuration', () => {
  it('reads the configured header, case-insensitively, and only that one', () => {
    const custom = connectionWith({ signature: { header: 'X-MediaManager-Signature' } });
    const good = KNOWN_ANSWERS[0][1];
    expect(reasonOf(() => verifyMediaManager(request({ 'x-mediamanager-signature': good }), custom))).toBeUndefined();
    expect(reasonOf(() => verifyMediaManager(request({ signature: good }), custom))).toBe('missing X-MediaManager-Signature header');
  });

  it('requires the configured prefix', () => {
    const prefixed = connectionWith({ signature: { prefix: 'sha256=' } });
    const good = KNOWN_ANSWERS[0][1];
    expect(reasonOf(() => verifyMediaManager(request({ signature: `sha256=${good}` }), prefixed))).toBeUndefined();
    expect(reasonOf(() => verifyMediaManager(request({ signature: good }), prefixed))).toBe('signature does not match');
    expect(reasonOf(() => verifyMediaManager(request({ signature: `sha256=${good}` }), connectionWith()))).toBe('signature does not match');
  });

  it('a wrong guess of the scheme is a config change away: sha1 signatures fail under sha256 and pass once configured', () => {
    const sha1 = KNOWN_ANSWERS[1][1];
    expect(reasonOf(() => verifyMediaManager(request({ signature: sha1 }), connectionWith()))).toBe('signature does not match');
    expect(reasonOf(() => verifyMediaManager(request({ signature: sha1 }), connectionWith({ signature: { algorithm: 'sha1' } })))).toBeUndefined();
  });

  it('accepts every secret of a rotation, and nothing else', () => {
    const rotating = connectionWith({ secret: ['old-secret', KNOWN_SECRET] });
    const byOld = mediaManagerSignature(rotating.signature, 'old-secret', KNOWN_BODY);
    expect(reasonOf(() => verifyMediaManager(request({ signature: byOld }), rotating))).toBeUndefined();
    expect(reasonOf(() => verifyMediaManager(request({ signature: KNOWN_ANSWERS[0][1] }), rotating))).toBeUndefined();
    const byOther = mediaManagerSignature(rotating.signature, 'other', KNOWN_BODY);
    expect(reasonOf(() => verifyMediaManager(request({ signature: byOther }), rotating))).toBe('signature does not match');
  });

  it('takes the first value when a header is repeated', () => {
    expect(reasonOf(() => verifyMediaManager(request({ signature: [KNOWN_ANSWERS[0][1], 'x'] }), connectionWith()))).toBeUndefined();
  });
});

describe('Media Manager connection', () => {
  it('has the documented defaults and turns a numeric team id into a string', () => {
    expect(MediaManagerConnection.parse({ name: 'm', provider: 'mediamanager', secret: 's', teamId: 42 })).toEqual({
      name: 'm',
      provider: 'mediamanager',
      secret: ['s'],
      signature: { header: 'Signature', algorithm: 'sha256', encoding: 'hex', prefix: '' },
      apiBaseUrl: 'https://app.mediamanager.io/api/v1',
      teamId: '42',
    });
  });

  it('refuses unknown keys, a bad team id and a non-http base', () => {
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', token: 'x' }).success).toBe(false);
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', teamId: 'a b' }).success).toBe(false);
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: 's', apiBaseUrl: 'ftp://x' }).success).toBe(false);
    expect(MediaManagerConnection.safeParse({ name: 'm', provider: 'mediamanager', secret: '' }).success).toBe(false);
  });
});
