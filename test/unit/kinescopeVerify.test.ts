import { ConfigError, validateConfig } from '../../src/config/load';
import { basicAuthorization, parseBasicAuthorization } from '../../src/providers/kinescope/basicAuth';
import { KinescopeConnection } from '../../src/providers/kinescope/connection';
import { contentEventId } from '../../src/providers/kinescope/envelope';
import { kinescopeTestKit } from '../../src/providers/kinescope/testKit';
import { verifyKinescope } from '../../src/providers/kinescope/verify';
import type { WebhookRequest } from '../../src/providers/types';
import { reasonOf } from '../support/verification';

const connection = KinescopeConnection.parse({ name: 'main', provider: 'kinescope', username: 'reelflow-main', password: 'pa55:word' });
const BODY = '{"event":"media.update.status","data":{"id":"7127f2d7-0e96-40d0-9a03-2e987c096466","status":"done"}}';

/**
 * Known answers computed once outside this code base, so the fake and the verifier cannot be wrong together:
 *   printf '%s' 'reelflow-main:pa55:word' | openssl base64
 *   printf '%s' 'логин:пароль' | openssl base64
 *   printf '%s' "$BODY" | openssl dgst -sha256
 */
const KNOWN_HEADER = 'Basic cmVlbGZsb3ctbWFpbjpwYTU1OndvcmQ=';
const KNOWN_UNICODE_HEADER = 'Basic 0LvQvtCz0LjQvTrQv9Cw0YDQvtC70Yw=';
const KNOWN_BODY_SHA256 = 'a1e17437eb9f5cdfb2eaa28b9a3f67a4017fd8f4669025762772238c8b2f15f7';

const request = (authorization?: string | string[], body = BODY): WebhookRequest => ({
  rawBody: Buffer.from(body),
  headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
  query: {},
});

const verify = (authorization?: string | string[], conn: KinescopeConnection = connection) => reasonOf(() => verifyKinescope(request(authorization), conn));

describe('Kinescope Basic credentials: known answers', () => {
  it('encodes login:password exactly as openssl does (a ":" in the password included)', () => {
    expect(basicAuthorization('reelflow-main', 'pa55:word')).toBe(KNOWN_HEADER);
    expect(basicAuthorization('логин', 'пароль')).toBe(KNOWN_UNICODE_HEADER);
  });

  it('the test kit (and so the fake) signs with that header, and the verifier accepts it', () => {
    const signed = kinescopeTestKit.sign(connection, BODY);
    expect(signed).toEqual({ body: BODY, headers: { 'content-type': 'application/json', authorization: KNOWN_HEADER } });
    expect(verify(KNOWN_HEADER)).toBeUndefined();
  });

  it('decodes UTF-8 credentials and splits at the first ":" only', () => {
    expect(parseBasicAuthorization(KNOWN_UNICODE_HEADER)).toEqual({ login: 'логин', password: 'пароль' });
    expect(parseBasicAuthorization(KNOWN_HEADER)).toEqual({ login: 'reelflow-main', password: 'pa55:word' });
    const unicode = KinescopeConnection.parse({ name: 'u', provider: 'kinescope', username: 'логин', password: 'пароль' });
    expect(verify(KNOWN_UNICODE_HEADER, unicode)).toBeUndefined();
  });

  it('the event id is the SHA-256 of the raw body, as openssl computes it', () => {
    expect(contentEventId(Buffer.from(BODY))).toBe(`sha256:${KNOWN_BODY_SHA256}`);
  });
});

