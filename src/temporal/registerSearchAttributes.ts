import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, isGrpcServiceError, type ConnectionOptions } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { reelflowSearchAttributes } from './searchAttributes';

/** Temporal never became usable within the wait: said in one line, no stack (an operator's problem, not a bug). */
export class TemporalNotReadyError extends Error {
  override name = 'TemporalNotReadyError';
}

export interface EnsureSearchAttributesOptions {
  /** How long to keep trying while the server is unreachable or the namespace does not exist yet. */
  retryForMs?: number;
  /** One line per retry (a cluster still starting: compose's namespace job, a Helm install). */
  log?: (line: string) => void;
}

const DEFAULT_RETRY_FOR_MS = 120_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;
const CONNECT_TIMEOUT_MS = 3_000; // per attempt: a refused connection is retried by gRPC within it

/**
 * Registers the Reelflow search attributes that the namespace lacks. A fresh dev server
 * gets them from `--search-attribute`; this covers a reused server or a self-hosted cluster,
 * which may still be starting: an unreachable server or a namespace not created yet is
 * retried with a doubling delay for `retryForMs`, then a TemporalNotReadyError says which.
 * Returns the names it added.
 */
export async function ensureSearchAttributes(address: string | ConnectionOptions, namespace: string, options: EnsureSearchAttributesOptions = {}): Promise<string[]> {
  const connectionOptions = typeof address === 'string' ? { address } : address;
  const where = connectionOptions.address ?? 'localhost:7233';
  const retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS;
  const deadline = Date.now() + retryForMs;
  for (let attempt = 1, delay = FIRST_DELAY_MS; ; attempt++, delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      return await registerMissing(connectionOptions, namespace, Math.max(1, Math.min(CONNECT_TIMEOUT_MS, deadline - Date.now())));
    } catch (error) {
      const notReady = notReadyBecause(error as Error);
      if (!notReady) throw error instanceof UnreachableError ? error.cause : error;
      if (Date.now() + delay > deadline) throw new TemporalNotReadyError(giveUpLine(notReady, where, namespace, retryForMs));
      const waiting = notReady === 'no-namespace' ? `namespace "${namespace}" does not exist yet on ${where}` : `Temporal at ${where} is not reachable yet`;
      options.log?.(`${waiting}; registering Reelflow's search attributes again in ${seconds(delay)} (attempt ${attempt + 1})`);
      await sleep(delay);
    }
  }
}

async function registerMissing(connectionOptions: ConnectionOptions, namespace: string, connectTimeoutMs: number): Promise<string[]> {
  // lazy + ensureConnected, not connect: a failed connect would leave its channel redialling in the background.
  const connection = Connection.lazy({ ...connectionOptions, connectTimeout: connectTimeoutMs });
  try {
    await connection.ensureConnected().catch((error: Error) => {
      throw new UnreachableError(error);
    });
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = reelflowSearchAttributes.map((k) => k.name).filter((name) => !known.has(name));
    if (missing.length === 0) return [];
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD])),
    });
    return missing;
  } finally {
    await connection.close();
  }
}

/** The connection could not be made: no server answering at the address yet (or never). */
class UnreachableError extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** gRPC status codes (google.rpc.Code). */
const status = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;
const TRANSIENT = new Set<number>([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]);

type NotReady = 'unreachable' | 'no-namespace';

/** What waiting may cure, or undefined for a failure it will not (a bad API key, no permission, a bad request). */
function notReadyBecause(error: Error): NotReady | undefined {
  const grpcCode = (e: unknown) => (isGrpcServiceError(e) ? e.code : undefined);
  if (error instanceof UnreachableError) {
    // A server that answered with a refusal (UNAUTHENTICATED...) was reached: waiting will not help.
    const refusal = grpcCode(error.cause.cause);
    return refusal === undefined || TRANSIENT.has(refusal) ? 'unreachable' : undefined;
  }
  const code = grpcCode(error);
  if (code === status.NOT_FOUND) return 'no-namespace';
  return code !== undefined && TRANSIENT.has(code) ? 'unreachable' : undefined;
}

function giveUpLine(notReady: NotReady, where: string, namespace: string, retryForMs: number): string {
  const waited = `waited ${seconds(retryForMs)}`;
  return notReady === 'no-namespace'
    ? `namespace "${namespace}" does not exist on ${where} (${waited}): create it (temporal operator namespace create --namespace ${namespace}) or set TEMPORAL_NAMESPACE`
    : `Temporal at ${where} is unreachable (${waited}): is the server up, and TEMPORAL_ADDRESS right?`;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;
