import { z } from 'zod';
import { Kind, ProviderPhase } from './phase';
import { EVENT_SOURCES } from './vocabulary';

export { readFromApi } from './vocabulary';

/**
 * Where a state came from: a provider's webhook, our own GET when the webhook did not come
 * (`poll`), or a GET asked at once because the provider's delivery history shows a lost webhook
 * (`reconcile`).
 */
export const EventSource = z.enum(EVENT_SOURCES);
export type EventSource = z.infer<typeof EventSource>;

/** Provider words end up in search attributes (2 KiB max) and the UI: short and printable. */
const Word = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x20-\x7E]+$/, 'printable ASCII');

/** One provider event in Reelflow's words (docs/architecture.md#canonical-event, a contract). Dates travel as ISO strings. */
export const CanonicalEvent = z.object({
  provider: z.string().min(1),
  connection: z.string().min(1),
  account: z.string().min(1).max(260),
  eventId: z.string().min(1).max(300),
  type: Word,
  key: z.string().min(1).max(1000),
  kind: Kind,
  id: z.string().min(1).max(600),
  state: Word,
  previousState: Word.optional(),
  phase: ProviderPhase,
  occurredAt: z.string(),
  receivedAt: z.string(),
  via: EventSource,
  /** The provider's URL or path for the resource, as sent; informational, never fetched blindly. */
  source: z.string().optional(),
  /** The resource as the provider sent it, for actions that need detail (output asset names...). */
  resource: z.unknown().optional(),
  /** Resources this event links to (a recording and its live stream); kept on both sides. */
  related: z.array(z.string().min(1).max(1000)).max(20).optional(),
  /**
   * Set when the event is about one aspect of the resource (a track, an AI summary, a
   * publication flag): `state` and `phase` are the aspect's, the resource's own stay as they are.
   */
  aspect: Word.optional(),
  /** `content-hash`: the platform sent no id, `eventId` is a SHA-256 of the body (see LifecyclePolicy.contentIds). */
  eventIdSource: z.enum(['provider', 'content-hash']).optional(),
});
export type CanonicalEvent = z.infer<typeof CanonicalEvent>;
