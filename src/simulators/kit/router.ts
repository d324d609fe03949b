import type { ApiAnswer, ApiRequest } from './httpServer';

export type Params = Record<string, string>;

export interface Route {
  method: string;
  /** The name tests read in a fake's `counters.byRoute`. */
  name: string;
  pattern: RegExp;
  keys: string[];
  handle: (params: Params, body: unknown, request: ApiRequest) => ApiAnswer;
}

/** `route('GET', 'GET job', '/api/v1/projects/:project/jobs/:job', handler)`: `:name` matches one path segment. */
export function route(method: string, name: string, template: string, handle: Route['handle']): Route {
  const keys: string[] = [];
  const source = template.replace(/:([a-zA-Z]+)/g, (_match, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { method, name, pattern: new RegExp(`^${source}/?$`), keys, handle };
}

/** The route for a request, with its decoded parameters; `malformed` when a segment cannot be decoded. */
export function match(routes: Route[], method: string, path: string): { route: Route; params: Params } | 'malformed' | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const found = candidate.pattern.exec(path);
    if (!found) continue;
    try {
      return { route: candidate, params: Object.fromEntries(candidate.keys.map((key, index) => [key, decodeURIComponent(found[index + 1]!)])) };
    } catch {
      return 'malformed';
    }
  }
  return undefined;
}

/** The JSON body of a request, or undefined when empty; throws `invalid()` when it is not JSON. */
export function parseJsonBody(body: Buffer, invalid: () => Error): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid();
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
