import { MkioResource } from './cloudEvent';

/** What went wrong in a failed job, as MK.IO reports it: one entry per output with an error. */
export function mkioOutputErrors(resource: unknown): Array<{ code?: string; message?: string }> {
  const parsed = MkioResource.safeParse(resource);
  const outputs = parsed.success ? (parsed.data.properties?.outputs ?? []) : [];
  return outputs.flatMap((o) => (o.error ? [{ code: o.error.code, message: o.error.message }] : []));
}
