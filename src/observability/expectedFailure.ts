/** Errors Reelflow raises on purpose: a Temporal ApplicationFailure, a Nexus HandlerError (a caller's bad input). */
const CLASSIFIED = new Set(['ApplicationFailure', 'HandlerError']);

/**
 * Which failures the logs say in one line: those Reelflow raised on purpose (a receiver's 4xx, a
 * provider's 5xx or 429, a bad `until`, a Nexus caller's bad key). Their type and message say it
 * all, and the workflow or the caller records them. Anything else (a TypeError, a client error) is
 * a surprise and keeps its stack.
 */
export function isExpectedFailure(error: unknown): error is Error {
  // By name: a workflow's failure reaches the logger through a worker thread, cloned into a plain Error.
  return error instanceof Error && CLASSIFIED.has(error.name);
}

/** `NotifyRejected: notify.http to https://hooks.example.com: HTTP 400`, one line. */
export function failureSummary(error: Error): string {
  const type = (error as { type?: unknown }).type;
  const message = error.message.replace(/\s*\n\s*/g, ' ');
  return typeof type === 'string' && type ? `${type}: ${message}` : message;
}

/** Failures an activity already logged in its own words: the SDK's generic line about them is said at debug. */
const reported = new WeakSet<Error>();

export function markReported(error: Error): void {
  reported.add(error);
}

export function wasReported(error: unknown): boolean {
  return error instanceof Error && reported.has(error);
}