describe('Kinescope Basic credentials: negatives', () => {
  it('rejects a wrong password and a wrong login with the same reason', () => {
    expect(verify(basicAuthorization('reelflow-main', 'pa55:wordX'))).toBe('Basic credentials do not match');
    expect(verify(basicAuthorization('reelflow-mainX', 'pa55:word'))).toBe('Basic credentials do not match');
    expect(verify(basicAuthorization('', ''))).toBe('Basic credentials do not match');
    expect(verify(basicAuthorization('reelflow-main', 'pa55:word'.repeat(40)))).toBe('Basic credentials do not match');
  });

  it('rejects the credentials with one flipped bit, in the password or in the header itself', () => {
    const flipped = Buffer.from('reelflow-main:pa55:word');
    flipped[flipped.length - 1]! ^= 0x01; // "d" → "e"
    expect(verify(`Basic ${flipped.toString('base64')}`)).toBe('Basic credentials do not match');
    // One bit of one base64 digit ("b" → "a"): still canonical base64, one bit off in the login.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const encoded = KNOWN_HEADER.slice('Basic '.length);
    const digit = ALPHABET[ALPHABET.indexOf(encoded[4]!) ^ 1]!;
    const header = `Basic ${encoded.slice(0, 4)}${digit}${encoded.slice(5)}`;
    expect(parseBasicAuthorization(header)).toEqual({ login: 'reehflow-main', password: 'pa55:word' });
    expect(verify(header)).toBe('Basic credentials do not match');
  });

  it('rejects a missing, empty or non-Basic Authorization header as missing', () => {
    expect(verify(undefined)).toBe('missing Basic credentials');
    expect(verify('')).toBe('missing Basic credentials');
    expect(verify('Bearer cmVlbGZsb3ctbWFpbjpwYTU1OndvcmQ=')).toBe('missing Basic credentials');
    expect(verify('cmVlbGZsb3ctbWFpbjpwYTU1OndvcmQ=')).toBe('missing Basic credentials');
  });

  it('rejects Basic credentials that do not decode to login:password as malformed', () => {
    expect(verify('Basic')).toBe('malformed Basic credentials');
    expect(verify('Basic !!!!')).toBe('malformed Basic credentials');
    expect(verify(`Basic ${Buffer.from('no-colon-here').toString('base64')}`)).toBe('malformed Basic credentials');
    // Node would decode this (it skips the junk); a mangled header must not pass for a good one.
    expect(verify(`Basic ${KNOWN_HEADER.slice(6, 10)}*${KNOWN_HEADER.slice(10)}`)).toBe('malformed Basic credentials');
    expect(verify('Basic cmVlbGZsb3ctbWFpbjpwYTU1OndvcmQ')).toBe('malformed Basic credentials'); // padding cut off
  });

  it('Basic auth does not cover the body: a re-serialized body still authenticates, but it is another event id', () => {
    const reserialized = JSON.stringify(JSON.parse(BODY), null, 1);
    expect(reasonOf(() => verifyKinescope(request(KNOWN_HEADER, reserialized), connection))).toBeUndefined();
    expect(contentEventId(Buffer.from(reserialized))).not.toBe(contentEventId(Buffer.from(BODY)));
  });

  it('accepts the scheme in any case and the first of repeated headers only', () => {
    expect(verify(KNOWN_HEADER.replace('Basic', 'basic'))).toBeUndefined();
    expect(verify([KNOWN_HEADER, 'Basic d3Jvbmc6d3Jvbmc='])).toBeUndefined();
    expect(verify(['Basic d3Jvbmc6d3Jvbmc=', KNOWN_HEADER])).toBe('Basic credentials do not match');
  });

  it('accepts every password of a rotation, with the configured login only', () => {
    const rotating = KinescopeConnection.parse({ name: 'main', provider: 'kinescope', username: 'u', password: ['new-one', 'old-one'] });
    expect(verify(basicAuthorization('u', 'new-one'), rotating)).toBeUndefined();
    expect(verify(basicAuthorization('u', 'old-one'), rotating)).toBeUndefined();
    expect(verify(basicAuthorization('u', 'other'), rotating)).toBe('Basic credentials do not match');
    expect(verify(basicAuthorization('x', 'new-one'), rotating)).toBe('Basic credentials do not match');
  });

  it('with insecureNoAuth accepts anything, credentials or none', () => {
    const open = KinescopeConnection.parse({ name: 'open', provider: 'kinescope', insecureNoAuth: true });
    expect(verify(undefined, open)).toBeUndefined();
    expect(verify('Basic !!!!', open)).toBeUndefined();
    expect(verify(basicAuthorization('any', 'thing'), open)).toBeUndefined();
  });
});

describe('Kinescope connection entries', () => {
  const load = (entry: Record<string, unknown>) => validateConfig({ connections: [{ name: 'main', provider: 'kinescope', ...entry }] }, 'test', {});
  const refusal = (entry: Record<string, unknown>) => {
    try {
      load(entry);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('refuses a connection without credentials, naming the field and the way out', () => {
    expect(refusal({})).toBe('invalid config (test) at connections.0.username: set username and password (the Basic credentials of the Kinescope webhook), or insecureNoAuth: true');
    expect(refusal({ username: 'u' })).toMatch(/at connections\.0\.password: set username and password .* or insecureNoAuth: true$/);
    expect(refusal({ password: 'p' })).toMatch(/at connections\.0\.username: set username and password/);
  });

  it('refuses a login with ":", an empty password, and insecureNoAuth beside credentials', () => {
    expect(refusal({ username: 'a:b', password: 'p' })).toMatch(/connections\.0\.username: must not contain ":"/);
    expect(refusal({ username: 'u', password: '' })).toMatch(/connections\.0\.password/);
    expect(refusal({ username: 'u', password: 'p', insecureNoAuth: true })).toMatch(/connections\.0\.insecureNoAuth: insecureNoAuth: true accepts any webhook/);
  });

  it('fills the defaults: the public API base, no token (so webhooks only), a password list', () => {
    const [loaded] = load({ username: 'u', password: 'p' }).connections;
    expect(loaded).toMatchObject({ apiBaseUrl: 'https://api.kinescope.io', insecureNoAuth: false, password: ['p'] });
    expect(loaded).not.toHaveProperty('apiToken');
    expect(load({ insecureNoAuth: true }).connections[0]).toMatchObject({ insecureNoAuth: true });
  });
});
