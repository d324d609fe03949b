/**
 * What went wrong with a failed video, as Kinescope reports it: the `message` of its
 * `media.update.status` (e.g. "import error: code=610100, message=cannot download link: …"),
 * with the numeric code pulled out when the text carries one.
 */
export function kinescopeVideoErrors(resource: unknown): Array<{ code?: string; message?: string }> {
  if (!resource || typeof resource !== 'object') return [];
  const { status, message } = resource as { status?: unknown; message?: unknown };
  if (status !== 'error' && status !== 'aborted') return [];
  if (typeof message !== 'string' || message === '') return [{ message: `video ${status}` }];
  const code = /\bcode=(\d+)/.exec(message)?.[1];
  return [{ ...(code ? { code } : {}), message: message.slice(0, 500) }];
}
