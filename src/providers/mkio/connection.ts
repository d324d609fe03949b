import { z } from 'zod';
import { ConnectionName, SecretList } from '../secretSchema';
import { MkioReconcile } from './reconcileConfig';
import { MKIO_LIVE_RESOURCE_TYPES } from './source';
import { MKIO_EVENT_TYPES } from './eventTypes';

/** An MK.IO project whose webhook rule points at /webhooks/mkio/<name>. */
export const MkioConnection = z.strictObject({
  name: ConnectionName,
  provider: z.literal('mkio'),
  /** The MK.IO project; events from any other project are refused. Omit to take it from each event. */
  project: z.string().min(1).optional(),
  /** Value(s) of the shared secret MK.IO sends under `spec.authentication.headers`. */
  secret: SecretList,
  /** Header carrying the secret (MK.IO sends whatever the rule says; docs use X-Webhook-Secret). */
  secretHeader: z.string().min(1).default('X-Webhook-Secret'),
  /** Also accept the secret as this query parameter (`spec.authentication.queryParams`). */
  secretQueryParam: z.string().min(1).optional(),
  /** Base of the MK.IO API, used for polling and publishing; payload URLs are checked against it. */
  apiBaseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).default('https://app.mk.io'),
  /** Without it Reelflow cannot poll or publish: it then only follows webhooks. */
  apiToken: z.string().min(1).optional(),
  /**
   * Which API polls read this project's live resources through first: the Media API's
   * `/media/liveEvents` (default) or a Live API collection. On a 404 a poll looks in the others
   * (readLive) before calling the resource deleted, and logs where it found it.
   */
  liveApi: z.enum(['media', ...MKIO_LIVE_RESOURCE_TYPES]).optional(),
  /** The webhook rule `reelflow webhooks sync` manages and reconcile reads; default `reelflow-<name>`. */
  webhookRule: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,259}$/, 'an MK.IO name')
    .optional(),
  /** The event types that rule subscribes to; default all ten (a subset when the org lacks scheduled operations). */
  events: z
    .array(z.enum(MKIO_EVENT_TYPES, { error: `one of ${MKIO_EVENT_TYPES.join(', ')}` }))
    .min(1)
    .refine((types) => new Set(types).size === types.length, 'each event type once')
    .optional(),
  /** Reconcile from the rule's delivery history (on by default when it can poll); `false` turns it off. */
  reconcile: MkioReconcile.optional(),
});
export type MkioConnection = z.infer<typeof MkioConnection>;

/** Narrows a configured connection (validated by the schema above at load) to MK.IO's fields. */
export const isMkioConnection = <C extends { provider: string }>(connection: C | undefined): connection is C & MkioConnection => connection?.provider === 'mkio';
