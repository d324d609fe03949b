import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';

/**
 * Where an HTTP answer becomes success or a Temporal failure. Messages name the status and the
 * URL's origin only: Slack and many receivers carry their secret in the path or query.
 */

export const FAILURE_TYPES = {
  retryable: 'NotifyRetryable',
  rateLimited: 'NotifyRateLimited',
  rejected: 'NotifyRejected',
  misconfigured: 'NotifyMisconfigured',
} as const;

/** Enough of a receiver's answer to say why it refused, not enough to fill history with it. */
export const BODY_SNIPPET_CHARS = 500;
/** A receiver asking for more than this is probably wrong; the retry policy takes over beyond it. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined if absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  // Date.parse('3') is a date in 2001: only digits are seconds, only a GMT date is a date.
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : /GMT$/.test(text) ? Date.parse(text) - now.getTime() : NaN;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

export interface HttpAnswer {
  status: number;
  retryAfter?: string | null;
  /** At most BODY_SNIPPET_CHARS of the body, already stripped of secrets. */
  body?: string;
}

/** The failure for a non-2xx answer, or undefined when the receiver took it. */
export function failureForAnswer(action: string, origin: string, answer: HttpAnswer, now: Date): ApplicationFailure | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) return undefined;
  const message = `${action} to ${origin}: HTTP ${status}${answer.body ? `: ${answer.body}` : ''}`;
  if (status === 429 || status === 503) {
    const delay = retryAfterMs(answer.retryAfter, now);
    if (delay !== undefined) {
      // Expected back-pressure: BENIGN keeps it out of error logs and metrics, and Temporal waits as asked.
      return ApplicationFailure.create({ message, type: FAILURE_TYPES.rateLimited, nextRetryDelay: delay, category: ApplicationFailureCategory.BENIGN });
    }
  }
  if (status === 408 || status === 429 || status >= 500) return ApplicationFailure.retryable(message, FAILURE_TYPES.retryable);
  // 3xx too: redirects are not followed (a POST would turn into a GET, or carry our headers elsewhere).
  return ApplicationFailure.nonRetryable(message, FAILURE_TYPES.rejected);
}

/**
 * The failure for a fetch that got no answer. Only the error's name and code go into the message:
 * fetch's own messages can quote the full URL or a header value.
 */
export function failureForFetchError(action: string, origin: string, error: unknown): ApplicationFailure {
  // Duck-typed: fetch's errors come from Node's realm, which `instanceof` in another (jest's) misses.
  const { name, cause } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError') return ApplicationFailure.retryable(`${action} to ${origin}: timed out`, FAILURE_TYPES.retryable);
  // Node's fetch reports every network failure as TypeError('fetch failed') with the reason as cause.
  if (name === 'TypeError' && cause !== undefined) {
    const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
    return ApplicationFailure.retryable(`${action} to ${origin}: network error${code}`, FAILURE_TYPES.retryable);
  }
  // Anything else was thrown before a request left (a URL or header fetch refuses): retrying cannot help.
  const label = typeof name === 'string' ? name : typeof error;
  return ApplicationFailure.nonRetryable(`${action} to ${origin}: request could not be built (${label}); check the URL and headers`, FAILURE_TYPES.misconfigured);
}

/** Reads the start of a body and drops the rest, so a huge error page costs nothing. */
export async function readBodyStart(response: Response, maxBytes = BODY_SNIPPET_CHARS * 4): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let bytes = 0; bytes < maxBytes;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short (timeout, reset) still leaves the status to report.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

/** Short strings are left alone: redacting "json" would only garble the message. */
const MIN_SECRET_CHARS = 8;

// eslint-disable-next-line no-control-regex
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]+/g;

/** Replaces each secret in receiver text (some receivers echo the request), then makes it one short line. */
export function bodySnippet(text: string, secrets: readonly string[]): string {
  const redacted = secrets
    .filter((secret) => secret.length >= MIN_SECRET_CHARS)
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  return redacted.replace(WHITESPACE_OR_CONTROL, ' ').trim().slice(0, BODY_SNIPPET_CHARS);
}

/** What of a URL may be secret: the path, its segments, the query and its values. */
export function urlSecrets(url: string): string[] {
  const { pathname, search, searchParams } = new URL(url);
  return [pathname, search, ...pathname.split('/'), ...searchParams.values()];
}

export interface DeliveryOptions {
  fetch?: typeof fetch;
  now?: () => Date;
  /** An outer cancellation (the activity's cancellationSignal); its reason is rethrown as is. */
  signal?: AbortSignal;
}

export interface Delivery {
  action: string;
  url: string;
  headers: Headers;
  body: string;
  timeout: number;
  /** Strings that must never reach a failure message, besides the URL's path and query. */
  secrets: readonly string[];
}

/** POSTs once and returns the 2xx status, or throws the ApplicationFailure Temporal should see. */
export async function deliver(delivery: Delivery, options: DeliveryOptions = {}): Promise<number> {
  const { action, url, timeout } = delivery;
  const origin = new URL(url).origin;
  const timeoutSignal = AbortSignal.timeout(timeout);
  const signal = options.signal ? AbortSignal.any([timeoutSignal, options.signal]) : timeoutSignal;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { method: 'POST', headers: delivery.headers, body: delivery.body, redirect: 'manual', signal });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    throw failureForFetchError(action, origin, error);
  }
  const now = (options.now ?? (() => new Date()))();
  if (response.status >= 200 && response.status < 300) {
    // Nobody reads a receiver's "ok"; dropping it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    return response.status;
  }
  const body = bodySnippet(await readBodyStart(response), [...delivery.secrets, ...urlSecrets(url)]);
  const failure = failureForAnswer(action, origin, { status: response.status, retryAfter: response.headers.get('retry-after'), body }, now);
  if (failure) throw failure;
  return response.status;
}
