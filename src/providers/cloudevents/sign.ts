import { standardWebhookHeaders } from '../standardWebhooks/sign';
import type { CloudEventsVerify } from './connection';

/** The headers a CloudEvents sender adds so that this connection's `verify` accepts `body` (the first secret of a rotation). */
export function cloudEventsProofHeaders(verify: CloudEventsVerify, body: string): Record<string, string> {
  if (verify.scheme === 'standard-webhooks') return standardWebhookHeaders(verify.secret[0]!, body);
  return { [verify.secretHeader.toLowerCase()]: verify.secret[0]! };
}
