/**
 * Why a hand-off to Temporal failed, which decides what the relay does next:
 * - `outage`: Temporal did not answer (down, paused, overloaded, deadline passed). Nothing is
 *   wrong with the event: retry without counting it toward maxAttempts, and slow down for everyone.
 * - `refused`: Temporal answered and said no (a payload it will not take). Retrying may not help:
 *   after `maxAttempts` the row becomes a dead letter.
 */
export type HandoffFailure = 'outage' | 'refused';

/** gRPC status codes that say the request itself is wrong, not the server's health. */
const REFUSED_CODES = new Set([
  3, // INVALID_ARGUMENT: e.g. a blob over the size limit
  11, // OUT_OF_RANGE
  12, // UNIMPLEMENTED
]);

function grpcCode(error: unknown): number | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'number') return e.code;
  }
  return undefined;
}

export function classifyHandoffError(error: unknown): HandoffFailure {
  const code = grpcCode(error);
  if (code !== undefined) return REFUSED_CODES.has(code) ? 'refused' : 'outage';
  // No gRPC status: the request never left this process (a payload the converter cannot encode).
  // A deadline of the SDK's own shows up as a gRPC code above, so this is the event's fault.
  const name = (error as Error | undefined)?.name ?? '';
  return /timeout|abort|connect/i.test(name) ? 'outage' : 'refused';
}
