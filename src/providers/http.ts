import { ProviderApiError, parseRetryAfter } from './apiError';

/** How a platform's API wants to be authenticated. */
export type ProviderAuth = { scheme: 'bearer'; token: string } | { scheme: 'basic'; username: string; password: string } | { scheme: 'header'; name: string; value: string };

export interface ProviderHttpOptions {
  /** Names the platform in errors, e.g. "MK.IO". */
  label: string;
  /** The configured API base; every URL is built from it and must stay on its origin. */
  baseUrl: string;
  /** Absent: every call fails as a 401, so the resource shows needs-attention instead of retrying. */
  auth?: ProviderAuth;
  /** Why there are no credentials, for that 401 (e.g. "connection main has no apiToken"). */
  missingAuth?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ProviderAnswer<T> {
  status: number;
  body: T;
}

/** The one HTTP client every adapter uses for its platform's API. */
export interface ProviderHttp {
  get<T>(path: string, query?: Record<string, string>): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ProviderAnswer<T>>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

function authorization(auth: ProviderAuth): Record<string, string> {
  switch (auth.scheme) {
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
    case 'header':
      return { [auth.name.toLowerCase()]: auth.value };
  }
}

/**
 * What a platform said went wrong, from the error bodies the four platforms use:
 * `{error:{code,detail|message|description},ref}`, `{message}`, `{errors:[{message}]}`.
 * Short, and never the request itself (no token, no full URL).
 */
export function errorDetail(body: unknown): { code?: string; detail?: string; ref?: string } {
  if (!body || typeof body !== 'object') return {};
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 300) : undefined);
  const error = record.error && typeof record.error === 'object' ? (record.error as Record<string, unknown>) : undefined;
  const first = Array.isArray(record.errors) && record.errors[0] && typeof record.errors[0] === 'object' ? (record.errors[0] as Record<string, unknown>) : undefined;
  return {
    code: text(error?.code) ?? text(record.code),
    detail: text(error?.detail) ?? text(error?.message) ?? text(error?.description) ?? text(record.message) ?? text(first?.message) ?? text(record.error),
    ref: text(record.ref) ?? text(record.requestId),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Timeouts, Retry-After, error bodies and authentication in one place. Paths are appended to the
 * configured base and the result must keep its origin: a name from a payload can never send
 * Reelflow to another host (server-side request forgery).
 */
export function providerHttp(options: ProviderHttpOptions): ProviderHttp {
  const base = new URL(options.baseUrl).href.replace(/\/+$/, ''); // normalized, so the prefix check below compares like with like
  const fetchImpl = options.fetch ?? fetch;
  const call = async (method: string, path: string, body?: unknown, query?: Record<string, string>): Promise<ProviderAnswer<unknown>> => {
    const where = `${options.label} ${method} ${path}`;
    if (!options.auth) throw new ProviderApiError(401, `${options.missingAuth ?? `no credentials for the ${options.label} API`}`);
    if (!path.startsWith('/') || path.includes('//')) throw new ProviderApiError(400, `${where}: not a path under the API base`);
    const url = new URL(base + path);
    if (!url.href.startsWith(`${base}/`)) throw new ProviderApiError(400, `${where}: leaves the configured API base`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: { accept: 'application/json', ...authorization(options.auth), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ProviderApiError(0, `${where} failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const { code, detail, ref } = errorDetail(json);
      throw new ProviderApiError(response.status, `${where} → ${response.status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`, parseRetryAfter(response.headers.get('retry-after')), ref);
    }
    return { status: response.status, body: json };
  };
  return {
    get: async <T>(path: string, query?: Record<string, string>) => (await call('GET', path, undefined, query)).body as T,
    send: async <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) => (await call(method, path, body)) as ProviderAnswer<T>,
  };
}

/**
 * A tagged template for API paths whose interpolated names must match `rule`; each is
 * URL-encoded: `` path`/v1/videos/${id}` ``. A name that does not match is a 400, never sent.
 */
export function pathTemplate(rule: RegExp, label: string) {
  return (strings: TemplateStringsArray, ...names: string[]): string =>
    strings.reduce((path, part, i) => {
      if (i === 0) return part;
      const name = names[i - 1]!;
      if (!rule.test(name)) throw new ProviderApiError(400, `invalid ${label} name "${name.slice(0, 80)}"`);
      return path + encodeURIComponent(name) + part;
    }, '');
}
