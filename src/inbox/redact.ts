/**
 * What the inbox keeps of a request: enough to re-verify and re-parse it, never a secret. Secrets
 * are found by name in the connection (secret, password, token, key...), so a new platform's
 * credentials are covered without a list to maintain.
 */
const SECRET_FIELD = /secret|password|token|key|credential/i;
/** Shorter values (`raw`, `base64`, a header name) are settings, and replacing them would mangle bodies. */
const MIN_SECRET_LENGTH = 8;
/** Credentials by nature, whatever their value (the logger redacts the same; x-webhook-secret is the documented shared-secret header). */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-webhook-secret'] as const;
const DROPPED_HEADERS = new Set<string>(CREDENTIAL_HEADERS);
const REDACTED = '[redacted]';

/** Connections are validated once at start and never change: their secrets are found once. */
const secretsOf = new WeakMap<object, string[]>();
const secretHeadersOf = new WeakMap<object, ReadonlySet<string>>();

/**
 * The headers a connection says carry a shared secret (`secretHeader`, at any depth): dropped by
 * name whatever they hold, so a wrong, rotated-out or short secret is not kept either.
 */
export function connectionSecretHeaders(connection: object): ReadonlySet<string> {
  let names = secretHeadersOf.get(connection);
  if (!names) secretHeadersOf.set(connection, (names = findSecretHeaders(connection)));
  return names;
}

function findSecretHeaders(connection: object): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) {
        if (name === 'secretHeader' && typeof inner === 'string') names.add(inner.toLowerCase());
        else visit(inner);
      }
    }
  };
  visit(connection);
  return names;
}

export function connectionSecrets(connection: object): string[] {
  let secrets = secretsOf.get(connection);
  if (!secrets) secretsOf.set(connection, (secrets = findSecrets(connection)));
  return secrets;
}

function findSecrets(connection: object): string[] {
  const found = new Set<string>();
  const visit = (value: unknown, secretByName: boolean) => {
    if (typeof value === 'string') {
      if (secretByName && value.length >= MIN_SECRET_LENGTH) found.add(value);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, secretByName);
    } else if (value && typeof value === 'object') {
      for (const [name, inner] of Object.entries(value)) visit(inner, secretByName || SECRET_FIELD.test(name));
    }
  };
  visit(connection, false);
  // Longest first: a secret that contains another is replaced whole.
  return [...found].sort((a, b) => b.length - a.length);
}

export function redactText(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Headers as strings, without credentials, without the connection's secret headers and without any header that carries a secret. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>, connection: object): Record<string, string> {
  const secrets = connectionSecrets(connection);
  const secretHeaders = connectionSecretHeaders(connection);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name.toLowerCase()) || secretHeaders.has(name.toLowerCase())) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (secrets.some((secret) => text.includes(secret))) continue;
    kept[name.toLowerCase()] = text;
  }
  return kept;
}
