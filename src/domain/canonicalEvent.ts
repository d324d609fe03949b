import { z } from 'zod';
import { Kind, ProviderPhase } from './phase';

/** Where a state came from: a provider's webhook, or our own GET when the webhook did not come. */
export const EventSource = z.enum(['webhook', 'poll']);
export type EventSource = z.infer<typeof EventSource>;

/** One provider event in Reelflow's words (DESIGN §3, contract). Dates travel as ISO strings. */
/** Provider words end up in search attributes (2 KiB max) and the UI: short and printable. */
const Word = z.string().min(1).max(200).regex(/^[\x20-\x7E]+$/, 'printable ASCII');

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
  related: z.array(z.string()).optional(),
});
export type CanonicalEvent = z.infer<typeof CanonicalEvent>;
