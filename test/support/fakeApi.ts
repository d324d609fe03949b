/** A JSON answer from a fake platform's API. */
export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Calls a fake's API as a client of the platform would: `authorization` (a full header value,
 * null for none) defaults to the client's own; bodies go as JSON and come back parsed.
 */
export function apiCaller(baseUrl: (path: string) => string, defaultAuthorization: string) {
  return async (method: string, path: string, body?: unknown, authorization: string | null = defaultAuthorization): Promise<Answer> => {
    const response = await fetch(`${baseUrl(path)}${path}`, {
      method,
      headers: { ...(authorization === null ? {} : { authorization }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const answer = { status: response.status, body: text ? JSON.parse(text) : undefined };
    // Headers ride along unenumerated: tests compare answers as plain data (toEqual).
    return Object.defineProperty(answer, 'headers', { value: response.headers, enumerable: false }) as Answer;
  };
}

export const bearer = (token: string | null): string | null => (token === null ? null : `Bearer ${token}`);

/** Fakes and receivers a test opened, closed after each test. */
export function closedAfterEach(): (...closables: Array<{ close(): Promise<void> }>) => void {
  let open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(open.map((closable) => closable.close()));
    open = [];
  });
  return (...closables) => open.push(...closables);
}
