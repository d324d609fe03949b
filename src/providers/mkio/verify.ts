import { verifySharedSecret } from '../secretCompare';
import type { WebhookRequest } from '../types';
import type { MkioConnection } from './connection';

/**
 * MK.IO signs nothing: a rule carries a shared secret in a header (or query parameter) and
 * MK.IO sends it verbatim. We compare it in constant time against the configured secret(s).
 */
export function verifyMkio(request: WebhookRequest, connection: MkioConnection): void {
  const { secretHeader: header, secretQueryParam: queryParam } = connection;
  const missing = `missing shared secret (header ${header}${queryParam ? ` or query ${queryParam}` : ''})`;
  verifySharedSecret(request, { header, queryParam }, connection.secret, missing);
}
