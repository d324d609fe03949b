/**
 * HTTP Basic (RFC 7617) exactly as Kinescope sends a webhook's login/password. The fake, the
 * test kit and the verifier all use these two functions, so they cannot drift apart; a
 * known-answer test pins the encoding itself.
 */
export function basicAuthorization(login: string, password: string): string {
  return `Basic ${Buffer.from(`${login}:${password}`, 'utf8').toString('base64')}`;
}

export type BasicCredentials = { login: string; password: string };

/** Canonical base64 only: Node's decoder would silently skip junk and accept a mangled header. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * `Basic <base64(login:password)>` → its two parts. `missing` when there is no Basic header at
 * all (none, empty, or another scheme); `malformed` when it is Basic but not decodable.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | 'missing' | 'malformed' {
  const value = header?.trim() ?? '';
  const match = /^basic(?:\s+(.*))?$/i.exec(value);
  if (!match) return 'missing';
  const encoded = (match[1] ?? '').trim();
  if (encoded === '' || !BASE64.test(encoded)) return 'malformed';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  // The login cannot contain ":" (RFC 7617); the password may.
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
