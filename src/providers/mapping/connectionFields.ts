import { z } from 'zod';
import { EventMapping } from './schema';

/** One segment of the resource key: no ":" and no spaces. */
const Account = z.string().regex(/^[\x21-\x39\x3B-\x7E]{1,200}$/, 'printable, without spaces or ":", at most 200 characters');

/** What every generic source's connection has besides its verification. */
export const genericSourceFields = {
  /** The account in its resource keys; absent: the connection's name (or `mapping.account`, read per event). */
  account: Account.optional(),
  mapping: EventMapping,
};

interface GenericSource {
  name: string;
  account?: string;
  mapping: EventMapping;
}

/** Either the connection fixes the account or the mapping reads it per event: both would leave it unclear. */
export function refineAccount(connection: GenericSource, context: z.RefinementCtx): void {
  if (connection.account !== undefined && connection.mapping.account !== undefined) {
    context.addIssue({ code: 'custom', path: ['account'], message: 'set account (one for every event) or mapping.account (read from each event), not both' });
  }
}

/** The account every resource key of this connection carries, or undefined when the mapping reads it from each event. */
export const fixedAccountOf = (connection: GenericSource): string | undefined => (connection.mapping.account !== undefined ? undefined : (connection.account ?? connection.name));
