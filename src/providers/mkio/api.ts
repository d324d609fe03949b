import { ProviderApiError, parseRetryAfter } from '../apiError';
import type { MkioConnection } from './connection';
import { MKIO_NAME } from './source';

/**
 * The few MK.IO API calls Reelflow makes. URLs are built from the configured base and names
 * checked against MKIO_NAME, never taken from a payload: a `source` pointing elsewhere is
 * never fetched (server-side request forgery).
 */
export interface MkioApi {
  get<T>(path: string): Promise<T>;
  put<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

export function mkioPath(strings: TemplateStringsArray, ...names: string[]): string {
  return strings.reduce((path, part, i) => {
    if (i === 0) return part;
    const name = names[i - 1]!;
    if (!MKIO_NAME.test(name)) throw new ProviderApiError(400, `invalid MK.IO name "${name.slice(0, 80)}"`);
    return path + encodeURIComponent(name) + part;
  }, '');
}

export function mkioApi(connection: MkioConnection, fetchImpl: typeof fetch = fetch): MkioApi {
  const base = connection.apiBaseUrl.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    if (!connection.apiToken) throw new ProviderApiError(401, `connection ${connection.name} has no apiToken for the MK.IO API`);
    let response: Response;
    try {
      response = await fetchImpl(base + path, {
        method,
        headers: { authorization: `Bearer ${connection.apiToken}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ProviderApiError(0, `MK.IO ${method} ${path} failed: ${(error as Error).message}`);
    }
    const text = await response.text();
    const json = text ? safeJson(text) : undefined;
    if (!response.ok) {
      const detail = (json as { error?: { detail?: string; code?: string }; ref?: string } | undefined) ?? {};
      throw new ProviderApiError(
        response.status,
        `MK.IO ${method} ${path} → ${response.status}${detail.error?.code ? ` ${detail.error.code}` : ''}${detail.error?.detail ? `: ${detail.error.detail}` : ''}`,
        parseRetryAfter(response.headers.get('retry-after')),
        detail.ref,
      );
    }
    return { status: response.status, body: json };
  };
  return {
    get: async <T>(path: string) => (await call('GET', path)).body as T,
    put: async <T>(path: string, body: unknown) => {
      const answer = await call('PUT', path, body);
      return { status: answer.status, body: answer.body as T };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
