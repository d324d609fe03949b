/** A live stream's `streamKey` and `srtSecret` let anyone broadcast on it: they never reach workflow history or the state query. */
const BROADCAST_CREDENTIALS = ['streamKey', 'srtSecret'] as const;

/** The entity as FastPix sent or served it, minus its broadcast credentials. */
export function withoutCredentials<T>(data: T): T {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  const copy = { ...(data as Record<string, unknown>) };
  for (const field of BROADCAST_CREDENTIALS) delete copy[field];
  return copy as T;
}
