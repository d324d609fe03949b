import { z } from 'zod';
import { PayloadError, payloadErrorFromZod } from '../errors';
import { headerValue } from '../headers';
import type { WebhookRequest } from '../types';

/** How the event came over HTTP (CloudEvents HTTP protocol binding 1.0, §3). */
export type CloudEventsMode = 'binary' | 'structured' | 'batch';

/** A batch is one request answered once: its events each become an inbox row, so their number is bounded. */
export const MAX_BATCH_EVENTS = 100;

/** The required context attributes and the optional ones Reelflow reads; extensions are kept as sent. */
const ContextAttributes = z.looseObject({
  specversion: z.string().refine((version) => version.startsWith('1.'), 'CloudEvents 1.x expected'),
  id: z.string().min(1, 'must not be empty').max(300, 'at most 300 characters'),
  source: z.string().min(1, 'must not be empty'),
  type: z.string().min(1, 'must not be empty'),
  subject: z.string().optional(),
  time: z.string().optional(),
  datacontenttype: z.string().optional(),
});

/** One CloudEvent in structured form (whatever its mode), and how its fields are named in errors. */
export interface ReceivedCloudEvent {
  event: z.infer<typeof ContextAttributes> & { data?: unknown };
  /** `ce-type` in binary mode, `[2].type` in a batch, `type` otherwise. */
  fieldName: (path: string) => string;
}

/** RFC 3986 percent-encoding of header values (binding §3.1.3.2); a value that is not valid encoding is kept as sent. */
function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The mode the headers alone say (a content type or `ce-*` attributes); undefined when only the body can tell. */
export function headerModeOf(headers: WebhookRequest['headers']): CloudEventsMode | undefined {
  const contentType = (headerValue(headers, 'content-type') ?? '').trim().toLowerCase();
  if (contentType.startsWith('application/cloudevents-batch+json')) return 'batch';
  if (contentType.startsWith('application/cloudevents+json')) return 'structured';
  if (headerValue(headers, 'ce-specversion') !== undefined || headerValue(headers, 'ce-id') !== undefined) return 'binary';
  return undefined;
}

export function modeOf(headers: WebhookRequest['headers'], json: unknown): CloudEventsMode {
  const mode = headerModeOf(headers);
  if (mode) return mode;
  // Some senders post a structured event as plain application/json (MK.IO does): its body says what it is.
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'specversion' in json) return 'structured';
  throw new PayloadError('ce-specversion', 'not a CloudEvent: no ce-* headers, and the body is neither application/cloudevents+json nor a batch');
}

function validated(candidate: unknown, fieldName: (path: string) => string): ReceivedCloudEvent {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) throw new PayloadError(fieldName('') || '(body)', 'expected a CloudEvent (a JSON object)');
  const parsed = ContextAttributes.safeParse(candidate);
  if (!parsed.success) throw payloadErrorFromZod(parsed.error.issues, fieldName);
  return { event: parsed.data, fieldName };
}

/** Binary mode: the attributes are `ce-*` headers, the body is the event's `data`. */
function binaryEvent(headers: WebhookRequest['headers'], data: unknown): ReceivedCloudEvent {
  const attributes: Record<string, unknown> = {};
  for (const name of Object.keys(headers)) {
    const text = headerValue(headers, name);
    if (name.startsWith('ce-') && name.length > 3 && text !== undefined) attributes[name.slice(3)] = percentDecoded(text);
  }
  const contentType = headerValue(headers, 'content-type');
  return validated({ ...attributes, ...(contentType ? { datacontenttype: contentType } : {}), data }, (path) => (path.startsWith('data') ? path : `ce-${path}`));
}

/**
 * The CloudEvents of one request, each in structured form so that one mapping reads them all
 * alike. Throws PayloadError naming the field (`ce-id`, `[3].type`) when one is not a CloudEvent.
 */
export function cloudEventsOf(json: unknown, headers: WebhookRequest['headers']): { mode: CloudEventsMode; events: ReceivedCloudEvent[] } {
  const mode = modeOf(headers, json);
  if (mode === 'binary') return { mode, events: [binaryEvent(headers, json)] };
  if (mode === 'structured') return { mode, events: [validated(json, (path) => path)] };
  if (!Array.isArray(json)) throw new PayloadError('(body)', 'a batch (application/cloudevents-batch+json) is a JSON array of events');
  if (json.length > MAX_BATCH_EVENTS) throw new PayloadError('(body)', `a batch of ${json.length} events; at most ${MAX_BATCH_EVENTS}`);
  return { mode, events: json.map((candidate, index) => validated(candidate, (path) => `[${index}]${path ? `.${path}` : ''}`)) };
}
